// THE one declaration of the API between the renderer and the main process (DESIGN.md §2).
// Each method: a zod schema for its request (main parses every request with it) and the type of its
// response; each job kind: the schema of its params (the runner and the worker parse them). Main
// registers exactly these handlers; the preload exposes exactly these methods as
// window.analytics.<domain>.<verb> from their names alone (channels.ts: the preload bundles no zod);
// the renderer's client is typed from here (type-only imports).
import { z } from 'zod';
import type { EventName, MethodName } from './channels';
import type { ErrorCode, ErrorData } from '../src-main/core/errors';
import type { AnalyticsSettings, SettingKey } from '../src-main/core/settings-schema';
import type { DbStatus } from '../src-main/core/types/status';
import type {
  ActivityReportData,
  DateRangeData,
  FigureData,
  OverviewReportData,
  QuestionsReportData,
  ReportLinkData,
  RetentionReportData,
  SeriesReportData,
  UsersReportData,
} from '../src-main/core/types/reports';
import type {
  CompileResult,
  DemoSummary,
  ExportResult,
  JobInfo,
  JobKind,
  JobProgress,
  JobResults,
  OrganizationPreviewData,
  OrganizationResult,
  SeedEventsResult,
} from '../src-main/core/types/jobs';
import type { HostKeyDetails } from '../src-main/core/types/ssh';

export type {
  DbStatus,
  ActivityReportData,
  DateRangeData,
  FigureData,
  OverviewReportData,
  QuestionsReportData,
  ReportLinkData,
  RetentionReportData,
  SeriesReportData,
  UsersReportData,
  CompileResult,
  DemoSummary,
  ExportResult,
  JobInfo,
  JobKind,
  JobProgress,
  JobResults,
  OrganizationPreviewData,
  OrganizationResult,
  SeedEventsResult,
  HostKeyDetails,
  AnalyticsSettings,
  SettingKey,
  ErrorCode,
  ErrorData,
  MethodName,
  EventName,
};

// ---- requests -------------------------------------------------------------------------------------

const TlsMode = z.enum(['disable', 'prefer', 'require', 'verify-full']);

/** A NUL byte cuts a file path short and PostgreSQL refuses it in text: refused before it reaches either. */
const NO_NUL = [(v: string) => !v.includes('\0'), 'must not contain a NUL character'] as const;
const FilePath = z
  .string()
  .trim()
  .min(1, 'a SQLite file path is required')
  .max(4096)
  .refine(...NO_NUL);

/** `SHA256:` and 43 base64 characters, as `ssh-keygen -l` prints a host key's fingerprint. */
const HostKeyFingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a host key fingerprint is SHA256: followed by 43 characters');

/** PostgreSQL through an SSH tunnel: the SSH server, its user and how they sign in. */
export const SshTunnelRequest = z
  .object({
    host: z.string().trim().min(1, 'the SSH host is required').max(255),
    port: z.number().int().min(1).max(65535).optional(),
    user: z.string().trim().min(1, 'the SSH user is required').max(255),
    auth: z.enum(['key', 'agent', 'password']),
    keyFile: z.string().trim().min(1, 'choose the private key file').max(4096).optional(),
    passphrase: z.string().max(4096).optional(),
    password: z.string().max(4096).optional(),
    /** The host key the moderator just checked; otherwise the one trusted earlier is used, and on first use the answer is HOST_KEY_UNKNOWN with the key to check. */
    hostKey: HostKeyFingerprint.optional(),
  })
  .strict()
  .refine((s) => s.auth !== 'key' || s.keyFile !== undefined, { message: 'choose the private key file', path: ['keyFile'] });
export type SshTunnelRequest = z.input<typeof SshTunnelRequest>;

export const ConnectRequest = z.discriminatedUnion('engine', [
  z.object({ engine: z.literal('sqlite'), path: FilePath, readOnly: z.boolean().optional() }),
  z.object({
    engine: z.literal('postgres'),
    url: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//i, 'a PostgreSQL URL starts with postgres:// or postgresql://')
      .optional(),
    host: z.string().trim().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    database: z.string().trim().min(1).optional(),
    user: z.string().trim().min(1).optional(),
    password: z.string().optional(),
    tls: TlsMode.optional(),
    readOnly: z.boolean().optional(),
    ssh: SshTunnelRequest.optional(),
  }),
]);
export type ConnectRequest = z.input<typeof ConnectRequest>;

/** The demo forum's size and its random seed (DEMO_DEFAULTS when not given). */
const DemoSize = z.object({ users: z.number().int().min(10).max(100_000), days: z.number().int().min(7).max(3650), seed: z.number().int() }).strict();

export const CreateDemoRequest = DemoSize.partial()
  .extend({
    /** Where to create the demo database; defaults to demo.sqlite in the app's data folder. */
    path: FilePath.optional(),
  })
  .strip();
export type CreateDemoRequest = z.input<typeof CreateDemoRequest>;

const Empty = z.object({}).strict();

/** A date range: a preset or a custom `YYYY-MM-DD..YYYY-MM-DD` (validated by the reports). */
const Dates = z.string().trim().min(1).max(40);

export const UsersReportRequest = z
  .object({
    segment: z.string().trim().max(200).optional(),
    dates: Dates.optional(),
    sort: z.string().max(40).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    query: z.string().max(200).optional(),
    page: z.number().int().min(1).max(1_000_000).optional(),
    compare: z.boolean().optional(),
  })
  .strict();
export type UsersReportRequest = z.input<typeof UsersReportRequest>;

export const ActivityReportRequest = z
  .object({
    activity: z.string().max(40).optional(),
    content: z.string().max(40).optional(),
    users: z.string().max(200).optional(),
    dates: Dates.optional(),
    after: z.string().max(500).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    /** Count every matching event (default: on the first page only). The view asks for it separately. */
    count: z.boolean().optional(),
  })
  .strict();
export type ActivityReportRequest = z.input<typeof ActivityReportRequest>;

export const SeriesReportRequest = z
  .object({ segment: z.string().trim().max(200).optional(), dates: Dates.optional(), metrics: z.array(z.string().max(40)).max(10).optional() })
  .strict();
export type SeriesReportRequest = z.input<typeof SeriesReportRequest>;

/** A users segment as the Users view knows it: `all-users` (default), a segment slug, `group:N`, `user:N`. */
const Segment = z.string().trim().max(200);

export const OverviewReportRequest = z.object({ segment: Segment.optional(), dates: Dates.optional() }).strict();
export type OverviewReportRequest = z.input<typeof OverviewReportRequest>;

/** The cohorts shown are the join months the range touches (default: last-6-months). */
export const RetentionReportRequest = z.object({ segment: Segment.optional(), dates: Dates.optional() }).strict();
export type RetentionReportRequest = z.input<typeof RetentionReportRequest>;

export const QuestionsFilter = z.enum(['asked', 'answered', 'answered-24h', 'unanswered']);
/** The questions behind the Overview's answering figures, newest first, 20 a page. */
export const QuestionsReportRequest = z
  .object({ segment: Segment.optional(), dates: Dates.optional(), which: QuestionsFilter.optional(), page: z.number().int().min(1).max(1_000_000).optional() })
  .strict();
export type QuestionsReportRequest = z.input<typeof QuestionsReportRequest>;

export const ExcludeStaffRequest = z.object({ excludeStaff: z.boolean() }).strict();
export type ExcludeStaffRequest = z.input<typeof ExcludeStaffRequest>;

/** What an export covers. `overview` and `retention`: the report for `segment` and `dates`; `all` adds an Overview sheet/section. */
const ExportWhat = z.enum(['users', 'activity', 'all', 'overview', 'retention']);

/** The view's current filters (those of report/users, report/activity, report/overview or report/retention). */
const ExportFilters = z
  .object({
    segment: z.string().trim().max(200).optional(),
    dates: Dates.optional(),
    sort: z.string().max(40).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    query: z.string().max(200).optional(),
    activity: z.string().max(40).optional(),
    content: z.string().max(40).optional(),
    users: z.string().max(200).optional(),
  })
  .strict();

const ALL_IS_ONE_FILE = { message: '"Export all" writes one workbook or one report: choose xlsx, html or pdf', path: ['format'] };

export const ExportRequest = ExportFilters.extend({ what: ExportWhat, format: z.enum(['csv', 'xlsx', 'html', 'pdf']) })
  .strict()
  .refine((r) => !(r.what === 'all' && r.format === 'csv'), ALL_IS_ONE_FILE);
export type ExportRequest = z.input<typeof ExportRequest>;

// ---- jobs -----------------------------------------------------------------------------------------

const BucketDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'from must be YYYY-MM-DD');

/**
 * Each job kind's params. The job runner refuses malformed params before a worker starts (INVALID_INPUT)
 * and the worker parses them again at its own boundary, so every kind's function gets them typed.
 */
export const JOB_PARAMS = {
  compile: z.object({ rebuild: z.boolean().optional(), from: BucketDate.optional() }).strict(),
  createGroups: z.object({}).strict(),
  seedEvents: z.object({}).strict(),
  seedDemo: DemoSize,
  /** `out`: the file the moderator chose; the save dialog already asked about replacing it. */
  export: z.object({ what: ExportWhat, format: z.enum(['csv', 'xlsx', 'html']), out: FilePath, filters: ExportFilters }).strict(),
  /** Runs in main (the print needs the app's browser engine): the export job's HTML report, then the print. */
  exportPdf: z.object({ what: ExportWhat, out: FilePath, filters: ExportFilters }).strict(),
} satisfies { [K in JobKind]: z.ZodType };

/** Each job kind's params and result: one map, from the params' schemas and core's result types. */
export type JobKinds = { [K in JobKind]: { params: z.output<(typeof JOB_PARAMS)[K]>; result: JobResults[K] } };
export type JobParams<K extends JobKind> = JobKinds[K]['params'];

/** The jobs the Home view starts: a kind and its params. */
export const JobStartRequest = z.discriminatedUnion('kind', [
  JOB_PARAMS.compile.extend({ kind: z.literal('compile') }),
  JOB_PARAMS.createGroups.extend({ kind: z.literal('createGroups') }),
  JOB_PARAMS.seedEvents.extend({ kind: z.literal('seedEvents') }),
]);
export type JobStartRequest = z.input<typeof JobStartRequest>;

export const SignInRequest = z.object({
  login: z
    .string()
    .trim()
    .min(1, 'enter a username or e-mail')
    .max(254)
    .refine(...NO_NUL),
  password: z.string().min(1, 'enter the password').max(4096),
});
export type SignInRequest = z.input<typeof SignInRequest>;

/**
 * The Settings form's values by key, as typed (main validates them whole: a SETTINGS error names each
 * key and problem, an unknown key included).
 */
export type SettingsDraft = { [K in SettingKey]?: unknown };
const SettingsDraft = z.custom<SettingsDraft>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'settings must be an object of settings by key');
export const SaveSettingsRequest = z.object({ settings: SettingsDraft }).strict();
export const GoogleAnalyticsKeyRequest = z
  .object({
    key: z
      .string()
      .trim()
      .max(255)
      .regex(/^[A-Za-z0-9-]*$/, 'a tracking ID has only letters, digits and dashes (e.g. UA-12345-1 or G-ABC123)'),
  })
  .strict();

export interface SettingsView {
  /** The profile's analytics settings, with Askbot's names (every key, defaults filled in). */
  settings: AnalyticsSettings;
  /** Problems found against the database (e.g. a named segment's group that is not used for analytics). */
  problems: Array<{ key: string; problem: string }>;
  /** livesettings EXTERNAL_KEYS / GOOGLE_ANALYTICS_KEY ('' when not set). */
  googleAnalyticsKey: string;
  /** Only administrators may change the tracking ID, and only on a writable connection. */
  canEditGoogleAnalyticsKey: boolean;
}

export const SaveProfileRequest = z
  .object({
    id: z.string().uuid().optional(),
    name: z.string().trim().min(1, 'give the connection a name').max(100),
    connection: ConnectRequest,
    /** Keep the password (encrypted with the OS keychain); refused when encryption is unavailable. */
    savePassword: z.boolean().optional(),
  })
  .strict();
export type SaveProfileRequest = z.input<typeof SaveProfileRequest>;

export interface ProfileSummary {
  id: string;
  name: string;
  engine: 'sqlite' | 'postgres';
  /** The path, or the PostgreSQL URL/host without the password. */
  target: string;
  hasSavedPassword: boolean;
  demo: boolean;
  /** Connected through an SSH tunnel: the SSH login, how it signs in, whether its password/passphrase is saved. */
  ssh?: { label: string; auth: 'key' | 'agent' | 'password'; hasSavedSecret: boolean };
}

export interface ProfileList {
  profiles: ProfileSummary[];
  /** Whether passwords can be saved (Electron safeStorage available). */
  passwordStorage: boolean;
  /** The profile whose database is open, if any. */
  activeId: string | null;
}

export interface SignedInUser {
  id: number;
  username: string;
  role: 'administrator' | 'moderator';
}

export interface ReportOptions {
  presets: string[];
  activitySegments: Array<{ key: string; label: string }>;
  /** Today in the analytics time zone. */
  today: string;
  /** Users segments at the top level (named segments, the default one, all users). */
  segments: Array<{ key: string; name: string }>;
  /** The organizations (`group:N`, name order): analytics groups outside named segments, as the Users view's second level lists them. */
  organizations: Array<{ key: string; name: string }>;
  /** Administrators, moderators and superusers are left out of every report, chart and export (settings/setExcludeStaff). */
  excludeStaff: boolean;
}

// ---- responses ------------------------------------------------------------------------------------

export interface ConnectionInfo {
  /** The saved profile this connection belongs to (profile-less connections get none). */
  profileId?: string;
  engine: 'sqlite' | 'postgres';
  database: string;
  readOnly: boolean;
  status: DbStatus;
  /** Demo databases only: the accounts to sign in with. */
  demoAccounts?: Array<{ username: string; password: string; role: string }>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

// ---- the contract ---------------------------------------------------------------------------------

interface MethodSpec<Req extends z.ZodType = z.ZodType, Res = unknown> {
  request: Req;
  /** Phantom: the response type. */
  response?: Res;
}
const method = <Req extends z.ZodType>(request: Req) => ({
  returns: <Res>(): MethodSpec<Req, Res> => ({ request }),
});

export const contract = {
  'db/connect': method(ConnectRequest).returns<ConnectionInfo>(),
  'db/createDemo': method(CreateDemoRequest).returns<ConnectionInfo>(),
  'db/current': method(Empty).returns<ConnectionInfo | null>(),
  'db/status': method(Empty).returns<DbStatus>(),
  'db/disconnect': method(Empty).returns<null>(),
  /** The native open-file dialog for a SQLite database; null when cancelled. */
  'dialog/openSqliteFile': method(Empty).returns<string | null>(),
  'profiles/list': method(Empty).returns<ProfileList>(),
  'profiles/save': method(SaveProfileRequest).returns<ProfileList>(),
  'profiles/delete': method(z.object({ id: z.string().uuid() }).strict()).returns<ProfileList>(),
  /** `sshSecret`: the SSH password or key passphrase when not saved; `trustHostKey`: the fingerprint the moderator checked (remembered once it connects). */
  'profiles/open': method(
    z
      .object({
        id: z.string().uuid(),
        password: z.string().max(4096).optional(),
        sshSecret: z.string().max(4096).optional(),
        trustHostKey: HostKeyFingerprint.optional(),
      })
      .strict(),
  ).returns<ConnectionInfo>(),
  'settings/get': method(Empty).returns<SettingsView>(),
  'settings/save': method(SaveSettingsRequest).returns<SettingsView>(),
  'settings/setGoogleAnalyticsKey': method(GoogleAnalyticsKeyRequest).returns<SettingsView>(),
  /** The "Leave staff out" switch (EXCLUDE_STAFF), remembered with the saved connection; answers the value now in force. */
  'settings/setExcludeStaff': method(ExcludeStaffRequest).returns<{ excludeStaff: boolean }>(),
  'auth/signIn': method(SignInRequest).returns<SignedInUser>(),
  'auth/signOut': method(Empty).returns<null>(),
  'auth/current': method(Empty).returns<SignedInUser | null>(),
  'report/options': method(Empty).returns<ReportOptions>(),
  'report/users': method(UsersReportRequest).returns<UsersReportData>(),
  'report/activity': method(ActivityReportRequest).returns<ActivityReportData>(),
  'report/series': method(SeriesReportRequest).returns<SeriesReportData>(),
  /** Forum health for a range and a users segment, each figure beside the previous period's. */
  'report/overview': method(OverviewReportRequest).returns<OverviewReportData>(),
  /** Members by join month (rows) and the share active in each following month (columns). */
  'report/retention': method(RetentionReportRequest).returns<RetentionReportData>(),
  /** The questions behind the answering figures (asked, answered, answered within 24 h, unanswered). */
  'report/questions': method(QuestionsReportRequest).returns<QuestionsReportData>(),
  /** Cancels the reports running now (PostgreSQL: their statements); they answer CANCELLED. */
  'report/cancel': method(Empty).returns<{ cancelled: number }>(),
  'groups/preview': method(Empty).returns<OrganizationPreviewData>(),
  'job/start': method(JobStartRequest).returns<JobInfo>(),
  /** Asks where to save (null when the moderator cancels the dialog), then exports as a job with progress and Cancel (PDF: the HTML report in the worker, then the print in main). */
  'export/start': method(ExportRequest).returns<JobInfo | null>(),
  'job/cancel': method(z.object({ jobId: z.string().uuid() })).returns<JobInfo>(),
  'job/list': method(Empty).returns<JobInfo[]>(),
  /** Forgets the trusted host key of an SSH server (after a HOST_KEY_CHANGED its administrator explained): the next connection shows the new key to check. */
  'ssh/forgetHostKey': method(
    z.object({ host: z.string().trim().min(1).max(255), port: z.number().int().min(1).max(65535).optional() }).strict(),
  ).returns<null>(),
} satisfies { [M in MethodName]: MethodSpec };

/** Events main pushes to the renderer: every job's progress and end. */
export type Events = { [E in EventName]: JobInfo };

// ---- derived types --------------------------------------------------------------------------------

type Contract = typeof contract;
export type RequestOf<M extends MethodName> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends MethodName> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends MethodName> = Contract[M] extends MethodSpec<z.ZodType, infer R> ? R : never;

type DomainOf<M> = M extends `${infer D}/${string}` ? D : never;
export type Domain = DomainOf<MethodName>;

/** window.analytics: one function per method, grouped by domain, plus event subscriptions. */
export type AnalyticsApi = {
  [D in Domain]: {
    [M in MethodName as M extends `${D}/${infer V}` ? V : never]: (request: RequestOf<M>) => Promise<Result<ResponseOf<M>>>;
  };
} & {
  events: { [E in keyof Events as E extends `${infer D}/${infer V}` ? `${D}${Capitalize<V>}` : never]: (listener: (payload: Events[E]) => void) => () => void };
};

// Pure data types of jobs and organizations (the plan of create-groups), shared with the renderer through
// the IPC contract: each job kind's result, its progress and the JobInfo main pushes while it runs.
import type { ErrorData } from '../errors';

/** A job's progress, the one shape every job reports (the app's progress bar, the CLI's). */
export interface JobProgress {
  step: string;
  done: number;
  total: number;
}

/** How a job is steered: the one cancellation idiom (an AbortSignal, see core/cancel.ts) and progress. */
export interface JobControls {
  /** Aborted when the job is cancelled: it stops at its next batch boundary and throws CANCELLED. */
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

// ---- results --------------------------------------------------------------------------------------

export interface ClearedCounts {
  summaryRowsDeleted: number;
  eventsMarkedUnsummarized: number;
  sessionsMarkedPending: number;
}

export interface CompileResult {
  now: string;
  /** Hours before this instant were compiled. */
  compiledUpTo: string;
  rebuild: boolean;
  from: string | null;
  batches: number;
  rows: { hourly_user: number; daily_user: number; hourly_group: number; daily_group: number };
  events_summarized: number;
  sessions_summarized: number;
  cleared: ClearedCounts | null;
  indexes_created: string[];
  duration_ms: number;
}

export interface OrganizationResult extends OrganizationPlan {
  /** Ids of the groups the run created, in plan order. */
  createdGroupIds: number[];
  /** Group summaries were rebuilt afterwards (only when memberships or flags changed). */
  summariesRebuilt: boolean;
}

export interface SeedEventsResult {
  sessionsAdded: number;
  /** Existing sessions that new activity joined (their start or end moved to cover it). */
  sessionsExtended: number;
  eventsAdded: number;
  /** Events added per Askbot event type name. */
  eventsByType: Record<string, number>;
}

export interface DemoSummary {
  seed: number;
  days: number;
  from: string;
  to: string;
  users: number;
  blockedUsers: number;
  admin: { username: string };
  moderator: { username: string };
  organizationGroups: number;
  namedSegmentGroups: Array<{ id: number; name: string }>;
  threads: number;
  answers: number;
  comments: number;
  votes: number;
  questionViews: number;
  sessions: number;
  events: number;
}

/** The file formats the export job writes (PDF is its HTML report printed by the app). */
export type ExportFormat = 'csv' | 'xlsx' | 'html';

export interface ExportResult<F extends string = ExportFormat> {
  file: string;
  format: F;
  /** Data rows written (total rows excluded). */
  rows: number;
  bytes: number;
  /** The file name the app would suggest for this export. */
  suggestedName: string;
}

/** What each job kind answers once done. */
export interface JobResults {
  compile: CompileResult;
  createGroups: OrganizationResult;
  seedEvents: SeedEventsResult;
  /** The demo opens with real numbers: the forum is seeded, then compiled. */
  seedDemo: DemoSummary & { compiled: CompileResult };
  export: ExportResult;
  /** The HTML report written by the export job, then printed to PDF by the app. */
  exportPdf: ExportResult<'pdf'>;
}
export type JobKind = keyof JobResults;

// ---- the job as the UI follows it ---------------------------------------------------------------

interface JobInfoOf<K extends string, R> extends JobProgress {
  jobId: string;
  kind: K;
  state: JobState;
  startedAt: string;
  finishedAt?: string;
  /** The job's summary once done, typed by its kind. */
  result?: R;
  error?: ErrorData;
}

/** A job of any of `Results`' kinds, discriminated by `kind` (the runner is generic: tests run their own kinds). */
export type JobInfoIn<Results, K extends keyof Results & string = keyof Results & string> = { [P in K]: JobInfoOf<P, Results[P]> }[K];

/** A job of the app, discriminated by `kind`: narrowing `kind` types `result`. */
export type JobInfo<K extends JobKind = JobKind> = JobInfoIn<JobResults, K>;

export interface OrganizationPlanItem {
  /** The group's name: the existing group's own spelling, or the name to create. */
  name: string;
  /** The e-mail domains (lower case; '' for users without one) whose users join this group. */
  domains: string[];
  /** `create`: a new group; `flag`: an existing group gets used_for_analytics; `keep`: already flagged. */
  action: 'create' | 'flag' | 'keep';
  /** The existing group's id (null for a group to create). */
  groupId: number | null;
  /** True when only a plain Django `auth_group` exists and its `askbot_group` row will be added. */
  addsAskbotGroup: boolean;
  /** Users of these domains. */
  users: number;
  /** Users who are not yet members (they gain a membership). */
  newMembers: number;
}

export interface OrganizationPlan {
  groups: OrganizationPlanItem[];
  toCreate: number;
  toFlag: number;
  newMemberships: number;
}

/** What the app's preview shows: the plan, and whether the setting allows running it. */
export interface OrganizationPreviewData extends OrganizationPlan {
  enabled: boolean;
}

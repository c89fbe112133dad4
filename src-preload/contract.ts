// THE one declaration of the API between the renderer and the main process (DESIGN.md §2).
// Each method: a zod schema for its request (main parses every request with it) and the type of its
// response. The preload exposes exactly these methods as window.analytics.<domain>.<verb>, main
// registers exactly these handlers, and the renderer's client is typed from here.
import { z } from 'zod';
import type { DbStatus } from '../src-main/core/types/status';

export type { DbStatus };

// ---- requests -------------------------------------------------------------------------------------

const TlsMode = z.enum(['disable', 'prefer', 'require', 'verify-full']);

export const ConnectRequest = z.discriminatedUnion('engine', [
  z.object({ engine: z.literal('sqlite'), path: z.string().trim().min(1, 'a SQLite file path is required'), readOnly: z.boolean().optional() }),
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
  }),
]);
export type ConnectRequest = z.input<typeof ConnectRequest>;

export const CreateDemoRequest = z.object({
  /** Where to create the demo database; defaults to demo.sqlite in the app's data folder. */
  path: z.string().trim().min(1).optional(),
  users: z.number().int().min(10).max(100_000).optional(),
  days: z.number().int().min(7).max(3650).optional(),
  seed: z.number().int().optional(),
});
export type CreateDemoRequest = z.input<typeof CreateDemoRequest>;

const Empty = z.object({}).strict();

// ---- responses ------------------------------------------------------------------------------------

export interface ConnectionInfo {
  engine: 'sqlite' | 'postgres';
  database: string;
  readOnly: boolean;
  status: DbStatus;
  /** Demo databases only: the accounts to sign in with. */
  demoAccounts?: Array<{ username: string; password: string; role: string }>;
}

export interface ErrorData {
  code: string;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

// ---- the contract ---------------------------------------------------------------------------------

interface MethodSpec<Req extends z.ZodType, Res> {
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
};

/** Events main pushes to the renderer. */
export interface Events {
  'job/progress': { jobId: string; step: string; done: number; total: number };
}
export const EVENT_NAMES = ['job/progress'] as const satisfies ReadonlyArray<keyof Events>;

// ---- derived types --------------------------------------------------------------------------------

type Contract = typeof contract;
export type MethodName = keyof Contract;
export type RequestOf<M extends MethodName> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends MethodName> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends MethodName> = Contract[M] extends MethodSpec<z.ZodType, infer R> ? R : never;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

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

/** The IPC channel of a method or event (only main and preload use it). */
export const channelOf = (name: MethodName | keyof Events) => `aac:${name}`;

// PostgreSQL through pg. Sessions run in UTC (as Django's do with USE_TZ), timestamps/dates/intervals
// come back as text so that microseconds and calendar dates survive, bigint/numeric as numbers.
import pg from 'pg';
import { AppError } from '../errors';
import { postgresDialect, type TimeSettings } from './dialect';
import type { Db, Row } from './types';
import { sql, type Sql } from './sql';

export type TlsMode = 'disable' | 'prefer' | 'require' | 'verify-full';

/** Where a PostgreSQL database is and how to reach it: a URL, or (without one) its parts. */
export interface PostgresTarget {
  url?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  tls?: TlsMode;
}

export interface PostgresOptions extends PostgresTarget {
  /** PEM text of a CA to trust (verify-full with a private CA). */
  caCert?: string;
  readOnly?: boolean;
  time: TimeSettings;
  /** Pool size; the app's worker and reports share one pool per profile. */
  max?: number;
  /** The SSH tunnel the pool connects through (postgres-ssh.ts): closed with the pool, and named when it drops. */
  tunnel?: { lost(): string | undefined; close(): Promise<void> };
  /** Overrides the description (a tunnelled pool connects to 127.0.0.1 but is described by its real target). */
  description?: string;
  /** The host name the server's certificate must carry (verify-full through a tunnel). */
  tlsServername?: string;
}

const { types } = pg;
const asText = (v: string) => v;
const typeParsers: Record<number, (v: string) => unknown> = {
  [types.builtins.TIMESTAMPTZ]: asText,
  [types.builtins.TIMESTAMP]: asText,
  [types.builtins.DATE]: asText,
  [types.builtins.INTERVAL]: asText,
  [types.builtins.INT8]: (v) => Number(v),
  [types.builtins.NUMERIC]: (v) => Number(v),
};
const customTypes = {
  getTypeParser: ((oid: number, format?: string) => typeParsers[oid] ?? types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

export function describePostgres(o: Pick<PostgresOptions, 'url' | 'host' | 'port' | 'database' | 'user'>): string {
  if (o.url) {
    try {
      const u = new URL(o.url);
      if (u.password) u.password = '***';
      return u.toString();
    } catch {
      return 'postgres (unparsable URL)';
    }
  }
  return `postgres://${o.user ?? ''}@${o.host ?? 'localhost'}:${o.port ?? 5432}/${o.database ?? ''}`;
}

function sslConfig(o: PostgresOptions): pg.ClientConfig['ssl'] {
  switch (o.tls) {
    case undefined:
    case 'disable':
      return undefined;
    case 'prefer':
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      // Through a tunnel the socket goes to 127.0.0.1: the certificate is checked against the real host name.
      return { rejectUnauthorized: true, ...(o.caCert ? { ca: o.caCert } : {}), ...(o.tlsServername ? { servername: o.tlsServername } : {}) };
  }
}

export async function openPostgres(o: PostgresOptions): Promise<Db> {
  const description = o.description ?? describePostgres(o);
  const pool = new pg.Pool({
    ...(o.url ? { connectionString: o.url } : { host: o.host, port: o.port, database: o.database, user: o.user, password: o.password }),
    ...(o.tls && o.tls !== 'disable' ? { ssl: sslConfig(o) } : {}),
    max: o.max ?? 4,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // No JIT compilation: our statements run once per request or batch, and one whose cost estimate
    // passes jit_above_cost paid the compile on every call and ran no faster. Debian's PostgreSQL 15
    // (jit on by default): a 1M-event compile's month batch JIT-compiled three statements for 0.2-0.45 s
    // (60-odd functions for one that runs once); at 5M events the Overview's answering health with
    // staff left out took 1016 ms with JIT, 73 ms without.
    options: '-c TimeZone=UTC -c jit=off',
    types: customTypes,
  });
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  });
  // A connection that drops while checked out (server gone, SSH tunnel closed) fails its queries; its
  // 'error' event must not also crash the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  let readOnly = o.readOnly ?? false;
  try {
    const row = (await pool.query<{ standby: boolean; ro: string }>(`SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') AS ro`))
      .rows[0];
    if (row?.standby || row?.ro === 'on') readOnly = true;
    if (!readOnly) {
      // A login that may only read the analytics tables is a read-only connection too.
      const priv = await pool
        .query<{ w: boolean | null }>(
          `SELECT CASE WHEN to_regclass('askbot_event') IS NULL THEN NULL
                  ELSE has_table_privilege(current_user, 'askbot_event', 'UPDATE')
                   AND has_table_privilege(current_user, 'askbot_hourlyusersummary', 'INSERT') END AS w`,
        )
        .catch(() => ({ rows: [{ w: null }] }));
      if (priv.rows[0]?.w === false) readOnly = true;
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw tunnelLost(o.tunnel, description) ?? connectionError(err, description);
  }
  return new PostgresDb(pool, undefined, description, readOnly, o.time, undefined, o.tunnel);
}

/** The error for a statement that failed because the SSH tunnel under the connection dropped. */
function tunnelLost(tunnel: PostgresOptions['tunnel'], description: string): AppError | undefined {
  const reason = tunnel?.lost();
  return reason
    ? new AppError('CONNECTION', `The connection to ${description} was lost: ${reason}. Connect again once the SSH server is reachable.`)
    : undefined;
}

/** Plain-words messages for the usual ways a PostgreSQL connection fails. */
export function connectionError(err: unknown, description: string): AppError {
  const e = err as { code?: string; message?: string };
  const msg = e.message ?? String(err);
  switch (e.code) {
    case 'ECONNREFUSED':
      return new AppError('CONNECTION', `PostgreSQL is not reachable at ${description}: connection refused`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AppError('CONNECTION', `PostgreSQL host not found for ${description}`);
    case 'ETIMEDOUT':
      return new AppError('CONNECTION', `PostgreSQL did not answer in time at ${description}`);
    case '28P01':
      return new AppError('AUTH', `Wrong user name or password for ${description}`);
    case '28000':
      return new AppError('AUTH', `PostgreSQL refused the login for ${description}: ${msg}`);
    case '3D000':
      return new AppError('CONNECTION', `The database does not exist: ${description}`);
    default:
      if (/timeout/i.test(msg)) return new AppError('CONNECTION', `PostgreSQL did not answer in time at ${description}`);
      if (/SSL|TLS|certificate/i.test(msg)) return new AppError('CONNECTION', `TLS problem connecting to ${description}: ${msg}`);
      return new AppError('CONNECTION', `Cannot connect to ${description}: ${msg}`);
  }
}

class PostgresDb implements Db {
  readonly engine = 'postgres' as const;
  readonly dialect;
  private depth = 0;
  private readonly active = new Set<pg.PoolClient | pg.Pool>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly client: pg.PoolClient | undefined,
    readonly description: string,
    readonly readOnly: boolean,
    private readonly time: TimeSettings,
    private readonly root?: PostgresDb,
    private readonly tunnel?: PostgresOptions['tunnel'],
  ) {
    this.dialect = postgresDialect(time);
  }

  /**
   * A transaction's client runs one statement at a time: statements its callers issue together (a report's
   * parts under Promise.all) wait their turn here, as pg would queue them, but without pg's deprecation
   * of that queue (it goes in pg 9).
   */
  private clientQueue: Promise<unknown> = Promise.resolve();

  private onClient(client: pg.PoolClient, text: string, values: unknown[] = []) {
    const turn = this.clientQueue.then(() => client.query(text, values));
    this.clientQueue = turn.catch(() => undefined);
    return turn;
  }

  private async query(query: Sql | string) {
    const { text, values } = typeof query === 'string' ? { text: query, values: [] } : query.numbered();
    try {
      return this.client ? await this.onClient(this.client, text, values) : await this.pool.query(text, values);
    } catch (err) {
      const e = err as { code?: string };
      if (e.code === '57014') throw new AppError('CANCELLED', 'The statement was cancelled');
      if (e.code === '25006' || e.code === '42501') {
        throw new AppError('READ_ONLY', `The connection may not write: ${(err as Error).message}`);
      }
      throw tunnelLost((this.root ?? this).tunnel, this.description) ?? err;
    }
  }

  async all<T = Row>(query: Sql): Promise<T[]> {
    return (await this.query(query)).rows as T[];
  }

  async one<T = Row>(query: Sql): Promise<T | undefined> {
    return (await this.query(query)).rows[0] as T | undefined;
  }

  async run(query: Sql): Promise<number> {
    return (await this.query(query)).rowCount ?? 0;
  }

  async exec(script: string): Promise<void> {
    await this.query(script);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.client) {
      // Nested: a savepoint on the same client.
      const sp = `aac_sp_${this.depth++}`;
      await this.onClient(this.client, `SAVEPOINT ${sp}`);
      try {
        const r = await fn(this);
        await this.onClient(this.client, `RELEASE SAVEPOINT ${sp}`);
        return r;
      } catch (err) {
        await this.onClient(this.client, `ROLLBACK TO SAVEPOINT ${sp}`).catch(() => undefined);
        throw err;
      } finally {
        this.depth--;
      }
    }
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw tunnelLost((this.root ?? this).tunnel, this.description) ?? connectionError(err, this.description);
    }
    const root = this.root ?? this;
    root.active.add(client);
    try {
      await client.query('BEGIN');
      const tx = new PostgresDb(this.pool, client, this.description, this.readOnly, this.time, root);
      const r = await fn(tx);
      await client.query('COMMIT');
      return r;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      root.active.delete(client);
      client.release();
    }
  }

  /** Cancels statements running in transactions of this handle (pg_cancel_backend from another session). */
  async cancelRunning(): Promise<void> {
    const root = this.root ?? this;
    const pids = [...root.active].map((c) => (c as unknown as { processID?: number }).processID).filter((p): p is number => typeof p === 'number');
    if (pids.length === 0) return;
    const { text, values } = sql`SELECT pg_cancel_backend(pid) FROM unnest(${pids}::int[]) AS pid`.numbered();
    await this.pool.query(text, values).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.root) return;
    await this.pool.end();
    await this.tunnel?.close();
  }
}

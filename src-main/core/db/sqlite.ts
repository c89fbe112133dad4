// SQLite through better-sqlite3: foreign keys on (as Django does), WAL, a busy timeout.
import Database from 'better-sqlite3';
import { existsSync, accessSync, constants } from 'node:fs';
import { AppError } from '../errors';
import { sqliteDialect, sqliteLocalTimeFunctions, type TimeSettings } from './dialect';
import { toSqlitePlaceholders } from './placeholders';
import type { Db, Row } from './types';

export interface SqliteOptions {
  path: string;
  time: TimeSettings;
  readOnly?: boolean;
  /** Create the file when it does not exist (only the demo/init path does this). */
  create?: boolean;
  busyTimeoutMs?: number;
}

export function openSqlite(opts: SqliteOptions): Db {
  const exists = opts.path === ':memory:' || existsSync(opts.path);
  if (!exists && !opts.create) {
    throw new AppError('CONNECTION', `SQLite database file not found: ${opts.path}`);
  }
  let readOnly = opts.readOnly ?? false;
  if (exists && !readOnly && opts.path !== ':memory:') {
    try {
      accessSync(opts.path, constants.W_OK);
    } catch {
      readOnly = true; // a file we may not write is opened read-only: reports work, jobs refuse
    }
  }
  let raw: Database.Database;
  try {
    raw = new Database(opts.path, { readonly: readOnly, fileMustExist: !opts.create, timeout: opts.busyTimeoutMs ?? 5000 });
    raw.pragma('foreign_keys = ON');
    if (!readOnly && opts.path !== ':memory:') raw.pragma('journal_mode = WAL');
    raw.prepare('SELECT count(*) FROM sqlite_master').get(); // fails here on a file that is not SQLite
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/not a database|file is (encrypted|not a database)/i.test(msg)) {
      throw new AppError('NOT_ASKBOT', `${opts.path} is not a SQLite database`);
    }
    throw new AppError('CONNECTION', `Cannot open SQLite database ${opts.path}: ${msg}`);
  }
  if (!opts.time.useTz && opts.time.timeZone !== 'UTC') {
    for (const [name, fn] of Object.entries(sqliteLocalTimeFunctions(opts.time.timeZone))) {
      raw.function(name, { deterministic: true }, fn as (...a: unknown[]) => unknown);
    }
  }
  return new SqliteDb(raw, opts.path, readOnly, opts.time);
}

class SqliteDb implements Db {
  readonly engine = 'sqlite' as const;
  readonly dialect;
  private readonly cache = new Map<string, Database.Statement>();
  private depth = 0;

  constructor(
    readonly raw: Database.Database,
    readonly description: string,
    readonly readOnly: boolean,
    time: TimeSettings,
  ) {
    this.dialect = sqliteDialect(time);
  }

  private prepare(sql: string, params: readonly unknown[]) {
    const converted = toSqlitePlaceholders(sql, params);
    let stmt = this.cache.get(converted.sql);
    if (!stmt) {
      stmt = this.raw.prepare(converted.sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(converted.sql, stmt);
    }
    return { stmt, params: converted.params.map(bindable) };
  }

  async all<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const { stmt, params: p } = this.prepare(sql, params);
    if (!stmt.reader) {
      stmt.run(...p);
      return [];
    }
    return stmt.all(...p) as T[];
  }

  async one<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    const { stmt, params: p } = this.prepare(sql, params);
    if (!stmt.reader) {
      stmt.run(...p);
      return undefined;
    }
    return stmt.get(...p) as T | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const { stmt, params: p } = this.prepare(sql, params);
    if (stmt.reader) return stmt.all(...p).length; // e.g. INSERT … RETURNING
    return stmt.run(...p).changes;
  }

  async exec(script: string): Promise<void> {
    this.raw.exec(script);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const savepoint = `aac_sp_${this.depth}`;
    // IMMEDIATE takes the write lock at once, so two writers never deadlock half-way.
    this.raw.exec(this.depth === 0 ? (this.readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE') : `SAVEPOINT ${savepoint}`);
    this.depth++;
    try {
      const result = await fn(this);
      this.depth--;
      this.raw.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (err) {
      this.depth--;
      if (this.depth === 0) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      } else {
        this.raw.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      }
      throw err;
    }
  }

  async cancelRunning(): Promise<void> {
    // better-sqlite3 runs statements synchronously; cancellation happens between batches.
  }

  async close(): Promise<void> {
    if (this.raw.open) this.raw.close();
  }
}

function bindable(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined) return null;
  return v;
}

// SQLite through better-sqlite3: foreign keys on (as Django does) and a busy timeout. The forum's file
// is the live site: its journal mode is the forum's and is never switched, and a connection that only
// reads writes nothing to it. A file that is empty or not SQLite is refused before SQLite touches it.
import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../errors';
import { sqliteDialect, sqliteLocalTimeFunctions, type TimeSettings } from './dialect';
import type { Sql } from './sql';
import { TransactionGate } from './transaction-gate';
import type { Db, Row } from './types';

// URI file names (read by better-sqlite3 before it opens its first database) are needed for one case
// below: `immutable=1`. Plain paths are passed absolute, so none is ever read as a URI by accident.
process.env.SQLITE_USE_URI ??= '1';

export interface SqliteOptions {
  path: string;
  time: TimeSettings;
  readOnly?: boolean;
  /** The connection will write (jobs, init); without it the connection only reads. */
  write?: boolean;
  /** Create the file when it does not exist or is empty (only the demo/init path does this). */
  create?: boolean;
  busyTimeoutMs?: number;
}

/** What the first bytes of a file say it is (read with a plain read, before SQLite opens it). */
export type SqliteFileKind = { kind: 'missing' } | { kind: 'empty' } | { kind: 'foreign' } | { kind: 'sqlite'; wal: boolean };

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function inspectSqliteFile(path: string): SqliteFileKind {
  if (path.includes('\0')) throw new AppError('INVALID_INPUT', 'a SQLite file path must not contain a NUL character');
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new AppError('CONNECTION', `${path} is a folder, not a SQLite database file`);
    size = st.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw new AppError('CONNECTION', `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (size === 0) return { kind: 'empty' };
  const header = Buffer.alloc(100);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new AppError('CONNECTION', `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
  let got: number;
  try {
    got = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (got < 100 || !header.subarray(0, 16).equals(MAGIC)) return { kind: 'foreign' };
  // Bytes 18 and 19 are the write and read format versions: 2 = WAL, 1 = rollback journal.
  return { kind: 'sqlite', wal: header[18] === 2 || header[19] === 2 };
}

/**
 * The name SQLite opens. A WAL database this user may not open read-write (the file or its folder is not
 * writable) and that has no -wal file has everything in the main file, but a read-only handle would
 * create its -wal/-shm files (when the folder allows it) and could not remove them: owned by this user,
 * they would stop the forum's own process from writing. Opened as immutable, it is read as it stands
 * and nothing is created. (Where the folder is writable a writer could start meanwhile: a report then
 * reads the file as it was, or at worst fails; the forum is never touched.)
 */
function fileName(path: string, frozenWal: boolean): string {
  if (path === ':memory:') return path;
  const absolute = resolve(path);
  if (frozenWal && !existsSync(`${absolute}-wal`)) return `${pathToFileURL(absolute).href}?immutable=1`;
  return absolute;
}

/**
 * Whether this process may write the file or folder. A mode without any write bit (chmod 444 or 555)
 * counts as "no" also for root, whom access() lets write anything: a moderator who made the forum
 * read-only means it, and containers and CI often run as root.
 */
function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return (statSync(path).mode & 0o222) !== 0;
  } catch {
    return false;
  }
}

export function openSqlite(opts: SqliteOptions): Db {
  const memory = opts.path === ':memory:';
  const file: SqliteFileKind = memory ? { kind: 'sqlite', wal: false } : inspectSqliteFile(opts.path);
  if (file.kind === 'foreign') throw new AppError('NOT_ASKBOT', `${opts.path} is not a SQLite database (nothing was changed)`);
  const fresh = file.kind === 'missing' || file.kind === 'empty';
  if (fresh && !opts.create) {
    if (file.kind === 'missing') throw new AppError('CONNECTION', `SQLite database file not found: ${opts.path}`);
    throw new AppError('NOT_ASKBOT', `${opts.path} is empty: it is not an Askbot database (nothing was changed; "askbot-analytics init" creates a new one)`);
  }
  // A writer needs the file and its folder (for the journal or the -wal/-shm files).
  const folderWritable = memory || canWrite(dirname(resolve(opts.path)));
  const readWrite = folderWritable && (file.kind === 'missing' || memory || canWrite(opts.path));
  const mayWrite = !opts.readOnly && readWrite;
  const writer = (opts.write === true || fresh || memory) && mayWrite;
  // A reader opens the file read-only, except a WAL file it could open read-write: SQLite would create
  // -wal/-shm files for a read-only handle and leave them behind, while a read-write handle that
  // only reads (query_only) removes them again when it closes (as the last connection).
  const wal = file.kind === 'sqlite' && file.wal;
  const sqliteReadOnly = !writer && !(wal && readWrite);
  let raw: Database.Database;
  try {
    raw = new Database(fileName(opts.path, wal && sqliteReadOnly), { readonly: sqliteReadOnly, fileMustExist: !fresh, timeout: opts.busyTimeoutMs ?? 5000 });
    raw.pragma('foreign_keys = ON');
    // SQLite's default page cache is 2 MB: index probes into a multi-GB forum then go to the OS for
    // every page. 64 MB for this connection (not stored in the file): a compile's probes, and reports
    // (5M events, the all-users Overview: 324-383 -> 260-268 ms on the loaded bench machine).
    raw.pragma('cache_size = -65536');
    // A reader refuses any change, also through the read-write handle a WAL file gets.
    if (!writer) raw.pragma('query_only = ON');
    // A database this connection creates gets WAL; an existing file keeps its own journal mode.
    if (fresh && !memory) raw.pragma('journal_mode = WAL');
    raw.prepare('SELECT count(*) FROM sqlite_master').get(); // fails here on a damaged or encrypted file
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
  return new SqliteDb(raw, opts.path, !mayWrite, writer, opts.time);
}

class SqliteDb implements Db {
  readonly engine = 'sqlite' as const;
  readonly dialect;
  private readonly cache = new Map<string, Database.Statement>();
  /** One handle, one transaction: other callers wait while one is open (transaction-gate.ts). */
  private readonly gate = new TransactionGate();
  private depth = 0;

  constructor(
    readonly raw: Database.Database,
    readonly description: string,
    readonly readOnly: boolean,
    /** Opened to write: transactions take the write lock at once. A reader's never do. */
    private readonly writer: boolean,
    time: TimeSettings,
  ) {
    this.dialect = sqliteDialect(time);
  }

  private prepare(query: Sql) {
    const { text, values } = query.positional();
    let stmt = this.cache.get(text);
    if (!stmt) {
      stmt = this.raw.prepare(text);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(text, stmt);
    }
    return { stmt, params: values.map(bindable) };
  }

  /** A write on a connection opened for reading answers READ_ONLY in words, not SQLite's own text. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (!this.writer && String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_READONLY')) {
        throw new AppError('READ_ONLY', `${this.description} is open for reading here; only a job that writes may change it`);
      }
      throw err;
    }
  }

  async all<T = Row>(query: Sql): Promise<T[]> {
    while (!this.gate.open) await this.gate.whenReleased();
    return this.guard(() => {
      const { stmt, params: p } = this.prepare(query);
      if (!stmt.reader) {
        stmt.run(...p);
        return [];
      }
      return stmt.all(...p) as T[];
    });
  }

  async one<T = Row>(query: Sql): Promise<T | undefined> {
    while (!this.gate.open) await this.gate.whenReleased();
    return this.guard(() => {
      const { stmt, params: p } = this.prepare(query);
      if (!stmt.reader) {
        stmt.run(...p);
        return undefined;
      }
      return stmt.get(...p) as T | undefined;
    });
  }

  async run(query: Sql): Promise<number> {
    while (!this.gate.open) await this.gate.whenReleased();
    return this.guard(() => {
      const { stmt, params: p } = this.prepare(query);
      if (stmt.reader) return stmt.all(...p).length; // e.g. INSERT … RETURNING
      return stmt.run(...p).changes;
    });
  }

  async exec(script: string): Promise<void> {
    while (!this.gate.open) await this.gate.whenReleased();
    this.guard(() => this.raw.exec(script));
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.gate.inside) return this.savepoint(fn);
    return this.gate.hold(async () => {
      // IMMEDIATE takes the write lock at once, so two writers never deadlock half-way.
      this.raw.exec(this.writer ? 'BEGIN IMMEDIATE' : 'BEGIN');
      this.depth = 1;
      try {
        const result = await fn(this);
        this.raw.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw err;
      } finally {
        this.depth = 0;
      }
    });
  }

  /** A transaction inside the caller's own: a savepoint. */
  private async savepoint<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const name = `aac_sp_${this.depth}`;
    this.raw.exec(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = await fn(this);
      this.raw.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      this.raw.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw err;
    } finally {
      this.depth--;
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

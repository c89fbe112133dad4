// The app's SQLite connection: reads run on worker threads, so a slow report never stalls the main
// process (IPC, windows). better-sqlite3 is synchronous: on the main thread a 200 ms report would hold
// everything else for 200 ms. A small pool of reader threads, each with its own connection opened for
// reading exactly as sqlite.ts opens one (read-only; a WAL file's handle query_only), so the forum's
// file stays untouched; writes go through jobs, which run in worker threads of their own.
//
// A statement crosses as its fragment's text pieces and values (sql.ts) and its rows come back by structured clone; Buffers are
// made Buffers again, every other value (numbers, text, null) arrives as better-sqlite3 returned it.
// A transaction takes one thread for itself until it ends (transaction-gate.ts); other callers use
// the other thread or wait.
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import { sqliteDialect, type TimeSettings } from './dialect';
import type { Sql } from './sql';
import { asBuffer, type ReaderError, type ReaderOp, type ReaderReply, type ReaderRequest, type ReaderStartData } from './sqlite-reader-protocol';
import { TransactionGate } from './transaction-gate';
import type { Db, Row } from './types';

export interface SqliteReaderOptions {
  path: string;
  time: TimeSettings;
  readOnly?: boolean;
  /** The built reader script (out/main/sqlite-reader.js in the app; a test bundles sqlite-reader-worker.ts). */
  workerFile: string | URL;
  /** Reader threads: two let a status or a small report pass a long one. */
  threads?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

function rebuilt(e: ReaderError): Error {
  if (e.app) return new AppError(e.code as AppError['code'], e.message, e.details);
  const err = new Error(e.message) as Error & { code?: string };
  err.name = e.name;
  if (e.code !== undefined) err.code = e.code;
  return err;
}

/** Rows whose blobs crossed as Uint8Arrays, with Buffers in their place (as better-sqlite3 returns them). */
function withBuffers(value: unknown): unknown {
  const rows = Array.isArray(value) ? value : [value];
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue;
    const r = row as Record<string, unknown>;
    for (const k of Object.keys(r)) r[k] = asBuffer(r[k]);
  }
  return value;
}

/** One reader thread and its connection. */
class ReaderThread {
  readonly gate = new TransactionGate();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | undefined;
  readonly exited: Promise<void>;
  /** Nesting depth of the transaction this thread runs (0: none). */
  depth = 0;

  private constructor(
    private readonly worker: Worker,
    readonly readOnly: boolean,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (m: ReaderReply) => this.settle(m));
    worker.on('error', (err) => this.stop(err));
    worker.once('exit', (code) => this.stop(new AppError('CONNECTION', `The SQLite reader stopped (exit ${code})`)));
  }

  static start(o: SqliteReaderOptions): Promise<ReaderThread> {
    const data: ReaderStartData = { path: o.path, readOnly: o.readOnly, time: o.time };
    const worker = new Worker(o.workerFile, { workerData: data });
    return new Promise((resolve, reject) => {
      const settled = () => {
        worker.off('message', first);
        worker.off('error', failed);
        worker.off('exit', exited);
      };
      const failed = (err: Error) => {
        settled();
        void worker.terminate();
        reject(err);
      };
      const exited = (code: number) => failed(new AppError('CONNECTION', `The SQLite reader stopped before it opened ${o.path} (exit ${code})`));
      const first = (m: ReaderReply) => {
        if (m.type !== 'ready') {
          failed(m.type === 'failed' ? rebuilt(m.error) : new AppError('INTERNAL', `unexpected first message from the SQLite reader: ${m.type}`));
          return;
        }
        settled();
        resolve(new ReaderThread(worker, m.readOnly));
      };
      worker.on('message', first);
      worker.on('error', failed);
      worker.on('exit', exited);
    });
  }

  /** Why the thread takes no more statements (closed, or it stopped), or undefined while it runs. */
  get stopReason(): Error | undefined {
    return this.stopped;
  }

  /** Requests waiting for an answer: the busiest thread gets the next statement last. */
  get load(): number {
    return this.pending.size;
  }

  /** `statement`: a fragment for all/one/run, a script (text, no values) for exec. */
  request(op: ReaderOp, statement: Sql | string): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        const { texts, values } = typeof statement === 'string' ? { texts: [statement], values: [] } : statement;
        this.worker.postMessage({ type: 'statement', id, op, texts, values } satisfies ReaderRequest);
      } catch (err) {
        // A value structured clone cannot carry (a function, a class instance with private state).
        this.pending.delete(id);
        reject(err as Error);
      }
    });
  }

  private settle(m: ReaderReply): void {
    if (m.type !== 'result' && m.type !== 'error') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.blobs ? withBuffers(m.value) : m.value);
    else p.reject(rebuilt(m.error));
  }

  private stop(err: Error): void {
    this.stopped ??= err;
    for (const p of this.pending.values()) p.reject(this.stopped);
    this.pending.clear();
  }

  /** Lets the statements already posted finish, then closes the connection and ends the thread. */
  async close(): Promise<void> {
    if (!this.stopped) {
      this.worker.postMessage({ type: 'close' } satisfies ReaderRequest);
      this.stopped = new AppError('CONNECTION', 'The database connection is closed');
    }
    await this.exited;
  }
}

export async function openSqliteReader(o: SqliteReaderOptions): Promise<Db> {
  const count = Math.max(1, o.threads ?? 2);
  const started = await Promise.allSettled(Array.from({ length: count }, () => ReaderThread.start(o)));
  const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await Promise.all(threads.map((t) => t.close()));
    throw failure.reason;
  }
  return new SqliteReaderDb(threads, o);
}

class SqliteReaderDb implements Db {
  readonly engine = 'sqlite' as const;
  readonly dialect;
  readonly description: string;
  readonly readOnly: boolean;

  constructor(
    private readonly threads: ReaderThread[],
    o: SqliteReaderOptions,
  ) {
    this.dialect = sqliteDialect(o.time);
    this.description = o.path;
    // The threads open the file alike; a read-only file or folder makes every one of them read-only.
    this.readOnly = threads.some((t) => t.readOnly);
  }

  /**
   * The thread whose transaction the caller is in, else the least busy thread no transaction holds.
   * Picked and used in one synchronous step: a transaction opened in between could otherwise post
   * its BEGIN first and take the caller's statement in.
   */
  private pick(): ReaderThread | undefined {
    const own = this.threads.find((t) => t.gate.inside);
    if (own) return own;
    let best: ReaderThread | undefined;
    for (const t of this.threads) if (!t.stopReason && !t.gate.held && (!best || t.load < best.load)) best = t;
    // Every thread stopped: the first one's reason answers (a statement fails at once, never waits).
    return best ?? (this.threads.every((t) => t.stopReason) ? this.threads[0] : undefined);
  }

  private async request(op: ReaderOp, statement: Sql | string): Promise<unknown> {
    for (;;) {
      const thread = this.pick();
      if (thread) return thread.request(op, statement);
      await Promise.race(this.threads.map((t) => t.gate.whenReleased()));
    }
  }

  async all<T = Row>(query: Sql): Promise<T[]> {
    return (await this.request('all', query)) as T[];
  }

  async one<T = Row>(query: Sql): Promise<T | undefined> {
    return (await this.request('one', query)) as T | undefined;
  }

  async run(query: Sql): Promise<number> {
    return (await this.request('run', query)) as number;
  }

  async exec(script: string): Promise<void> {
    await this.request('exec', script);
  }

  /** A read transaction (one snapshot of the file) on a thread of its own; nested ones are savepoints. */
  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const own = this.threads.find((t) => t.gate.inside);
    if (own) return this.savepoint(own, fn);
    let thread = this.pick();
    while (!thread) {
      await Promise.race(this.threads.map((t) => t.gate.whenReleased()));
      thread = this.pick();
    }
    const held = thread;
    return held.gate.hold(async () => {
      await held.request('exec', 'BEGIN');
      held.depth = 1;
      try {
        const result = await fn(this);
        await held.request('exec', 'COMMIT');
        return result;
      } catch (err) {
        await held.request('exec', 'ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        held.depth = 0;
      }
    });
  }

  private async savepoint<T>(thread: ReaderThread, fn: (tx: Db) => Promise<T>): Promise<T> {
    const name = `aac_sp_${thread.depth}`;
    await thread.request('exec', `SAVEPOINT ${name}`);
    thread.depth++;
    try {
      const result = await fn(this);
      await thread.request('exec', `RELEASE ${name}`);
      return result;
    } catch (err) {
      await thread.request('exec', `ROLLBACK TO ${name}; RELEASE ${name}`).catch(() => undefined);
      throw err;
    } finally {
      thread.depth--;
    }
  }

  async cancelRunning(): Promise<void> {
    // As on the direct connection: a SQLite statement runs to its end.
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}

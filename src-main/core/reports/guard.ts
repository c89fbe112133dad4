// Reports on PostgreSQL run guarded (the way Discourse runs its reports): in a READ ONLY transaction,
// so a report can never change the forum, with a statement timeout (the REPORT_TIMEOUT_SECONDS setting),
// so one slow report cannot hold a production database; and each can be cancelled from the app.
// SQLite reports answer in well under a second on forums of millions of events (README, Benchmarks); in
// the app they run on reader threads (db/sqlite-reader.ts): neither the timeout nor Cancel applies there.
import { sql, type Sql } from '../db/sql';
import type { Db, Row } from '../db/types';
import { AppError } from '../errors';

interface Running {
  db: Db;
  pid?: number;
  /** The one cancellation idiom (core/cancel.ts): report/cancel or the CLI's Ctrl-C aborts it. */
  controller: AbortController;
  /** The statement cancel sent on abort, awaited before the report answers. */
  cancelling: Promise<void>;
}

/** The message for a report stopped by its time limit: the limit, where it is set, what to do. */
export function reportTimeoutError(seconds: number): AppError {
  return new AppError(
    'TIMEOUT',
    `The report took longer than ${seconds} s, the limit in Settings (REPORT_TIMEOUT_SECONDS), and was stopped. ` +
      `Choose a shorter date range or a smaller segment, or raise the limit.`,
    { seconds },
  );
}

const cancelledError = () => new AppError('CANCELLED', 'The report was cancelled');

/** A transaction handle that refuses further statements once its report is cancelled. */
function checked(tx: Db, run: Running): Db {
  const guard = <T>(f: () => Promise<T>): Promise<T> => (run.controller.signal.aborted ? Promise.reject(cancelledError()) : f());
  return {
    engine: tx.engine,
    dialect: tx.dialect,
    readOnly: true,
    description: tx.description,
    all: <T = Row>(query: Sql) => guard(() => tx.all<T>(query)),
    one: <T = Row>(query: Sql) => guard(() => tx.one<T>(query)),
    run: (query: Sql) => guard(() => tx.run(query)),
    exec: (script: string) => guard(() => tx.exec(script)),
    transaction: <T>(fn: (inner: Db) => Promise<T>) => guard(() => tx.transaction((inner) => fn(checked(inner, run)))),
    cancelRunning: () => tx.cancelRunning(),
    close: () => Promise.resolve(),
  };
}

export class ReportGuard {
  private readonly running = new Set<Running>();

  /** Runs one report: on PostgreSQL read-only, limited to `timeoutSeconds`, cancelled by `signal` or cancelAll. */
  async run<T>(db: Db, timeoutSeconds: number, report: (db: Db) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw cancelledError();
    if (db.engine !== 'postgres') return report(db);
    const run: Running = { db, controller: new AbortController(), cancelling: Promise.resolve() };
    // Its statement is cancelled on the server from another session (the pid is known once it started).
    run.controller.signal.addEventListener('abort', () => {
      if (run.pid !== undefined)
        run.cancelling = db.one(sql`SELECT pg_cancel_backend(${run.pid}) AS cancelled`).then(
          () => undefined,
          () => undefined,
        );
    });
    const follow = () => run.controller.abort();
    signal?.addEventListener('abort', follow);
    this.running.add(run);
    try {
      return await db.transaction(async (tx) => {
        // transaction_read_only may be turned on at any point of a transaction (only off must come first).
        const session = await tx.one<{ pid: number }>(
          sql`SELECT set_config('transaction_read_only', 'on', true) AS ro, set_config('statement_timeout', ${String(timeoutSeconds * 1000)}, true) AS timeout, pg_backend_pid() AS pid`,
        );
        run.pid = Number(session?.pid);
        return report(checked(tx, run));
      });
    } catch (err) {
      const cancelled = run.controller.signal.aborted;
      if (err instanceof AppError && err.code === 'CANCELLED') throw cancelled ? cancelledError() : reportTimeoutError(timeoutSeconds);
      if (cancelled) throw cancelledError();
      throw err;
    } finally {
      signal?.removeEventListener('abort', follow);
      this.running.delete(run);
      await run.cancelling;
    }
  }

  /** How many reports are running now. */
  get size(): number {
    return this.running.size;
  }

  /** Cancels every running report (their statements on the server, and any statement they would send next). */
  async cancelAll(): Promise<number> {
    const runs = [...this.running].filter((r) => !r.controller.signal.aborted);
    for (const r of runs) r.controller.abort();
    await Promise.all(runs.map((r) => r.cancelling));
    return runs.length;
  }
}

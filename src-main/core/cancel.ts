// Cancelling long jobs, one idiom for every job and both engines: the job's AbortSignal (JobControls),
// checked between batches after giving the event loop a turn; on PostgreSQL, the statement running
// inside a batch is cancelled too. better-sqlite3 runs statements synchronously, so a job on SQLite
// never waits on I/O: without the turn, neither Ctrl-C (a signal handler) nor the app's Cancel (a
// worker message) would be delivered until the whole job had finished.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from './db/types';
import { AppError } from './errors';

/** Lets pending signals and messages in, then throws `cancelled()` when the job was asked to stop. */
export async function betweenBatches(signal: AbortSignal | undefined, cancelled: () => AppError): Promise<void> {
  await nextTurn();
  if (signal?.aborted) throw cancelled();
}

export interface BatchCancel {
  /** Throws `cancelled()` once the signal is aborted. */
  check(): void;
  /** Between batches (or steps of one): a turn of the event loop, then the check; a statement cancel on its way lands first, so it cannot hit the rollback. */
  between(): Promise<void>;
  /** Runs one batch (a transaction): an abort while it runs cancels its PostgreSQL statement. */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  /** What to throw for a failure: `cancelled()` once aborted (a cancelled statement's own error says less). */
  wrap(err: unknown): unknown;
  /** Stops listening and waits for a statement cancel still on its way: call it before the job returns. */
  stop(): Promise<void>;
}

/**
 * Ties a job's AbortSignal to its database. The statement cancel (db.cancelRunning) is only sent while
 * one of the job's batches runs, and is awaited before the job returns, so it can never hit a later
 * statement on a reused connection: the rollback, the compile lock's release, the next job's work.
 * That is why the job, not its caller, cancels statements: only the job knows when a batch runs.
 */
export function watchCancel(db: Db, signal: AbortSignal | undefined, cancelled: () => AppError): BatchCancel {
  let inBatch = false;
  let pending: Promise<void> = Promise.resolve();
  const onAbort = () => {
    if (inBatch) pending = db.cancelRunning().catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort);
  return {
    check: () => {
      if (signal?.aborted) throw cancelled();
    },
    between: async () => {
      await nextTurn();
      if (signal?.aborted) {
        await pending;
        throw cancelled();
      }
    },
    batch: async <T>(fn: () => Promise<T>): Promise<T> => {
      inBatch = true;
      try {
        return await fn();
      } finally {
        inBatch = false;
        // A check inside the batch may have thrown while the statement cancel was still on its way: it
        // lands here, before anything after the batch (the lock's release, the next job) can be hit.
        // (PostgreSQL ignores a cancel that reaches an idle backend or its ROLLBACK.)
        if (signal?.aborted) await pending;
      }
    },
    // A refused lock (another compile runs) is never the cancel's doing: it keeps its own message.
    wrap: (err: unknown) => (signal?.aborted && !(err instanceof AppError && err.code === 'LOCKED') ? cancelled() : err),
    stop: async () => {
      signal?.removeEventListener('abort', onAbort);
      await pending;
    },
  };
}

/**
 * A job that is one transaction (seeding events, creating organizations): the whole of it is the
 * batch, `between` its checkpoints. Cancelled or failing, it leaves nothing behind.
 */
export async function cancellableTransaction<T>(
  db: Db,
  signal: AbortSignal | undefined,
  cancelled: () => AppError,
  fn: (tx: Db, between: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const cancel = watchCancel(db, signal, cancelled);
  try {
    await cancel.between();
    return await cancel.batch(() => db.transaction((tx) => fn(tx, cancel.between)));
  } catch (err) {
    throw cancel.wrap(err);
  } finally {
    await cancel.stop();
  }
}

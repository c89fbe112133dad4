// The worker side of a job: open the database on this thread's own connection, run the job with an
// AbortSignal and a progress callback, report the outcome, close. Cancellation aborts the signal and
// cancels the running PostgreSQL statement; the job's current transaction rolls back.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../core/db/connect';
import { requireAskbotSchema } from '../core/db/schema';
import type { Db } from '../core/db/types';
import { AppError, toErrorData } from '../core/errors';
import { timeSettings, type AnalyticsSettings } from '../core/settings';
import type { JobStartData, ParentMessage, WorkerMessage } from './protocol';

export interface JobTools {
  signal: AbortSignal;
  onProgress(p: { step: string; done: number; total: number }): void;
}

export type JobFunction = (db: Db, settings: AnalyticsSettings, params: unknown, tools: JobTools) => Promise<unknown>;

/**
 * `readingKinds`: jobs that only read (exports); their SQLite connection is opened for reading, so
 * they never change a byte of the forum's file. Every other job opens it to write.
 */
export async function serveJob(kinds: Record<string, JobFunction>, opts: { readingKinds?: ReadonlySet<string> } = {}): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveJob must run in a worker thread');
  const data = workerData as JobStartData;
  const post = (m: WorkerMessage) => port.postMessage(m);
  const controller = new AbortController();
  let db: Db | undefined;
  port.on('message', (m: ParentMessage) => {
    if (m.type === 'cancel') {
      controller.abort();
      void db?.cancelRunning();
    }
  });
  let outcome: WorkerMessage;
  try {
    const job = kinds[data.kind];
    if (!job) throw new AppError('INVALID_INPUT', `unknown job "${data.kind}"`);
    db = await openDatabase(data.connection, { time: timeSettings(data.settings), write: !opts.readingKinds?.has(data.kind) });
    await requireAskbotSchema(db);
    const result = await job(db, data.settings, data.params, {
      signal: controller.signal,
      onProgress: (p) => post({ type: 'progress', ...p }),
    });
    outcome = { type: 'done', result };
  } catch (err) {
    const error = controller.signal.aborted && !(err instanceof AppError && err.code === 'CANCELLED')
      ? { code: 'CANCELLED' as const, message: 'Cancelled; the database is as it was before the interrupted step' }
      : toErrorData(err);
    outcome = { type: 'error', error };
  }
  // Closed before the job is reported finished: whatever runs next (another job, a disconnect) finds
  // this connection gone, and the last one to close a SQLite WAL file removes its -wal/-shm files.
  await db?.close().catch(() => undefined);
  post(outcome);
  port.close();
}

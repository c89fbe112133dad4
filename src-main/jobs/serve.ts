// The worker side of a job: parse the kind's params, open the database on this thread's own
// connection, run the job with an AbortSignal and a progress callback, report the outcome, close.
import { parentPort, workerData } from 'node:worker_threads';
import type { z } from 'zod';
import { openDatabase } from '../core/db/connect';
import { requireAskbotSchema } from '../core/db/schema';
import type { Db } from '../core/db/types';
import { AppError, toErrorData } from '../core/errors';
import { timeSettings, type AnalyticsSettings } from '../core/settings';
import type { JobControls } from '../core/types/jobs';
import { describeZodError } from '../core/zod-issues';
import type { JobMap } from './runner';
import type { JobStartData, ParentMessage, WorkerMessage } from './protocol';

/** What a job function gets: the one cancellation idiom (an AbortSignal) and the one progress shape. */
export type JobTools = Required<JobControls>;

export interface JobDefinition<P, R> {
  /** The params' schema: a job never runs on params it was not written for. */
  params: z.ZodType<P>;
  /** Jobs that only read (exports): their SQLite file is opened read-only, so they never change a byte of it. */
  reads?: boolean;
  run(db: Db, settings: AnalyticsSettings, params: P, tools: JobTools): Promise<R>;
}

export type JobDefinitions<Map extends JobMap> = { [K in keyof Map]: JobDefinition<Map[K]['params'], Map[K]['result']> };

export async function serveJob<Map extends JobMap>(kinds: JobDefinitions<Map>): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveJob must run in a worker thread');
  const data = workerData as JobStartData;
  const post = (m: WorkerMessage) => port.postMessage(m);
  const controller = new AbortController();
  // Only the signal is aborted here. The job owns its statements' cancel: compile, seeding and
  // organizations cancel PostgreSQL's running statement through core/cancel.ts, only while one of their
  // batches runs, and wait for that cancel before going on (see compile/index.ts). A cancel sent from
  // here, unawaited, could land on their rollback, the compile lock's release or the close below.
  port.on('message', (m: ParentMessage) => {
    if (m.type === 'cancel') controller.abort();
  });
  let db: Db | undefined;
  let outcome: WorkerMessage;
  try {
    const job = Object.prototype.hasOwnProperty.call(kinds, data.kind) ? (kinds[data.kind] as JobDefinition<unknown, unknown>) : undefined;
    if (!job) throw new AppError('INVALID_INPUT', `unknown job "${data.kind}"`);
    const params = job.params.safeParse(data.params);
    if (!params.success) throw new AppError('INVALID_INPUT', `Invalid ${data.kind} job: ${describeZodError(params.error)}`);
    db = await openDatabase(data.connection, { time: timeSettings(data.settings), write: !job.reads });
    await requireAskbotSchema(db);
    const result = await job.run(db, data.settings, params.data, {
      signal: controller.signal,
      onProgress: (p) => post({ type: 'progress', step: p.step, done: p.done, total: p.total }),
    });
    outcome = { type: 'done', result };
  } catch (err) {
    const error =
      controller.signal.aborted && !(err instanceof AppError && err.code === 'CANCELLED')
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

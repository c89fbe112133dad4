// Cancelling long jobs, one idiom for every job and both engines: an AbortSignal checked between
// batches, after giving the event loop a turn. better-sqlite3 runs statements synchronously, so a job
// on SQLite never waits on I/O: without the turn, neither Ctrl-C (a signal handler) nor the app's
// Cancel (a worker message) would be delivered until the whole job had finished.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AppError } from './errors';

/** Lets pending signals and messages in, then throws `cancelled()` when the job was asked to stop. */
export async function betweenBatches(signal: AbortSignal | undefined, cancelled: () => AppError): Promise<void> {
  await nextTurn();
  if (signal?.aborted) throw cancelled();
}

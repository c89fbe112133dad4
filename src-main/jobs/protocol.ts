// Messages between the job runner (main thread) and a job worker thread.
import type { ConnectionSpec } from '../core/db/connect';
import type { ErrorData } from '../core/errors';
import type { AnalyticsSettings } from '../core/settings';
import type { JobProgress } from '../core/types/jobs';

export interface JobStartData {
  kind: string;
  connection: ConnectionSpec;
  settings: AnalyticsSettings;
  /** Checked again by the worker against the kind's schema: a thread boundary is a boundary. */
  params: unknown;
}

export type WorkerMessage = ({ type: 'progress' } & JobProgress) | { type: 'done'; result: unknown } | { type: 'error'; error: ErrorData };

/** The runner's only message: the job's AbortSignal was aborted (the worker aborts its own). */
export type ParentMessage = { type: 'cancel' };

// Messages between the job runner (main thread) and a job worker thread.
import type { ConnectionSpec } from '../core/db/connect';
import type { ErrorData } from '../core/errors';
import type { AnalyticsSettings } from '../core/settings';

export interface JobStartData {
  jobId: string;
  kind: string;
  connection: ConnectionSpec;
  settings: AnalyticsSettings;
  params: unknown;
}

export type WorkerMessage =
  | { type: 'progress'; step: string; done: number; total: number }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ErrorData };

export type ParentMessage = { type: 'cancel' };

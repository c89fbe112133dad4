// Long jobs (compile, organizations, seeding) run in worker threads so the window never blocks.
// One job at a time per app: a moderator sees one progress bar, and a second compile is refused.
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ConnectionSpec } from '../core/db/connect';
import { AppError } from '../core/errors';
import type { AnalyticsSettings } from '../core/settings';
import type { JobInfo } from '../core/types/jobs';
import type { JobStartData, ParentMessage, WorkerMessage } from './protocol';

export type { JobInfo };

export interface JobEvents {
  progress(info: JobInfo): void;
  finished(info: JobInfo): void;
}

export interface RunnerOptions {
  /** The worker script (built JS in the app; TypeScript via tsx in tests). */
  workerFile: string | URL;
  execArgv?: string[];
  events: JobEvents;
  /** How many finished jobs to remember for the UI. */
  keep?: number;
}

export class JobRunner {
  private readonly jobs = new Map<string, { info: JobInfo; worker?: Worker; finished: Promise<JobInfo> }>();
  private accepting = true;

  constructor(private readonly opts: RunnerOptions) {}

  running(): JobInfo | undefined {
    return [...this.jobs.values()].find((j) => j.info.state === 'running')?.info;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info })).reverse();
  }

  get(jobId: string): JobInfo {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', `no job ${jobId}`);
    return { ...job.info };
  }

  start(kind: string, connection: ConnectionSpec, settings: AnalyticsSettings, params: unknown): JobInfo {
    if (!this.accepting) throw new AppError('LOCKED', 'The app is shutting down; no new jobs are started');
    const busy = this.running();
    if (busy) {
      throw new AppError('LOCKED', `A ${busy.kind} job is already running (${busy.step} ${busy.done}/${busy.total}); wait for it or cancel it`);
    }
    const jobId = randomUUID();
    const info: JobInfo = { jobId, kind, state: 'running', step: 'starting', done: 0, total: 0, startedAt: new Date().toISOString() };
    const data: JobStartData = { jobId, kind, connection, settings, params };
    const worker = new Worker(this.opts.workerFile, { workerData: data, execArgv: this.opts.execArgv });
    let settle!: (i: JobInfo) => void;
    const finished = new Promise<JobInfo>((r) => (settle = r));
    const entry: { info: JobInfo; worker?: Worker; finished: Promise<JobInfo> } = { info, worker, finished };
    this.jobs.set(jobId, entry);
    const finish = (patch: Partial<JobInfo>) => {
      if (info.state !== 'running') return;
      Object.assign(info, patch, { finishedAt: new Date().toISOString() });
      entry.worker = undefined;
      this.opts.events.finished({ ...info });
      settle({ ...info });
      this.trim();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        Object.assign(info, { step: m.step, done: m.done, total: m.total });
        this.opts.events.progress({ ...info });
      } else if (m.type === 'done') {
        finish({ state: 'done', result: m.result });
      } else {
        finish({ state: m.error.code === 'CANCELLED' ? 'cancelled' : 'failed', error: m.error });
      }
    });
    worker.on('error', (err) => finish({ state: 'failed', error: { code: 'INTERNAL', message: err.message } }));
    worker.on('exit', (code) => {
      if (info.state === 'running') finish({ state: 'failed', error: { code: 'INTERNAL', message: `the job stopped unexpectedly (exit ${code})` } });
    });
    return { ...info };
  }

  /** Asks the job to stop at its next batch boundary (its current transaction rolls back). */
  cancel(jobId: string): JobInfo {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', `no job ${jobId}`);
    job.worker?.postMessage({ type: 'cancel' } satisfies ParentMessage);
    return { ...job.info };
  }

  wait(jobId: string): Promise<JobInfo> {
    const job = this.jobs.get(jobId);
    if (!job) return Promise.reject(new AppError('NOT_FOUND', `no job ${jobId}`));
    return job.finished;
  }

  /** Shutdown: refuse new jobs, cancel the running one and wait for it to roll back. */
  async drain(): Promise<void> {
    this.accepting = false;
    const running = this.running();
    if (running) {
      this.cancel(running.jobId);
      await this.wait(running.jobId);
    }
  }

  private trim(): void {
    const keep = this.opts.keep ?? 20;
    const finished = [...this.jobs.entries()].filter(([, j]) => j.info.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - keep))) this.jobs.delete(id);
  }
}

// Long jobs (compile, organizations, seeding, exports) run in worker threads so the window never
// blocks; a job that needs main (the PDF print needs the app's browser engine) runs here with the same
// progress and Cancel, its database work in a worker as one of its steps. One job at a time per app: a
// moderator sees one progress bar, and a second compile is refused. Cancel is one idiom throughout:
// each job has an AbortController; a worker gets the abort as a message and aborts its own signal.
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { z } from 'zod';
import type { JobKinds } from '../../src-preload/contract';
import type { ConnectionSpec } from '../core/db/connect';
import { AppError, toErrorData, type ErrorData } from '../core/errors';
import type { AnalyticsSettings } from '../core/settings';
import type { JobInfoIn, JobProgress } from '../core/types/jobs';
import { describeZodError } from '../core/zod-issues';
import type { JobStartData, ParentMessage, WorkerMessage } from './protocol';

/** Job kinds with their params and results (the app's: JobKinds; tests run their own). */
export type JobMap = Record<string, { params: unknown; result: unknown }>;
type ResultsOf<Map extends JobMap> = { [K in keyof Map]: Map[K]['result'] };
type KindOf<Map extends JobMap> = keyof Map & string;
export type RunnerJobInfo<Map extends JobMap, K extends KindOf<Map> = KindOf<Map>> = JobInfoIn<ResultsOf<Map>, K>;

export interface JobEvents<Map extends JobMap> {
  progress(info: RunnerJobInfo<Map>): void;
  finished(info: RunnerJobInfo<Map>): void;
}

export interface RunnerOptions<Map extends JobMap> {
  /** The worker script (built JS in the app; TypeScript bundled by the tests). */
  workerFile: string | URL;
  execArgv?: string[];
  events: JobEvents<Map>;
  /** Each kind's params schema: malformed params are refused with INVALID_INPUT before anything starts. */
  params?: { [K in keyof Map]?: z.ZodType<Map[K]['params']> };
  /** How many finished jobs to remember for the UI. */
  keep?: number;
}

/** What a job that runs in main gets: the signal, progress, and its database work run in a worker. */
export interface MainJobTools<Map extends JobMap> {
  signal: AbortSignal;
  onProgress(p: JobProgress): void;
  /** Runs a worker kind on this job's connection as one of its steps: same signal, progress passed on. */
  inWorker<K extends KindOf<Map>>(kind: K, params: Map[K]['params']): Promise<Map[K]['result']>;
}
export type MainJob<Map extends JobMap, K extends KindOf<Map>> = (tools: MainJobTools<Map>) => Promise<Map[K]['result']>;

interface Entry<Map extends JobMap> {
  info: RunnerJobInfo<Map>;
  controller: AbortController;
  finished: Promise<RunnerJobInfo<Map>>;
}

/** A failure that crossed the thread boundary as data keeps its code, message and details. */
const fromErrorData = (e: ErrorData) => new AppError(e.code, e.message, e.details);

export class JobRunner<Map extends JobMap = JobKinds> {
  private readonly jobs = new Map<string, Entry<Map>>();
  private accepting = true;

  constructor(private readonly opts: RunnerOptions<Map>) {}

  running(): RunnerJobInfo<Map> | undefined {
    return [...this.jobs.values()].find((j) => j.info.state === 'running')?.info;
  }

  list(): Array<RunnerJobInfo<Map>> {
    return [...this.jobs.values()].map((j) => ({ ...j.info })).reverse();
  }

  get(jobId: string): RunnerJobInfo<Map> {
    return { ...this.entry(jobId).info };
  }

  /** Starts a job in a worker thread. */
  start<K extends KindOf<Map>>(kind: K, connection: ConnectionSpec, settings: AnalyticsSettings, params: Map[K]['params']): RunnerJobInfo<Map, K> {
    return this.launch(kind, params, ({ signal, onProgress }) => this.runWorker(kind, connection, settings, params, signal, onProgress));
  }

  /** Starts a job that runs in main, with a worker for its database work (`inWorker`). */
  startInMain<K extends KindOf<Map>>(
    kind: K,
    connection: ConnectionSpec,
    settings: AnalyticsSettings,
    params: Map[K]['params'],
    job: MainJob<Map, K>,
  ): RunnerJobInfo<Map, K> {
    return this.launch(kind, params, ({ signal, onProgress }) =>
      job({ signal, onProgress, inWorker: (k, p) => this.runWorker(k, connection, settings, p, signal, onProgress) }),
    );
  }

  /** Asks the job to stop at its next batch boundary (its current transaction rolls back). */
  cancel(jobId: string): RunnerJobInfo<Map> {
    const job = this.entry(jobId);
    job.controller.abort();
    return { ...job.info };
  }

  wait(jobId: string): Promise<RunnerJobInfo<Map>> {
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

  private entry(jobId: string): Entry<Map> {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', `no job ${jobId}`);
    return job;
  }

  private launch<K extends KindOf<Map>>(
    kind: K,
    params: unknown,
    run: (tools: { signal: AbortSignal; onProgress(p: JobProgress): void }) => Promise<Map[K]['result']>,
  ): RunnerJobInfo<Map, K> {
    if (!this.accepting) throw new AppError('LOCKED', 'The app is shutting down; no new jobs are started');
    const busy = this.running();
    if (busy) {
      throw new AppError('LOCKED', `A ${busy.kind} job is already running (${busy.step} ${busy.done}/${busy.total}); wait for it or cancel it`);
    }
    const schema = this.opts.params?.[kind];
    if (schema) {
      const parsed = schema.safeParse(params);
      if (!parsed.success) throw new AppError('INVALID_INPUT', `Invalid ${kind} job: ${describeZodError(parsed.error)}`);
    }
    const jobId = randomUUID();
    const info = { jobId, kind, state: 'running', step: 'starting', done: 0, total: 0, startedAt: new Date().toISOString() } as RunnerJobInfo<Map, K>;
    const controller = new AbortController();
    let settle!: (i: RunnerJobInfo<Map>) => void;
    const finished = new Promise<RunnerJobInfo<Map>>((r) => (settle = r));
    this.jobs.set(jobId, { info, controller, finished });
    const finish = (patch: Partial<RunnerJobInfo<Map, K>>) => {
      Object.assign(info, patch, { finishedAt: new Date().toISOString() });
      this.opts.events.finished({ ...info });
      settle({ ...info });
      this.trim();
    };
    const onProgress = (p: JobProgress) => {
      if (info.state !== 'running') return;
      Object.assign(info, { step: p.step, done: p.done, total: p.total });
      this.opts.events.progress({ ...info });
    };
    run({ signal: controller.signal, onProgress }).then(
      (result) => finish({ state: 'done', result } as Partial<RunnerJobInfo<Map, K>>),
      (err: unknown) => {
        const error = toErrorData(err);
        finish({ state: error.code === 'CANCELLED' ? 'cancelled' : 'failed', error } as Partial<RunnerJobInfo<Map, K>>);
      },
    );
    return { ...info };
  }

  /** One kind in a worker thread: resolves with its result, rejects with its error (CANCELLED once aborted). */
  private runWorker<K extends KindOf<Map>>(
    kind: K,
    connection: ConnectionSpec,
    settings: AnalyticsSettings,
    params: Map[K]['params'],
    signal: AbortSignal,
    onProgress: (p: JobProgress) => void,
  ): Promise<Map[K]['result']> {
    if (signal.aborted) return Promise.reject(new AppError('CANCELLED', 'Cancelled before it started'));
    const data: JobStartData = { kind, connection, settings, params };
    const worker = new Worker(this.opts.workerFile, { workerData: data, execArgv: this.opts.execArgv });
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies ParentMessage);
    signal.addEventListener('abort', cancel, { once: true });
    return new Promise<Map[K]['result']>((resolve, reject) => {
      let settled = false;
      const end = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', cancel);
        fn();
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') onProgress(m);
        else if (m.type === 'done') end(() => resolve(m.result as Map[K]['result']));
        else end(() => reject(fromErrorData(m.error)));
      });
      worker.on('error', (err) => end(() => reject(new AppError('INTERNAL', err.message))));
      worker.on('exit', (code) => end(() => reject(new AppError('INTERNAL', `the job stopped unexpectedly (exit ${code})`))));
    });
  }

  private trim(): void {
    const keep = this.opts.keep ?? 20;
    const finished = [...this.jobs.entries()].filter(([, j]) => j.info.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - keep))) this.jobs.delete(id);
  }
}

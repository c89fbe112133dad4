// Jobs (compile, create organizations, seed analytics content, the demo seeder): started here,
// followed through the pushed job/progress and job/finished events. The store listens for the whole
// life of the window, so a job keeps its progress bar when the user switches views.
import { createStore } from 'zustand/vanilla';
import type { JobInfo, JobKind, JobStartRequest, OrganizationPreviewData } from '../../../src-preload/contract';
import { type AnalyticsApi, messageOf, unwrap } from '../api';

export interface JobsState {
  /** Every job main told us about, oldest first. */
  jobs: JobInfo[];
  /** The last error of a start/cancel/list call (e.g. LOCKED: another compile is running). */
  error: string | null;
  preview: OrganizationPreviewData | null;
  previewError: string | null;
  previewLoading: boolean;
  /** Compile every hour while the app is open (off by default). */
  autoCompile: boolean;
  /** Subscribes to the job events; returns the unsubscribe. */
  listen(): () => void;
  refresh(): Promise<void>;
  start(request: JobStartRequest): Promise<JobInfo | null>;
  cancel(jobId: string): Promise<void>;
  loadPreview(): Promise<void>;
  clearPreview(): void;
  setAutoCompile(on: boolean): void;
  clearError(): void;
}

/** The most recent job of a kind, if any: typed by that kind (its result too). */
export function latestJob<K extends JobKind>(jobs: readonly JobInfo[], kind: K): Extract<JobInfo, { kind: K }> | undefined {
  const isKind = (j: JobInfo): j is Extract<JobInfo, { kind: K }> => j.kind === kind;
  for (let i = jobs.length - 1; i >= 0; i--) {
    const job = jobs[i]!;
    if (isKind(job)) return job;
  }
  return undefined;
}

/** The running job, if any (main runs one at a time). */
export function runningJob(jobs: readonly JobInfo[]): JobInfo | undefined {
  return jobs.find((j) => j.state === 'running');
}

function upsert(jobs: readonly JobInfo[], info: JobInfo): JobInfo[] {
  const i = jobs.findIndex((j) => j.jobId === info.jobId);
  if (i < 0) return [...jobs, info];
  // A late progress event must not turn a finished job back into a running one.
  if (jobs[i]!.state !== 'running' && info.state === 'running') return [...jobs];
  const next = [...jobs];
  next[i] = info;
  return next;
}

export function createJobsStore(api: AnalyticsApi) {
  return createStore<JobsState>()((set, get) => ({
    jobs: [],
    error: null,
    preview: null,
    previewError: null,
    previewLoading: false,
    autoCompile: false,
    listen: () => {
      const offProgress = api.events.jobProgress((info) => set({ jobs: upsert(get().jobs, info) }));
      // A refusal such as LOCKED ("a compile is already running") no longer applies once that job ends.
      const offFinished = api.events.jobFinished((info) => set({ jobs: upsert(get().jobs, info), error: null }));
      return () => {
        offProgress();
        offFinished();
      };
    },
    refresh: async () => {
      try {
        const listed = await unwrap(api.job.list({}));
        let jobs = get().jobs;
        for (const j of listed) jobs = upsert(jobs, j);
        set({ jobs: [...jobs].sort((a, b) => a.startedAt.localeCompare(b.startedAt)) });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },
    start: async (request) => {
      set({ error: null });
      try {
        const info = await unwrap(api.job.start(request));
        set({ jobs: upsert(get().jobs, info) });
        if (request.kind === 'createGroups') set({ preview: null });
        return info;
      } catch (err) {
        set({ error: messageOf(err) });
        return null;
      }
    },
    cancel: async (jobId) => {
      try {
        set({ jobs: upsert(get().jobs, await unwrap(api.job.cancel({ jobId }))) });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },
    loadPreview: async () => {
      set({ previewLoading: true, previewError: null, preview: null });
      try {
        set({ preview: await unwrap(api.groups.preview({})) });
      } catch (err) {
        set({ previewError: messageOf(err) });
      } finally {
        set({ previewLoading: false });
      }
    },
    clearPreview: () => set({ preview: null, previewError: null }),
    setAutoCompile: (on) => set({ autoCompile: on }),
    clearError: () => set({ error: null }),
  }));
}

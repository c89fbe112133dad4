// Exports (CSV, Excel, HTML report, PDF) of the Users and Activity views. Main asks where to save; a
// cancelled dialog is not an error. Every format comes back as a running job followed through the
// pushed job events, with Cancel through job/cancel (PDF: the report, then its print).
import { createStore } from 'zustand/vanilla';
import type { ExportRequest, ExportResult, JobInfo } from '../../../src-preload/contract';
import { type AnalyticsApi, messageOf, unwrap } from '../api';
import type { ActivityNav, UsersNav } from './navigation';

export type ExportFormat = ExportRequest['format'];

/** The Users view's current level and filters as an export request (the page is not a filter: every row is exported). */
export function usersExport(nav: UsersNav, format: ExportFormat): ExportRequest {
  return {
    what: 'users',
    format,
    ...(nav.segment ? { segment: nav.segment } : {}),
    dates: nav.dates,
    ...(nav.sort ? { sort: nav.sort } : {}),
    ...(nav.order ? { order: nav.order } : {}),
    ...(nav.query.trim() ? { query: nav.query.trim() } : {}),
  };
}

/** "Export all": the segments, organizations and users levels of the range, in one workbook or report. */
export function allExport(nav: UsersNav, format: Exclude<ExportFormat, 'csv'>): ExportRequest {
  return { what: 'all', format, dates: nav.dates };
}

/** The Activity log's filters as an export request: every matching event, not just the page shown. */
export function activityExport(f: ActivityNav, format: ExportFormat): ExportRequest {
  return { what: 'activity', format, activity: f.activity, content: f.content.trim() || 'all-content', users: f.users.trim() || 'all-users', dates: f.dates };
}

/** What a finished export says: the file, its format, rows and size. */
export type ExportOutcome = ExportResult<ExportFormat>;

export interface ExportsState {
  /** The export in progress or the last one (its state tells which); null before any. */
  job: JobInfo | null;
  /** What was asked for, so the view shows "Users as CSV" next to the progress. */
  request: ExportRequest | null;
  /** True while waiting for main (the save dialog). */
  pending: boolean;
  error: string | null;
  /** Set when the moderator closed the save dialog without choosing a file. */
  dismissed: boolean;
  listen(): () => void;
  start(request: ExportRequest): Promise<void>;
  cancel(): Promise<void>;
  clear(): void;
}

/** The result of a finished export job, if it has one. */
export function outcomeOf(job: JobInfo | null): ExportOutcome | null {
  if (job?.state !== 'done') return null;
  return job.kind === 'export' || job.kind === 'exportPdf' ? (job.result ?? null) : null;
}

export function createExportsStore(api: AnalyticsApi) {
  return createStore<ExportsState>()((set, get) => {
    const follow = (info: JobInfo) => {
      const current = get().job;
      if (!current || current.jobId !== info.jobId) return;
      // A late progress event must not turn the finished export back into a running one.
      if (current.state !== 'running' && info.state === 'running') return;
      set({ job: info });
    };
    return {
      job: null,
      request: null,
      pending: false,
      error: null,
      dismissed: false,
      listen: () => {
        const offProgress = api.events.jobProgress(follow);
        const offFinished = api.events.jobFinished(follow);
        return () => {
          offProgress();
          offFinished();
        };
      },
      start: async (request) => {
        if (get().pending || get().job?.state === 'running') return;
        set({ pending: true, error: null, dismissed: false, request, job: null });
        try {
          const info = await unwrap(api.export.start(request));
          if (info === null) set({ dismissed: true });
          else set({ job: info });
        } catch (err) {
          set({ error: messageOf(err) });
        } finally {
          set({ pending: false });
        }
      },
      cancel: async () => {
        const job = get().job;
        if (!job || job.state !== 'running') return;
        try {
          const info = await unwrap(api.job.cancel({ jobId: job.jobId }));
          follow(info);
        } catch (err) {
          set({ error: messageOf(err) });
        }
      },
      clear: () => set({ job: null, request: null, error: null, dismissed: false }),
    };
  });
}

// Report data for the Users and Activity views: the picker options, the current Users level and its
// chart series, and the Activity log page with a stack of cursors for "Newer". Each load supersedes
// the previous one of its kind, so a slow answer never overwrites a newer one. The Activity log's
// total is a second request: a page is an index walk of a few rows, while the total counts every
// matching event (a quarter of a second over millions), and the page should not wait for it.
import { createStore } from 'zustand/vanilla';
import type { ActivityReportData, ReportOptions, SeriesReportData, UsersReportData } from '../../../src-preload/contract';
import { ApiError, type AnalyticsApi, messageOf, unwrap } from '../api';
import type { ActivityNav, UsersNav } from './navigation';

export const ACTIVITY_PAGE_SIZE = 50;
/** After this long a running report shows its Cancel button. */
export const SLOW_REPORT_MS = 1000;

/** A report stopped by the moderator's Cancel or by the time limit in Settings: said plainly, not an app failure. */
export function stoppedMessage(err: unknown): string | null {
  return err instanceof ApiError && (err.code === 'CANCELLED' || err.code === 'TIMEOUT') ? err.message : null;
}

export interface ReportsState {
  options: ReportOptions | null;
  optionsError: string | null;
  users: UsersReportData | null;
  usersLoading: boolean;
  usersError: string | null;
  series: SeriesReportData | null;
  seriesError: string | null;
  activity: ActivityReportData | null;
  activityLoading: boolean;
  activityError: string | null;
  /** Matching events for the current filters; null until counted. */
  activityTotal: number | null;
  activityCounting: boolean;
  /** The cursors of the pages before the current one ('' = the newest page); the last is the current page's. */
  cursors: string[];
  /** A Users / Activity report has run longer than SLOW_REPORT_MS: the view offers Cancel. */
  usersSlow: boolean;
  activitySlow: boolean;
  /** Why the last report stopped without an answer (cancelled, or past the time limit): a notice, not an error. */
  usersStopped: string | null;
  activityStopped: string | null;
  /** Cancels the reports running now (report/cancel). */
  cancelReports(): Promise<void>;
  loadOptions(): Promise<void>;
  loadUsers(nav: UsersNav): Promise<void>;
  loadSeries(nav: UsersNav): Promise<void>;
  /** Loads the newest page of the Activity log for these filters. */
  loadActivity(filters: ActivityNav): Promise<void>;
  older(filters: ActivityNav): Promise<void>;
  newer(filters: ActivityNav): Promise<void>;
  reset(): void;
}

/** The report/users request for a navigation state (empty values left out). */
export function usersRequest(nav: UsersNav) {
  return {
    ...(nav.segment ? { segment: nav.segment } : {}),
    dates: nav.dates,
    ...(nav.sort ? { sort: nav.sort } : {}),
    ...(nav.order ? { order: nav.order } : {}),
    ...(nav.query.trim() ? { query: nav.query.trim() } : {}),
    page: nav.page,
    compare: nav.compare,
  };
}

export function activityRequest(f: ActivityNav, after?: string) {
  return {
    activity: f.activity,
    content: f.content.trim() || 'all-content',
    users: f.users,
    dates: f.dates,
    limit: ACTIVITY_PAGE_SIZE,
    ...(after ? { after } : {}),
    count: false,
  };
}

const EMPTY = {
  options: null,
  optionsError: null,
  users: null,
  usersLoading: false,
  usersError: null,
  series: null,
  seriesError: null,
  activity: null,
  activityLoading: false,
  activityError: null,
  activityTotal: null,
  activityCounting: false,
  cursors: [],
  usersSlow: false,
  activitySlow: false,
  usersStopped: null,
  activityStopped: null,
};

export function createReportsStore(api: AnalyticsApi) {
  const seq = { users: 0, series: 0, activity: 0, count: 0 };
  return createStore<ReportsState>()((set, get) => {
    async function fetchActivity(filters: ActivityNav, cursors: string[]) {
      const n = ++seq.activity;
      set({ activityLoading: true, activityError: null, activityStopped: null, activitySlow: false });
      const slow = setTimeout(() => n === seq.activity && set({ activitySlow: true }), SLOW_REPORT_MS);
      try {
        const data = await unwrap(api.report.activity(activityRequest(filters, cursors[cursors.length - 1])));
        if (n === seq.activity) set({ activity: data, cursors });
      } catch (err) {
        const stopped = stoppedMessage(err);
        if (n === seq.activity) set(stopped ? { activityStopped: stopped } : { activityError: messageOf(err) });
      } finally {
        clearTimeout(slow);
        if (n === seq.activity) set({ activityLoading: false, activitySlow: false });
      }
    }
    return {
      ...EMPTY,
      loadOptions: async () => {
        try {
          set({ options: await unwrap(api.report.options({})), optionsError: null });
        } catch (err) {
          set({ optionsError: messageOf(err) });
        }
      },
      loadUsers: async (nav) => {
        const n = ++seq.users;
        set({ usersLoading: true, usersError: null, usersStopped: null, usersSlow: false });
        const slow = setTimeout(() => n === seq.users && set({ usersSlow: true }), SLOW_REPORT_MS);
        try {
          const data = await unwrap(api.report.users(usersRequest(nav)));
          if (n === seq.users) set({ users: data });
        } catch (err) {
          const stopped = stoppedMessage(err);
          if (n === seq.users) set(stopped ? { usersStopped: stopped } : { usersError: messageOf(err) });
        } finally {
          clearTimeout(slow);
          if (n === seq.users) set({ usersLoading: false, usersSlow: false });
        }
      },
      loadSeries: async (nav) => {
        const n = ++seq.series;
        try {
          const data = await unwrap(
            api.report.series({
              ...(nav.segment ? { segment: nav.segment } : {}),
              dates: nav.dates,
              metrics: nav.metrics.length ? nav.metrics : ['num_questions'],
            }),
          );
          if (n === seq.series) set({ series: data, seriesError: null });
        } catch (err) {
          if (n === seq.series) set({ seriesError: messageOf(err), series: null });
        }
      },
      loadActivity: async (filters) => {
        const n = ++seq.count;
        set({ activityTotal: null, activityCounting: true });
        // The page is requested first: SQLite answers requests in order, and the count takes longer.
        const page = fetchActivity(filters, ['']);
        try {
          const counted = await unwrap(api.report.activity({ ...activityRequest(filters), limit: 1, count: true }));
          if (n === seq.count) set({ activityTotal: counted.total });
        } catch {
          // The page shows the error, if any; the total then stays unknown.
        } finally {
          if (n === seq.count) set({ activityCounting: false });
        }
        await page;
      },
      older: async (filters) => {
        const next = get().activity?.next;
        if (next) await fetchActivity(filters, [...get().cursors, next]);
      },
      newer: async (filters) => {
        const cursors = get().cursors;
        if (cursors.length > 1) await fetchActivity(filters, cursors.slice(0, -1));
      },
      cancelReports: async () => {
        await api.report.cancel({});
      },
      reset: () => set({ ...EMPTY }),
    };
  });
}

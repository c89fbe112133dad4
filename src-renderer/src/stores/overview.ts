// The forum-health reports (issue 14): the Overview, the Retention cohorts and the list of questions
// behind the Overview's answering figures. Each is a slot with its data, loading, error, "still
// running" and "stopped" states; each load supersedes the previous one of its slot, so a slow answer
// never overwrites a newer one (the same rules as the Users view in reports.ts).
import { createStore } from 'zustand/vanilla';
import type { OverviewReportData, QuestionsReportData, RetentionReportData } from '../../../src-preload/contract';
import { type AnalyticsApi, messageOf, unwrap } from '../api';
import type { QuestionsNav, SegmentDatesNav } from './navigation';
import { SLOW_REPORT_MS, stoppedMessage } from './reports';

export interface ReportSlot<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  /** Running longer than SLOW_REPORT_MS: the view offers Cancel. */
  slow: boolean;
  /** Why the last load stopped without an answer (cancelled, past the time limit): a notice, not an error. */
  stopped: string | null;
}

const emptySlot = <T>(): ReportSlot<T> => ({ data: null, loading: false, error: null, slow: false, stopped: null });

export interface HealthState {
  overview: ReportSlot<OverviewReportData>;
  retention: ReportSlot<RetentionReportData>;
  questions: ReportSlot<QuestionsReportData>;
  loadOverview(nav: SegmentDatesNav): Promise<void>;
  loadRetention(nav: SegmentDatesNav): Promise<void>;
  loadQuestions(nav: QuestionsNav): Promise<void>;
  dismissError(slot: SlotName): void;
  reset(): void;
}

export type SlotName = 'overview' | 'retention' | 'questions';

/** The report/overview and report/retention request for the view's filters. */
export function segmentDatesRequest(nav: SegmentDatesNav) {
  return { segment: nav.segment.trim() || 'all-users', dates: nav.dates };
}

export function questionsRequest(nav: QuestionsNav) {
  return { ...segmentDatesRequest(nav), which: nav.which, page: nav.page };
}

export function createHealthStore(api: AnalyticsApi) {
  const seq: Record<SlotName, number> = { overview: 0, retention: 0, questions: 0 };
  return createStore<HealthState>()((set) => {
    const patch = <K extends SlotName>(name: K, p: Partial<HealthState[K]>) => set((s) => ({ [name]: { ...s[name], ...p } }) as Partial<HealthState>);
    async function load<K extends SlotName>(name: K, call: () => Promise<NonNullable<HealthState[K]['data']>>) {
      const n = ++seq[name];
      patch(name, { loading: true, error: null, stopped: null, slow: false } as Partial<HealthState[K]>);
      const slow = setTimeout(() => n === seq[name] && patch(name, { slow: true } as Partial<HealthState[K]>), SLOW_REPORT_MS);
      try {
        const data = await call();
        if (n === seq[name]) patch(name, { data } as Partial<HealthState[K]>);
      } catch (err) {
        const stopped = stoppedMessage(err);
        if (n === seq[name]) patch(name, (stopped ? { stopped } : { error: messageOf(err) }) as Partial<HealthState[K]>);
      } finally {
        clearTimeout(slow);
        if (n === seq[name]) patch(name, { loading: false, slow: false } as Partial<HealthState[K]>);
      }
    }
    return {
      overview: emptySlot(),
      retention: emptySlot(),
      questions: emptySlot(),
      loadOverview: (nav) => load('overview', () => unwrap(api.report.overview(segmentDatesRequest(nav)))),
      loadRetention: (nav) => load('retention', () => unwrap(api.report.retention(segmentDatesRequest(nav)))),
      loadQuestions: (nav) => load('questions', () => unwrap(api.report.questions(questionsRequest(nav)))),
      dismissError: (name) => patch(name, { error: null }),
      reset: () => {
        // Answers still on their way belong to the previous database: they are dropped.
        seq.overview++;
        seq.retention++;
        seq.questions++;
        set({ overview: emptySlot(), retention: emptySlot(), questions: emptySlot() });
      },
    };
  });
}

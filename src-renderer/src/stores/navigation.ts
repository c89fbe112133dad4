// Where the user is: the view, the Overview's and Retention's segment and dates, the Users drill-down
// position and the Activity filters. Kept per
// connection profile in localStorage, so a relaunch opens the same place (DESIGN.md §8).
import { createStore } from 'zustand/vanilla';
import type { ReportLinkData } from '../../../src-preload/contract';

export type ViewName = 'home' | 'overview' | 'users' | 'activity' | 'retention' | 'settings' | 'questions';
/** The views in tab order; Ctrl/⌘+1… follow it. The Overview is the first report. */
export const VIEWS: ReadonlyArray<{ name: ViewName; label: string }> = [
  { name: 'home', label: 'Home' },
  { name: 'overview', label: 'Overview' },
  { name: 'users', label: 'Users' },
  { name: 'activity', label: 'Activity' },
  { name: 'retention', label: 'Retention' },
  { name: 'settings', label: 'Settings' },
];

/** The Overview's and the Retention view's filters: a users segment (as the Users view names it) and dates. */
export interface SegmentDatesNav {
  /** `all-users`, a segment slug, `group:N` or `user:N`. */
  segment: string;
  dates: string;
}

export type QuestionsWhich = 'asked' | 'answered' | 'answered-24h' | 'unanswered';

/** The list of questions behind one of the Overview's answering figures (opened from the figure, not a tab). */
export interface QuestionsNav extends SegmentDatesNav {
  which: QuestionsWhich;
  page: number;
}

export interface UsersNav {
  /** null: the segments level; a segment slug; `group:N`; `user:N`. */
  segment: string | null;
  dates: string;
  sort: string;
  order: 'asc' | 'desc' | '';
  query: string;
  page: number;
  compare: boolean;
  metrics: string[];
  chart: 'line' | 'bar';
}

export interface ActivityNav {
  activity: string;
  content: string;
  users: string;
  dates: string;
}

export interface NavigationData {
  view: ViewName;
  overview: SegmentDatesNav;
  retention: SegmentDatesNav;
  questions: QuestionsNav;
  users: UsersNav;
  activity: ActivityNav;
}

export const DEFAULT_DATES = 'last-30-days';

/** Retention reads months: the cohorts of the last six full months by default. */
export const DEFAULT_RETENTION_DATES = 'last-6-months';

export const DEFAULT_NAV: NavigationData = {
  view: 'home',
  overview: { segment: 'all-users', dates: DEFAULT_DATES },
  retention: { segment: 'all-users', dates: DEFAULT_RETENTION_DATES },
  questions: { segment: 'all-users', dates: DEFAULT_DATES, which: 'unanswered', page: 1 },
  users: {
    segment: null,
    dates: DEFAULT_DATES,
    sort: '',
    order: '',
    query: '',
    page: 1,
    compare: false,
    metrics: ['num_questions', 'num_answers'],
    chart: 'line',
  },
  activity: { activity: 'all-activity', content: 'all-content', users: 'all-users', dates: DEFAULT_DATES },
};

/** The metric's activity segment: what the Activity log shows for a number in that column. */
export const METRIC_ACTIVITY: Record<string, string> = {
  num_questions: 'question-posted',
  num_answers: 'answer-posted',
  num_upvotes: 'content-upvoted',
  num_downvotes: 'content-downvoted',
  question_views: 'question-viewed',
  num_users_added: 'registered',
};

export interface NavigationState extends NavigationData {
  /** The profile whose navigation this is (null before a profile is open). */
  profileKey: string | null;
  /** Loads the saved navigation of a profile (or the defaults). */
  restore(profileKey: string | null): void;
  setView(view: ViewName): void;
  /** Changes Users settings; anything but a page change starts again at page 1. */
  setUsers(patch: Partial<UsersNav>): void;
  /** Opens a level of the Users drill-down (the search box starts empty). */
  drill(segment: string | null): void;
  setActivity(patch: Partial<ActivityNav>): void;
  /** Opens the Activity log for a Users row and, optionally, one of its metrics. */
  openActivity(users: string, metric: string | null): void;
  /** Opens the Activity log with exactly these filters (from the Overview's figures and top lists). */
  showActivity(filters: Partial<ActivityNav> & { dates: string }): void;
  setOverview(patch: Partial<SegmentDatesNav>): void;
  setRetention(patch: Partial<SegmentDatesNav>): void;
  /** Opens the Overview of a segment, organization or user, keeping the Overview's dates. */
  openOverview(segment: string): void;
  setQuestions(patch: Partial<QuestionsNav>): void;
  /** Goes where a report's figure or top-list entry leads (the Activity log, the questions, the Users view). */
  followLink(link: ReportLinkData): void;
}

/** localStorage, or a fake in the tests. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const storageKey = (profileKey: string) => `aac.nav.${profileKey}`;

const QUESTIONS_WHICH: ReadonlyArray<QuestionsWhich> = ['asked', 'answered', 'answered-24h', 'unanswered'];

function questionsNav(saved: unknown): QuestionsNav {
  const d = DEFAULT_NAV.questions;
  if (typeof saved !== 'object' || !saved) return d;
  const q = saved as Partial<QuestionsNav>;
  return {
    segment: typeof q.segment === 'string' && q.segment ? q.segment : d.segment,
    dates: typeof q.dates === 'string' && q.dates ? q.dates : d.dates,
    which: QUESTIONS_WHICH.includes(q.which as QuestionsWhich) ? (q.which as QuestionsWhich) : d.which,
    page: Number.isInteger(q.page) && (q.page as number) >= 1 ? (q.page as number) : 1,
  };
}

/** Saved data is trusted only as far as it has the right shape; anything else falls back to defaults. */
export function parseNavigation(text: string | null): NavigationData {
  if (!text) return DEFAULT_NAV;
  try {
    const raw = JSON.parse(text) as Partial<NavigationData>;
    const view = DEFAULT_NAV.view;
    const segmentDates = (saved: unknown, defaults: SegmentDatesNav): SegmentDatesNav => {
      if (typeof saved !== 'object' || !saved) return defaults;
      const { segment, dates } = saved as Partial<SegmentDatesNav>;
      return {
        segment: typeof segment === 'string' && segment ? segment : defaults.segment,
        dates: typeof dates === 'string' && dates ? dates : defaults.dates,
      };
    };
    return {
      view: VIEWS.some((v) => v.name === raw.view) || raw.view === 'questions' ? (raw.view as ViewName) : view,
      overview: segmentDates(raw.overview, DEFAULT_NAV.overview),
      retention: segmentDates(raw.retention, DEFAULT_NAV.retention),
      questions: questionsNav(raw.questions),
      users: { ...DEFAULT_NAV.users, ...(typeof raw.users === 'object' && raw.users ? raw.users : {}) },
      activity: { ...DEFAULT_NAV.activity, ...(typeof raw.activity === 'object' && raw.activity ? raw.activity : {}) },
    };
  } catch {
    return DEFAULT_NAV;
  }
}

export function createNavigationStore(storage: KeyValueStorage | null) {
  return createStore<NavigationState>()((set, get) => {
    const persist = () => {
      const { profileKey, view, overview, retention, questions, users, activity } = get();
      if (!profileKey || !storage) return;
      try {
        storage.setItem(storageKey(profileKey), JSON.stringify({ view, overview, retention, questions, users, activity }));
      } catch {
        // Storage full or unavailable: navigation just isn't remembered.
      }
    };
    const update = (patch: Partial<NavigationData>) => {
      set(patch);
      persist();
    };
    return {
      ...DEFAULT_NAV,
      profileKey: null,
      restore: (profileKey) => set({ profileKey, ...(profileKey && storage ? parseNavigation(storage.getItem(storageKey(profileKey))) : DEFAULT_NAV) }),
      setView: (view) => update({ view }),
      setUsers: (patch) => {
        const page = 'page' in patch ? (patch.page ?? 1) : 1;
        update({ users: { ...get().users, ...patch, page } });
      },
      drill: (segment) => update({ users: { ...get().users, segment, query: '', page: 1, sort: '', order: '' } }),
      setActivity: (patch) => update({ activity: { ...get().activity, ...patch } }),
      openActivity: (users, metric) =>
        update({
          view: 'activity',
          activity: { users, activity: (metric && METRIC_ACTIVITY[metric]) || 'all-activity', content: 'all-content', dates: get().users.dates },
        }),
      showActivity: (filters) => update({ view: 'activity', activity: { ...DEFAULT_NAV.activity, ...filters } }),
      setOverview: (patch) => update({ overview: { ...get().overview, ...patch } }),
      setRetention: (patch) => update({ retention: { ...get().retention, ...patch } }),
      openOverview: (segment) => update({ view: 'overview', overview: { ...get().overview, segment } }),
      setQuestions: (patch) => {
        const page = 'page' in patch ? (patch.page ?? 1) : 1;
        update({ questions: { ...get().questions, ...patch, page } });
      },
      followLink: (link) => {
        if (link.view === 'activity') {
          update({ view: 'activity', activity: { activity: link.activity, users: link.users, content: link.content ?? 'all-content', dates: link.dates } });
        } else if (link.view === 'questions') {
          update({ view: 'questions', questions: { which: link.which, segment: link.segment, dates: link.dates, page: 1 } });
        } else {
          update({
            view: 'users',
            users: { ...get().users, segment: link.segment === 'all-users' ? null : link.segment, dates: link.dates, query: '', page: 1, sort: '', order: '' },
          });
        }
      },
    };
  });
}

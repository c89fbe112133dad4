// Where the user is: the view, the Users drill-down position and the Activity filters. Kept per
// connection profile in localStorage, so a relaunch opens the same place (DESIGN.md §8).
import { createStore } from 'zustand/vanilla';

export type ViewName = 'home' | 'users' | 'activity' | 'settings';
export const VIEWS: ReadonlyArray<{ name: ViewName; label: string }> = [
  { name: 'home', label: 'Home' },
  { name: 'users', label: 'Users' },
  { name: 'activity', label: 'Activity' },
  { name: 'settings', label: 'Settings' },
];

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
  users: UsersNav;
  activity: ActivityNav;
}

export const DEFAULT_DATES = 'last-30-days';

export const DEFAULT_NAV: NavigationData = {
  view: 'home',
  users: { segment: null, dates: DEFAULT_DATES, sort: '', order: '', query: '', page: 1, compare: false, metrics: ['num_questions', 'num_answers'], chart: 'line' },
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
}

/** localStorage, or a fake in the tests. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const storageKey = (profileKey: string) => `aac.nav.${profileKey}`;

/** Saved data is trusted only as far as it has the right shape; anything else falls back to defaults. */
export function parseNavigation(text: string | null): NavigationData {
  if (!text) return DEFAULT_NAV;
  try {
    const raw = JSON.parse(text) as Partial<NavigationData>;
    const view = DEFAULT_NAV.view;
    return {
      view: VIEWS.some((v) => v.name === raw.view) ? (raw.view as ViewName) : view,
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
      const { profileKey, view, users, activity } = get();
      if (!profileKey || !storage) return;
      try {
        storage.setItem(storageKey(profileKey), JSON.stringify({ view, users, activity }));
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
    };
  });
}

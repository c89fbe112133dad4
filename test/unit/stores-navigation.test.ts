import { describe, expect, it } from 'vitest';
import { shortcutOf } from '../../src-renderer/src/shortcuts';
import { DEFAULT_NAV, createNavigationStore, parseNavigation } from '../../src-renderer/src/stores/navigation';

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('navigation store', () => {
  it('persists per profile and restores on relaunch', () => {
    const storage = memoryStorage();
    const a = createNavigationStore(storage);
    a.getState().restore('profile-a');
    a.getState().setView('users');
    a.getState().setUsers({ dates: '2026-01-01..2026-01-31', compare: true });
    a.getState().drill('group:7');
    a.getState().restore('profile-b');
    expect(a.getState().view).toBe('home');
    a.getState().setView('activity');

    // A new window (relaunch) with the same storage.
    const b = createNavigationStore(storage);
    b.getState().restore('profile-a');
    expect(b.getState().view).toBe('users');
    expect(b.getState().users).toMatchObject({ segment: 'group:7', dates: '2026-01-01..2026-01-31', compare: true, page: 1 });
    b.getState().restore('profile-b');
    expect(b.getState().view).toBe('activity');
  });

  it('starts again at page 1 when anything but the page changes; drilling clears search and sort', () => {
    const s = createNavigationStore(null);
    s.getState().setUsers({ page: 3 });
    expect(s.getState().users.page).toBe(3);
    s.getState().setUsers({ sort: 'num_answers', order: 'desc' });
    expect(s.getState().users.page).toBe(1);
    s.getState().setUsers({ query: 'ann', page: 2 });
    s.getState().drill('group:2');
    expect(s.getState().users).toMatchObject({ segment: 'group:2', query: '', sort: '', order: '', page: 1 });
  });

  it('opens the Activity log for a metric with its activity segment and the same dates', () => {
    const s = createNavigationStore(null);
    s.getState().setUsers({ dates: 'last-month' });
    s.getState().openActivity('user:5', 'num_answers');
    expect(s.getState().view).toBe('activity');
    expect(s.getState().activity).toEqual({ users: 'user:5', activity: 'answer-posted', content: 'all-content', dates: 'last-month' });
    s.getState().openActivity('group:3', 'question_views');
    expect(s.getState().activity.activity).toBe('question-viewed');
    s.getState().openActivity('group:3', 'num_users_added');
    expect(s.getState().activity.activity).toBe('registered');
    s.getState().openActivity('staff', null);
    expect(s.getState().activity).toMatchObject({ users: 'staff', activity: 'all-activity' });
    s.getState().openActivity('staff', 'time_on_site_seconds');
    expect(s.getState().activity.activity).toBe('all-activity');
  });

  it('keeps the Overview, Retention and questions filters per profile; a Users level opens its Overview', () => {
    const storage = memoryStorage();
    const a = createNavigationStore(storage);
    a.getState().restore('p');
    a.getState().setOverview({ dates: 'last-month' });
    a.getState().setRetention({ segment: 'group:4', dates: '2026-01-01..2026-06-30' });
    a.getState().openOverview('group:9');
    expect(a.getState()).toMatchObject({ view: 'overview', overview: { segment: 'group:9', dates: 'last-month' } });
    a.getState().setQuestions({ which: 'answered', page: 3 });
    a.getState().setQuestions({ which: 'asked' });
    expect(a.getState().questions.page).toBe(1);
    const b = createNavigationStore(storage);
    b.getState().restore('p');
    expect(b.getState().overview).toEqual({ segment: 'group:9', dates: 'last-month' });
    expect(b.getState().retention).toEqual({ segment: 'group:4', dates: '2026-01-01..2026-06-30' });
    expect(b.getState().questions).toMatchObject({ which: 'asked', page: 1 });
  });

  it('follows report links to the Activity log, the questions list and the Users view', () => {
    const s = createNavigationStore(null);
    s.getState().followLink({ view: 'activity', activity: 'question-posted', users: 'user:7', dates: '2026-01-01..2026-01-31' });
    expect(s.getState().view).toBe('activity');
    expect(s.getState().activity).toEqual({ activity: 'question-posted', users: 'user:7', content: 'all-content', dates: '2026-01-01..2026-01-31' });
    s.getState().followLink({ view: 'activity', activity: 'question-viewed', users: 'all-users', content: 'post:12', dates: '2026-02-01..2026-02-28' });
    expect(s.getState().activity.content).toBe('post:12');
    s.getState().followLink({ view: 'questions', which: 'unanswered', segment: 'group:3', dates: '2026-01-01..2026-01-31' });
    expect(s.getState().view).toBe('questions');
    expect(s.getState().questions).toEqual({ which: 'unanswered', segment: 'group:3', dates: '2026-01-01..2026-01-31', page: 1 });
    s.getState().setUsers({ query: 'ann', page: 4 });
    s.getState().followLink({ view: 'users', segment: 'all-users', dates: '2026-03-01..2026-03-31' });
    expect(s.getState().view).toBe('users');
    expect(s.getState().users).toMatchObject({ segment: null, dates: '2026-03-01..2026-03-31', query: '', page: 1 });
    s.getState().followLink({ view: 'users', segment: 'group:5', dates: '2026-03-01..2026-03-31' });
    expect(s.getState().users.segment).toBe('group:5');
  });

  it('falls back to the defaults for damaged saved data', () => {
    expect(parseNavigation(null)).toEqual(DEFAULT_NAV);
    expect(parseNavigation('{not json')).toEqual(DEFAULT_NAV);
    expect(parseNavigation('{"view":"nowhere","users":5}')).toEqual(DEFAULT_NAV);
    expect(parseNavigation('{"view":"settings"}').view).toBe('settings');
    expect(parseNavigation('{"view":"questions"}').view).toBe('questions');
    const damaged = parseNavigation('{"view":"retention","overview":{"segment":5,"dates":""},"retention":"x","questions":{"which":"nope","page":-2}}');
    expect(damaged).toMatchObject({ view: 'retention', overview: DEFAULT_NAV.overview, retention: DEFAULT_NAV.retention, questions: DEFAULT_NAV.questions });
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    key: k,
    code: /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : `Digit${k}`,
    ...mods,
  });
  it('switches views with Ctrl or Cmd + 1..6 in tab order and compiles with Ctrl/Cmd+Shift+C', () => {
    expect(shortcutOf(key('1', { ctrlKey: true }))).toEqual({ view: 'home' });
    expect(shortcutOf(key('2', { metaKey: true }))).toEqual({ view: 'overview' });
    expect(shortcutOf(key('3', { ctrlKey: true }))).toEqual({ view: 'users' });
    expect(shortcutOf(key('4', { ctrlKey: true }))).toEqual({ view: 'activity' });
    expect(shortcutOf(key('5', { ctrlKey: true }))).toEqual({ view: 'retention' });
    expect(shortcutOf(key('6', { ctrlKey: true }))).toEqual({ view: 'settings' });
    expect(shortcutOf(key('C', { ctrlKey: true, shiftKey: true }))).toEqual({ compile: true });
  });
  it('ignores keys without the modifier, other digits and Alt combinations', () => {
    expect(shortcutOf(key('1'))).toBeNull();
    expect(shortcutOf(key('7', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('c', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('1', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});

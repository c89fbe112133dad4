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

  it('falls back to the defaults for damaged saved data', () => {
    expect(parseNavigation(null)).toEqual(DEFAULT_NAV);
    expect(parseNavigation('{not json')).toEqual(DEFAULT_NAV);
    expect(parseNavigation('{"view":"nowhere","users":5}')).toEqual(DEFAULT_NAV);
    expect(parseNavigation('{"view":"settings"}').view).toBe('settings');
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
  it('switches views with Ctrl or Cmd + 1..4 and compiles with Ctrl/Cmd+Shift+C', () => {
    expect(shortcutOf(key('1', { ctrlKey: true }))).toEqual({ view: 'home' });
    expect(shortcutOf(key('2', { metaKey: true }))).toEqual({ view: 'users' });
    expect(shortcutOf(key('4', { ctrlKey: true }))).toEqual({ view: 'settings' });
    expect(shortcutOf(key('C', { ctrlKey: true, shiftKey: true }))).toEqual({ compile: true });
  });
  it('ignores keys without the modifier, other digits and Alt combinations', () => {
    expect(shortcutOf(key('1'))).toBeNull();
    expect(shortcutOf(key('5', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('c', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('1', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});

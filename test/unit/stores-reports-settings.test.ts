import { describe, expect, it } from 'vitest';
import type { ActivityReportData, AnalyticsSettings, UsersReportData } from '../../src-preload/contract';
import { DEFAULT_NAV } from '../../src-renderer/src/stores/navigation';
import { ACTIVITY_PAGE_SIZE, createReportsStore, usersRequest } from '../../src-renderer/src/stores/reports';
import { createSettingsStore, parseSettingsProblems } from '../../src-renderer/src/stores/settings';
import { fail, fakeApi, ok } from './stores-fake-api';

const RANGE = { start: '2026-01-01', end: '2026-01-31', partial: false };
const metrics = {
  num_users: 1,
  num_users_added: 0,
  num_questions: 2,
  num_answers: 0,
  num_upvotes: 0,
  num_downvotes: 0,
  question_views: 0,
  time_on_site_seconds: 60,
};
const usersData = (segment: string | null): UsersReportData => ({
  level: segment ? 'users' : 'segments',
  segment,
  range: RANGE,
  rows: [{ key: 'user:1', name: 'ann', ...metrics }],
  total: { key: 'total', name: 'Total', ...metrics },
  row_count: 1,
  page: 1,
  pages: 1,
  breadcrumbs: [{ label: 'All Users', segment: null }],
  excludeStaff: false,
});
const page = (n: number, next: string | null): ActivityReportData => ({
  range: RANGE,
  rows: [
    {
      id: n,
      timestamp: '2026-01-02T00:00:00Z',
      event_type: 9,
      event: 'Asked question',
      user: { id: 1, username: 'ann' },
      organization: null,
      organizations: [],
      object: { type: 'post', id: n, post_type: 'question', title: `Q${n}`, thread_id: n },
    },
  ],
  next,
  total: 3,
  excludeStaff: false,
  breadcrumbs: [],
});

describe('reports store', () => {
  it('maps the navigation to report/users and leaves out empty values', () => {
    expect(usersRequest(DEFAULT_NAV.users)).toEqual({ dates: 'last-30-days', page: 1, compare: false });
    expect(usersRequest({ ...DEFAULT_NAV.users, segment: 'group:3', sort: 'num_answers', order: 'desc', query: '  ann ', page: 2, compare: true })).toEqual({
      segment: 'group:3',
      dates: 'last-30-days',
      sort: 'num_answers',
      order: 'desc',
      query: 'ann',
      page: 2,
      compare: true,
    });
  });

  it('keeps only the newest Users answer when an older one arrives late', async () => {
    const pending: Array<() => void> = [];
    const f = fakeApi({
      'report/users': (r) => new Promise((resolve) => pending.push(() => resolve(ok(usersData(r.segment ?? null))))),
    });
    const store = createReportsStore(f.api);
    const first = store.getState().loadUsers(DEFAULT_NAV.users);
    const second = store.getState().loadUsers({ ...DEFAULT_NAV.users, segment: 'group:2' });
    pending[1]!();
    await second;
    pending[0]!();
    await first;
    expect(store.getState().users?.segment).toBe('group:2');
    expect(store.getState().usersLoading).toBe(false);
  });

  it('shows a report error (e.g. a bad custom range)', async () => {
    const f = fakeApi({ 'report/users': () => fail('INVALID_INPUT', 'the range starts after it ends: 2026-02-01..2026-01-01') });
    const store = createReportsStore(f.api);
    await store.getState().loadUsers({ ...DEFAULT_NAV.users, dates: '2026-02-01..2026-01-01' });
    expect(store.getState().usersError).toContain('starts after it ends');
    expect(store.getState().users).toBeNull();
  });

  it('loads series for the current segment with the selected metrics', async () => {
    const f = fakeApi({
      'report/series': (r) =>
        ok({
          segment: r.segment ?? 'all-users',
          range: RANGE,
          granularity: 'day' as const,
          metrics: (r.metrics ?? []) as Array<'num_answers'>,
          points: [],
          excludeStaff: false,
        }),
    });
    const store = createReportsStore(f.api);
    await store.getState().loadSeries({ ...DEFAULT_NAV.users, segment: 'user:4', metrics: ['num_answers'] });
    expect(f.callsOf('report/series')).toEqual([{ segment: 'user:4', dates: 'last-30-days', metrics: ['num_answers'] }]);
    expect(store.getState().series?.segment).toBe('user:4');
  });

  it('pages the Activity log with keyset cursors: Older pushes, Newer pops', async () => {
    const pages: Record<string, ActivityReportData> = { '': page(1, 'c2'), c2: page(2, 'c3'), c3: page(3, null) };
    // Pages are asked for without the total (null); the total comes from its own request.
    const f = fakeApi({ 'report/activity': (r) => ok(r.count ? { ...page(1, 'c2'), total: 42 } : { ...pages[r.after ?? '']!, total: null }) });
    const store = createReportsStore(f.api);
    const filters = { ...DEFAULT_NAV.activity, activity: 'question-posted' };
    await store.getState().loadActivity(filters);
    expect(store.getState().activityTotal).toBe(42);
    expect(store.getState().activityCounting).toBe(false);
    await store.getState().older(filters);
    await store.getState().older(filters);
    expect(store.getState().activity?.rows[0]?.id).toBe(3);
    expect(store.getState().cursors).toEqual(['', 'c2', 'c3']);
    await store.getState().older(filters); // no next: stays
    expect(store.getState().cursors).toHaveLength(3);
    await store.getState().newer(filters);
    expect(store.getState().activity?.rows[0]?.id).toBe(2);
    await store.getState().newer(filters);
    await store.getState().newer(filters); // already the newest page
    expect(store.getState().activity?.rows[0]?.id).toBe(1);
    const base = { activity: 'question-posted', content: 'all-content', users: 'all-users', dates: 'last-30-days' };
    expect(f.callsOf('report/activity')[0]).toEqual({ ...base, limit: ACTIVITY_PAGE_SIZE, count: false });
    expect(f.callsOf('report/activity')[1]).toEqual({ ...base, limit: 1, count: true });
    expect(f.callsOf('report/activity')[2]).toMatchObject({ after: 'c2', count: false });
    // The total is counted once per filter set, not per page.
    expect(f.callsOf('report/activity').filter((c) => (c as { count?: boolean }).count === true)).toHaveLength(1);
    expect(store.getState().activityTotal).toBe(42);
  });

  it('keeps an Activity error and the page it was on', async () => {
    let calls = 0;
    const f = fakeApi({
      'report/activity': (r) =>
        r.count ? ok(page(1, 'c2')) : ++calls === 1 ? ok(page(1, 'c2')) : fail('INVALID_INPUT', 'the cursor is not valid for these filters'),
    });
    const store = createReportsStore(f.api);
    await store.getState().loadActivity(DEFAULT_NAV.activity);
    await store.getState().older(DEFAULT_NAV.activity);
    expect(store.getState().activityError).toContain('cursor');
    expect(store.getState().cursors).toEqual(['']);
    expect(store.getState().activity?.rows[0]?.id).toBe(1);
  });

  it('shows the page when the count fails, with the total unknown', async () => {
    const f = fakeApi({ 'report/activity': (r) => (r.count ? fail('CANCELLED', 'The statement was cancelled') : ok(page(1, null))) });
    const store = createReportsStore(f.api);
    await store.getState().loadActivity(DEFAULT_NAV.activity);
    expect(store.getState().activity?.rows[0]?.id).toBe(1);
    expect(store.getState().activityError).toBeNull();
    expect(store.getState().activityTotal).toBeNull();
    expect(store.getState().activityCounting).toBe(false);
  });
});

describe('settings store', () => {
  const settings: AnalyticsSettings = {
    ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: 30,
    ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED: false,
    ASKBOT_ANALYTICS_NAMED_SEGMENTS: [],
    ASKBOT_ANALYTICS_DEFAULT_SEGMENT: {},
    USE_TZ: true,
    TIME_ZONE: 'UTC',
    REPORT_TIMEOUT_SECONDS: 30,
    EXCLUDE_STAFF: false,
  };
  const view = {
    settings,
    problems: [{ key: 'ASKBOT_ANALYTICS_NAMED_SEGMENTS[0].group_ids', problem: 'group 9 is not used for analytics' }],
    googleAnalyticsKey: '',
    canEditGoogleAnalyticsKey: true,
  };

  it('parses a SETTINGS message into problems by setting', () => {
    const message =
      'Invalid analytics settings:\n  TIME_ZONE: "Mars" is not an IANA time zone name\n  ASKBOT_ANALYTICS_NAMED_SEGMENTS[1].slug: "a b" must match [a-z0-9-]+';
    expect(parseSettingsProblems(message)).toEqual({
      TIME_ZONE: ['"Mars" is not an IANA time zone name'],
      ASKBOT_ANALYTICS_NAMED_SEGMENTS: ['[1].slug: "a b" must match [a-z0-9-]+'],
    });
  });

  it('loads the settings with the database problems next to their keys, and saves', async () => {
    const f = fakeApi({
      'settings/get': () => ok(view),
      'settings/save': (r) => ok({ ...view, settings: { ...settings, TIME_ZONE: String(r.settings.TIME_ZONE) }, problems: [] }),
    });
    const store = createSettingsStore(f.api);
    await store.getState().load();
    expect(store.getState().problems).toEqual({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: ['[0].group_ids: group 9 is not used for analytics'] });
    await expect(store.getState().save({ TIME_ZONE: 'Europe/Paris' })).resolves.toBe(true);
    expect(f.callsOf('settings/save')).toEqual([{ settings: { TIME_ZONE: 'Europe/Paris' } }]);
    expect(store.getState().view?.settings).toEqual({ ...settings, TIME_ZONE: 'Europe/Paris' });
    expect(store.getState().problems).toEqual({});
    expect(store.getState().notice).toBe('Settings saved.');
  });

  it('shows each validation problem of a refused save next to its key', async () => {
    const f = fakeApi({
      'settings/save': () => fail('SETTINGS', 'Invalid analytics settings:\n  ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: must be a positive integer'),
    });
    const store = createSettingsStore(f.api);
    await expect(store.getState().save({ ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: -1 })).resolves.toBe(false);
    expect(store.getState().problems).toEqual({ ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: ['must be a positive integer'] });
    expect(store.getState().error).toContain('not saved');
  });

  it('sets the tracking ID, and shows a refusal', async () => {
    const f = fakeApi({
      'settings/setGoogleAnalyticsKey': (r) =>
        r.key === 'bad' ? fail('AUTH', 'Only forum administrators may change the Google Analytics tracking ID') : ok({ ...view, googleAnalyticsKey: r.key }),
    });
    const store = createSettingsStore(f.api);
    await expect(store.getState().setGoogleAnalyticsKey('G-ABC123')).resolves.toBe(true);
    expect(store.getState().view?.googleAnalyticsKey).toBe('G-ABC123');
    await expect(store.getState().setGoogleAnalyticsKey('bad')).resolves.toBe(false);
    expect(store.getState().error).toContain('Only forum administrators');
  });
});

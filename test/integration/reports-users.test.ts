// The Users drill-down on both engines against hand-computed numbers (and, for every preset, the
// brute-force oracle of the fixture).
import { beforeAll, afterAll, expect, it } from 'vitest';
import type { Db } from '../../src-main/core/db/types';
import { insertGroups, insertUsers, joinGroups } from '../../src-main/core/forum/users';
import { DATE_PRESETS, reportUsers, resolveDateRange, type UsersRow } from '../../src-main/core/reports';
import { parseSettings } from '../../src-main/core/settings';
import { parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { buildReportFixture, membersOf, NOW, oracleMetrics, restUsers, TODAY, FIXTURE_USERS, type ReportFixture } from '../helpers/report-fixture';

const ZERO = { num_questions: 0, num_answers: 0, num_upvotes: 0, num_downvotes: 0, question_views: 0, time_on_site_seconds: 0 };
const ALL = FIXTURE_USERS.map((u) => u.name);
const strip = ({ key: _k, name: _n, ...m }: UsersRow) => m;

describeEachEngine('Users report', (engine) => {
  let db: Db;
  let f: ReportFixture;
  beforeAll(async () => {
    ({ db } = await freshAskbotDb(engine));
    f = await buildReportFixture(db);
  });
  afterAll(async () => db.close());

  it('level 1: named segments, the default segment and All, each user counted once (hand-computed)', async () => {
    const r = await reportUsers(db, f.settings, { dates: 'last-30-days', now: NOW });
    expect(r.level).toBe('segments');
    expect(r.range).toEqual({ start: '2026-02-14', end: '2026-03-15', partial: true, preset: 'last-30-days' });
    expect(r.rows.map((x) => x.key)).toEqual(['staff', 'partners', 'rest', 'all-users']);
    expect(r.rows[0]).toEqual({
      key: 'staff',
      name: 'Staff',
      num_users: 1,
      num_users_added: 0,
      num_questions: 1,
      num_answers: 2,
      num_upvotes: 0,
      num_downvotes: 0,
      question_views: 0,
      time_on_site_seconds: 600,
    });
    expect(r.rows[1]).toEqual({
      key: 'partners',
      name: 'Partners',
      num_users: 2,
      num_users_added: 1,
      num_questions: 3,
      num_answers: 2,
      num_upvotes: 1,
      num_downvotes: 3,
      question_views: 0,
      time_on_site_seconds: 4200,
    });
    // Rest: cat, dan, eve (blocked), fay (joins tomorrow), gus; dan joined at 23:30 today and counts.
    expect(r.rows[2]).toEqual({
      key: 'rest',
      name: 'Rest of Users',
      num_users: 3,
      num_users_added: 2,
      num_questions: 1,
      num_answers: 1,
      num_upvotes: 0,
      num_downvotes: 0,
      question_views: 8,
      time_on_site_seconds: 150,
    });
    // All: ann is in both named segments and still counted once (1 + 3 + 1 questions over the segments, 4 in all).
    const all = {
      num_users: 5,
      num_users_added: 3,
      num_questions: 4,
      num_answers: 3,
      num_upvotes: 1,
      num_downvotes: 3,
      question_views: 8,
      time_on_site_seconds: 4350,
    };
    expect(r.rows[3]).toEqual({ key: 'all-users', name: 'All Users', ...all });
    expect(r.total).toEqual({ key: 'all-users', name: 'Total', ...all });
    expect([r.page, r.pages, r.row_count]).toEqual([1, 1, 4]);
    expect(r.breadcrumbs).toEqual([{ label: 'Segments', segment: null }]);
  });

  it('every preset on a fixed today matches the oracle for each segment', async () => {
    for (const preset of DATE_PRESETS) {
      const range = resolveDateRange(preset, { today: TODAY, earliest: '2025-01-01' });
      const r = await reportUsers(db, f.settings, { dates: preset, now: NOW });
      expect(r.range, preset).toEqual(range);
      const want = [membersOf('Staff'), membersOf('Partners'), restUsers(), ALL].map((u) => oracleMetrics(u, range));
      expect(r.rows.map(strip), preset).toEqual(want);
    }
  });

  it('boundary days by hand: last-7-days keeps its first day and drops the day before', async () => {
    const r = await reportUsers(db, f.settings, { dates: 'last-7-days', now: NOW });
    // 03-09 (bob: 2 questions, 1 upvote) in; 03-08 (cat) out; only dan joined in the range.
    expect(strip(r.total)).toEqual({
      num_users: 5,
      num_users_added: 1,
      num_questions: 3,
      num_answers: 0,
      num_upvotes: 1,
      num_downvotes: 0,
      question_views: 3,
      time_on_site_seconds: 720,
    });
    const lastYear = await reportUsers(db, f.settings, { dates: 'last-year', now: NOW });
    // Users: ann and gus (eve is blocked). 2025-01-01 (ann, 1 question) and 2025-12-31 (ann, 4 views), 12-01 (gus, 1 answer), 11-30 (2 upvotes), 09-01 and 08-31 views.
    expect(strip(lastYear.total)).toEqual({
      num_users: 2,
      num_users_added: 1,
      num_questions: 1,
      num_answers: 1,
      num_upvotes: 2,
      num_downvotes: 0,
      question_views: 12,
      time_on_site_seconds: 0,
    });
    const all = await reportUsers(db, f.settings, { dates: 'all-time', now: NOW });
    expect(all.range).toMatchObject({ start: '2025-01-01', end: '2026-03-15' });
  });

  it('level 2: organizations only (no named-segment, personal or non-analytics groups), sorted by name', async () => {
    const r = await reportUsers(db, f.settings, { segment: 'rest', dates: 'last-30-days', now: NOW });
    expect(r.level).toBe('groups');
    expect(r.rows.map((x) => x.name)).toEqual(['100% Pure', 'Acme', 'Beta_Corp', 'Gamma']);
    expect(r.rows.map((x) => x.key)).toEqual([
      `group:${f.groups['100% Pure']}`,
      `group:${f.groups.Acme}`,
      `group:${f.groups.Beta_Corp}`,
      `group:${f.groups.Gamma}`,
    ]);
    const beta = r.rows[2]!;
    // cat and eve: eve is blocked, so 1 user; eve's question still counts.
    expect(strip(beta)).toEqual({
      num_users: 1,
      num_users_added: 1,
      num_questions: 1,
      num_answers: 1,
      num_upvotes: 0,
      num_downvotes: 0,
      question_views: 5,
      time_on_site_seconds: 30,
    });
    expect(strip(r.rows[1]!)).toEqual({
      num_users: 2,
      num_users_added: 2,
      num_questions: 0,
      num_answers: 1,
      num_upvotes: 0,
      num_downvotes: 0,
      question_views: 8,
      time_on_site_seconds: 120,
    });
    expect(strip(r.rows[3]!)).toEqual({ num_users: 0, num_users_added: 0, ...ZERO });
    // cat is in Acme and Beta_Corp: the total counts her once.
    expect(strip(r.total)).toEqual({
      num_users: 2,
      num_users_added: 2,
      num_questions: 1,
      num_answers: 1,
      num_upvotes: 0,
      num_downvotes: 0,
      question_views: 8,
      time_on_site_seconds: 150,
    });
    expect(r.breadcrumbs).toEqual([
      { label: 'Segments', segment: null },
      { label: 'Rest of Users', segment: 'rest' },
    ]);
  });

  it('level 3: users of a named segment, a group, All, or one user; user counts are null on rows', async () => {
    const staff = await reportUsers(db, f.settings, { segment: 'partners', dates: 'last-30-days', now: NOW });
    expect(staff.level).toBe('users');
    expect(staff.rows).toEqual([
      {
        key: `user:${f.users.ann}`,
        name: 'ann',
        num_users: null,
        num_users_added: null,
        num_questions: 1,
        num_answers: 2,
        num_upvotes: 0,
        num_downvotes: 0,
        question_views: 0,
        time_on_site_seconds: 600,
      },
      {
        key: `user:${f.users.bob}`,
        name: 'bob',
        num_users: null,
        num_users_added: null,
        num_questions: 2,
        num_answers: 0,
        num_upvotes: 1,
        num_downvotes: 3,
        question_views: 0,
        time_on_site_seconds: 3600,
      },
    ]);
    expect(strip(staff.total)).toMatchObject({ num_users: 2, num_users_added: 1 });
    const beta = await reportUsers(db, f.settings, { segment: `group:${f.groups.Beta_Corp}`, dates: 'last-30-days', now: NOW });
    expect(beta.rows.map((x) => x.name)).toEqual(['cat', 'eve']);
    expect(beta.total.num_users).toBe(1);
    expect(beta.breadcrumbs.map((b) => b.label)).toEqual(['Segments', 'Rest of Users', 'Beta_Corp']);
    const staffGroup = await reportUsers(db, f.settings, { segment: `group:${f.groups.Staff}`, now: NOW });
    expect(staffGroup.breadcrumbs.map((b) => b.segment)).toEqual([null, 'staff', `group:${f.groups.Staff}`]);
    const all = await reportUsers(db, f.settings, { segment: 'all-users', dates: 'last-30-days', now: NOW });
    expect(all.rows.map((x) => x.name)).toEqual(['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus']);
    const one = await reportUsers(db, f.settings, { segment: `user:${f.users.dan}`, dates: 'last-30-days', now: NOW });
    expect(one.rows).toEqual([
      { key: `user:${f.users.dan}`, name: 'dan', num_users: null, num_users_added: null, ...ZERO, question_views: 3, time_on_site_seconds: 120 },
    ]);
  });

  it('sorts by name or any column, both directions, ties by name', async () => {
    const names = async (sort: string, order?: string) =>
      (await reportUsers(db, f.settings, { segment: 'all-users', dates: 'last-30-days', sort, order, now: NOW })).rows.map((x) => x.name);
    expect(await names('question_views')).toEqual(['cat', 'dan', 'ann', 'bob', 'eve', 'fay', 'gus']); // desc by default
    expect(await names('num_questions', 'asc')).toEqual(['cat', 'dan', 'fay', 'gus', 'ann', 'eve', 'bob']);
    expect(await names('name', 'desc')).toEqual(['gus', 'fay', 'eve', 'dan', 'cat', 'bob', 'ann']);
    expect(await names('time_on_site_seconds')).toEqual(['bob', 'ann', 'dan', 'eve', 'cat', 'fay', 'gus']);
    const segs = await reportUsers(db, f.settings, { dates: 'last-30-days', sort: 'num_users', order: 'desc', now: NOW });
    expect(segs.rows.map((x) => x.key)).toEqual(['all-users', 'rest', 'partners', 'staff']);
    const groups = await reportUsers(db, f.settings, { segment: 'rest', dates: 'last-30-days', sort: 'name', order: 'desc', now: NOW });
    expect(groups.rows.map((x) => x.name)).toEqual(['Gamma', 'Beta_Corp', 'Acme', '100% Pure']);
  });

  it('searches names case-insensitively, with % and _ taken literally', async () => {
    const q = async (segment: string | undefined, query: string) => await reportUsers(db, f.settings, { segment, query, now: NOW });
    expect((await q('all-users', 'A')).rows.map((x) => x.name)).toEqual(['ann', 'cat', 'dan', 'fay']);
    expect((await q('rest', '%')).rows.map((x) => x.name)).toEqual(['100% Pure']);
    const under = await q('rest', '_');
    expect(under.rows.map((x) => x.name)).toEqual(['Beta_Corp']);
    expect([under.row_count, under.total.num_users]).toEqual([1, 1]);
    expect((await q('rest', 'acme')).rows.map((x) => x.name)).toEqual(['Acme']);
    expect((await q('rest', '\\')).rows).toEqual([]);
    expect((await q(undefined, 'users')).rows.map((x) => x.key)).toEqual(['rest', 'all-users']);
  });

  it('compares with the previous period of equal length (hand-computed)', async () => {
    const r = await reportUsers(db, f.settings, { dates: 'last-30-days', compare: true, now: NOW });
    expect(r.compare!.range).toEqual({ start: '2026-01-15', end: '2026-02-13', partial: false });
    const all = r.compare!.rows.find((x) => x.key === 'all-users')!;
    // 01-15..02-13: ann and gus joined; cat's upvote (02-01) and downvote (02-13).
    expect(all.previous).toEqual({
      num_users: 2,
      num_users_added: 0,
      num_questions: 0,
      num_answers: 0,
      num_upvotes: 1,
      num_downvotes: 1,
      question_views: 0,
      time_on_site_seconds: 0,
    });
    expect(all.change).toEqual({
      num_users: 3,
      num_users_added: 3,
      num_questions: 4,
      num_answers: 3,
      num_upvotes: 0,
      num_downvotes: 2,
      question_views: 8,
      time_on_site_seconds: 4350,
    });
    expect(all.change_pct).toMatchObject({ num_users: 150, num_upvotes: 0, num_downvotes: 200, num_questions: null });
    expect(r.compare!.total.previous).toEqual(all.previous);
    const users = await reportUsers(db, f.settings, { segment: `group:${f.groups.Acme}`, dates: 'last-30-days', compare: true, now: NOW });
    const cat = users.compare!.rows.find((x) => x.key === `user:${f.users.cat}`)!;
    expect(cat.previous).toEqual({
      num_users: null,
      num_users_added: null,
      num_questions: 0,
      num_answers: 0,
      num_upvotes: 1,
      num_downvotes: 1,
      question_views: 0,
      time_on_site_seconds: 0,
    });
    expect(cat.change.num_users).toBeNull();
  });

  it('rejects bad input clearly', async () => {
    await expect(reportUsers(db, f.settings, { segment: 'nope' })).rejects.toThrow(
      /unknown users segment "nope": expected one of staff, partners, rest, all-users, group:N or user:N/,
    );
    await expect(reportUsers(db, f.settings, { segment: 'group:99999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reportUsers(db, f.settings, { sort: 'bogus' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(reportUsers(db, f.settings, { order: 'up' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(reportUsers(db, f.settings, { page: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(reportUsers(db, f.settings, { dates: '2026-03-05..2026-03-01', now: NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('custom ranges: a single day', async () => {
    const r = await reportUsers(db, f.settings, { segment: 'all-users', dates: '2026-03-15..2026-03-15', sort: 'num_questions', now: NOW });
    expect(r.range).toEqual({ start: '2026-03-15', end: '2026-03-15', partial: true });
    expect(strip(r.total)).toEqual(oracleMetrics(ALL, r.range));
    expect(r.total.num_users_added).toBe(1); // dan, at 23:30
  });

  it('without named segments the top level lists organizations, and all-users opens it too', async () => {
    const plain = parseSettings({});
    const r = await reportUsers(db, plain, { dates: 'last-30-days', now: NOW });
    expect(r.level).toBe('groups');
    expect(r.rows.map((x) => x.name)).toEqual(['100% Pure', 'Acme', 'Beta_Corp', 'Gamma', 'Partners', 'Staff']);
    expect(r.breadcrumbs).toEqual([{ label: 'All Users', segment: null }]);
    const viaAll = await reportUsers(db, plain, { segment: 'all-users', dates: 'last-30-days', now: NOW });
    expect(viaAll.rows).toEqual(r.rows);
    expect((await reportUsers(db, plain, { segment: 'all', now: NOW })).level).toBe('groups');
  });
});

describeEachEngine('Users report paging', (engine) => {
  it('20 rows a page, the last page holds the rest, past the end is an error', async () => {
    const { db } = await freshAskbotDb(engine);
    const joined = parseInstant('2026-01-01T00:00:00Z');
    const ids = await insertUsers(
      db,
      Array.from({ length: 41 }, (_, i) => ({ username: `user${String(i).padStart(2, '0')}`, email: `u${i}@x.org`, dateJoined: joined })),
    );
    const [bulk] = await insertGroups(db, [{ name: 'Bulk', usedForAnalytics: true }]);
    await joinGroups(
      db,
      ids.map((id) => [id, bulk!] as const),
    );
    const settings = parseSettings({});
    const p1 = await reportUsers(db, settings, { segment: `group:${bulk}`, now: NOW });
    expect([p1.rows.length, p1.page, p1.pages, p1.row_count]).toEqual([20, 1, 3, 41]);
    expect(p1.rows[0]!.name).toBe('user00');
    const p3 = await reportUsers(db, settings, { segment: `group:${bulk}`, page: 3, now: NOW });
    expect(p3.rows.map((x) => x.name)).toEqual(['user40']);
    expect(p3.total.num_users).toBe(41);
    const p2 = await reportUsers(db, settings, { segment: `group:${bulk}`, page: 2, order: 'desc', sort: 'name', now: NOW });
    expect([p2.rows[0]!.name, p2.rows[19]!.name]).toEqual(['user20', 'user01']);
    await expect(reportUsers(db, settings, { segment: `group:${bulk}`, page: 4, now: NOW })).rejects.toThrow(/page 4 is past the last page \(3\)/);
    const search = await reportUsers(db, settings, { segment: `group:${bulk}`, query: 'user1', now: NOW });
    expect([search.row_count, search.pages]).toEqual([10, 1]);
    await db.close();
  });
});

describeEachEngine('Users report with USE_TZ = false (America/Chicago days)', (engine) => {
  it('counts sign-ups by the end of the range day in the bucket zone', async () => {
    const { db } = await freshAskbotDb(engine, { useTz: false, timeZone: 'America/Chicago' });
    const f = await buildReportFixture(db);
    const r = await reportUsers(db, f.settings, { segment: 'all-users', dates: 'last-30-days', now: NOW });
    // Chicago's 03-15 ends at 03-16T05:00Z: fay (03-16T00:00Z) has joined; cat (02-14T00:00Z = 02-13 18:00 local) is no longer new.
    expect(r.range).toMatchObject({ start: '2026-02-14', end: '2026-03-15' });
    expect([r.total.num_users, r.total.num_users_added]).toEqual([6, 3]);
    await db.close();
  });
});

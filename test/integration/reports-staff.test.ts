// "Leave staff out" (issue 14): administrators and moderators (status d/m) and superusers vanish from the
// Users levels, the Activity log and the series when EXCLUDE_STAFF is on, on both engines; anonymous
// sessions' events stay. The switch is remembered with the saved connection (settings/setExcludeStaff)
// and a settings save that does not name it keeps it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertRows } from '../../src-main/core/db/batch';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { sql } from '../../src-main/core/db/sql';
import { hashDjangoPassword } from '../../src-main/core/auth/password';
import { EVENT, insertEvents, insertSessions } from '../../src-main/core/forum/analytics';
import { insertUsers, joinGroups } from '../../src-main/core/forum/users';
import { reportActivity, reportSeries, reportUsers } from '../../src-main/core/reports';
import type { AnalyticsSettings } from '../../src-main/core/settings';
import { parseInstant } from '../../src-main/core/time/instant';
import { createHandlers } from '../../src-main/ipc';
import { createDispatcher } from '../../src-main/ipc/registry';
import { AppState } from '../../src-main/ipc/state';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { buildReportFixture, NOW, type ReportFixture } from '../helpers/report-fixture';

describeEachEngine('Leave staff out', (engine) => {
  let db: Db;
  let url: string;
  let f: ReportFixture;
  let on: AnalyticsSettings;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    ({ db, url } = await freshAskbotDb(engine));
    f = await buildReportFixture(db);
    on = { ...f.settings, EXCLUDE_STAFF: true };
    const d = db.dialect;
    // Beside ann (administrator, d): a moderator, and a superuser whose profile says regular.
    const [mod, root] = await insertUsers(db, [
      {
        username: 'mod',
        email: 'mod@example.com',
        dateJoined: parseInstant('2026-03-02T00:00:00Z'),
        status: 'm',
        password: await hashDjangoPassword('pw-mod', { iterations: 1000 }),
      },
      { username: 'root', email: 'root@example.com', dateJoined: parseInstant('2026-03-03T00:00:00Z'), status: 'a' },
    ]);
    Object.assign(ids, { mod: mod!, root: root! });
    await db.run(sql`UPDATE "auth_user" SET "is_superuser" = ${d.TRUE} WHERE "id" = ${root}`);
    await joinGroups(db, [
      [mod!, f.groups.Acme!],
      [root!, f.groups.Acme!],
    ]);
    await insertRows(
      db,
      'askbot_dailyusersummary',
      ['num_questions', 'num_answers', 'num_upvotes', 'num_downvotes', 'question_views', 'time_on_site', 'date', 'user_id', 'summarized'],
      [
        [5, 0, 0, 0, 0, d.durationParam(0), d.dateParam('2026-03-10'), mod, d.bool(true)],
        [0, 7, 0, 0, 0, d.durationParam(60_000_000), d.dateParam('2026-03-11'), root, d.bool(true)],
      ],
    );
    const post = await ensureContentTypeId(db, 'askbot', 'post');
    const [s1, s2, anon] = await insertSessions(db, [
      { userId: mod!, createdAt: parseInstant('2026-03-10T10:00:00Z'), updatedAt: parseInstant('2026-03-10T10:00:00Z') },
      { userId: root!, createdAt: parseInstant('2026-03-11T10:00:00Z'), updatedAt: parseInstant('2026-03-11T10:00:00Z') },
      { userId: null, createdAt: parseInstant('2026-03-12T10:00:00Z'), updatedAt: parseInstant('2026-03-12T10:00:00Z') },
    ]);
    await insertEvents(db, [
      { sessionId: s1!, eventType: EVENT.ASKED, timestamp: parseInstant('2026-03-10T10:00:00Z'), contentTypeId: post, objectId: f.posts.Q1! },
      { sessionId: s2!, eventType: EVENT.ANSWERED, timestamp: parseInstant('2026-03-11T10:00:00Z'), contentTypeId: post, objectId: f.posts.A1! },
      { sessionId: anon!, eventType: EVENT.QUESTION_VIEWED, timestamp: parseInstant('2026-03-12T10:00:00Z'), contentTypeId: post, objectId: f.posts.Q1! },
    ]);
  });
  afterAll(async () => db.close());

  const metricsOf = (r: {
    num_users: number | null;
    num_users_added: number | null;
    num_questions: number | null;
    num_answers: number | null;
    time_on_site_seconds: number | null;
  }) => [r.num_users, r.num_users_added, r.num_questions, r.num_answers, r.time_on_site_seconds];

  it('Users: staff are in no row and no total (hand-computed), and the report says so', async () => {
    const all = await reportUsers(db, f.settings, { segment: 'all-users', dates: 'last-30-days', now: NOW });
    expect(all.excludeStaff).toBe(false);
    // The fixture's 5 users, 3 added, 4 questions, 3 answers, 4350 s; mod and root add 2 users, 5 questions, 7 answers, 60 s.
    expect(metricsOf(all.total)).toEqual([7, 5, 9, 10, 4410]);
    const out = await reportUsers(db, on, { segment: 'all-users', dates: 'last-30-days', now: NOW });
    expect(out.excludeStaff).toBe(true);
    // Without ann (1 question and 600 s today, 2 answers on the range's first day), mod and root.
    expect(metricsOf(out.total)).toEqual([4, 3, 3, 1, 3750]);
    expect(out.rows.map((r) => r.name)).toEqual(['bob', 'cat', 'dan', 'eve', 'fay', 'gus']);
    const top = await reportUsers(db, on, { dates: 'last-30-days', now: NOW });
    expect(top.rows.find((r) => r.key === 'staff')).toMatchObject({ num_users: 0, num_questions: 0, num_answers: 0 });
    expect(metricsOf(top.total)).toEqual([4, 3, 3, 1, 3750]);
    const acme = await reportUsers(db, on, { segment: `group:${f.groups.Acme}`, dates: 'last-30-days', now: NOW });
    expect(acme.rows.map((r) => r.name)).toEqual(['cat', 'dan']);
    const orgs = await reportUsers(db, on, { segment: 'rest', dates: 'last-30-days', now: NOW });
    expect(orgs.rows.find((r) => r.name === 'Acme')).toMatchObject({ num_users: 2, num_questions: 0, num_answers: 1 });
  });

  it('Activity: staff events go, anonymous sessions stay; a cursor of one setting does not continue the other', async () => {
    const everyone = await reportActivity(db, f.settings, { dates: 'last-30-days', now: NOW, limit: 2 });
    const out = await reportActivity(db, on, { dates: 'last-30-days', now: NOW, limit: 100 });
    expect(out.excludeStaff).toBe(true);
    const staffIds = new Set([f.users.ann, ids.mod, ids.root]);
    expect(out.rows.some((r) => r.user && staffIds.has(r.user.id))).toBe(false);
    expect(out.rows.some((r) => r.user === null && r.event_type === EVENT.QUESTION_VIEWED)).toBe(true);
    const staffEvents = (await reportActivity(db, f.settings, { dates: 'last-30-days', now: NOW, limit: 100 })).rows.filter(
      (r) => r.user && staffIds.has(r.user.id),
    ).length;
    expect(staffEvents).toBeGreaterThan(2);
    expect(out.total).toBe(everyone.total! - staffEvents);
    expect(await reportActivity(db, on, { dates: 'last-30-days', now: NOW, after: everyone.next! }).catch((e: unknown) => e)).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('other filters'),
    });
  });

  it('Series: active users and counters without staff', async () => {
    const sum = (r: Awaited<ReturnType<typeof reportSeries>>, m: string) => r.points.reduce((a, p) => a + Number(p[m]), 0);
    const all = await reportSeries(db, f.settings, { dates: 'last-30-days', now: NOW });
    const out = await reportSeries(db, on, { dates: 'last-30-days', now: NOW });
    expect(out.excludeStaff).toBe(true);
    expect([sum(all, 'num_questions'), sum(all, 'num_answers')]).toEqual([9, 10]);
    expect([sum(out, 'num_questions'), sum(out, 'num_answers')]).toEqual([3, 1]);
    // ann was active on 2 days of the range, mod and root on one each.
    expect(sum(all, 'active_users') - sum(out, 'active_users')).toBe(4);
  });

  it('IPC: the switch is remembered with the saved connection; report/options and a settings save keep it', async () => {
    const state = new AppState({ dataDir: mkdtempSync(join(tmpdir(), 'aac-staff-')) });
    const call = createDispatcher(createHandlers(), { state, emit: () => undefined });
    const connection = engine === 'sqlite' ? { engine: 'sqlite' as const, path: url } : { engine: 'postgres' as const, url };
    const saved = await call('profiles/save', { name: 'forum', connection });
    const id = (saved as { ok: true; value: { profiles: Array<{ id: string }> } }).value.profiles[0]!.id;
    // The saved connection keeps no password (no keychain here): it is given on opening, as the app asks for it.
    const password = engine === 'postgres' ? decodeURIComponent(new URL(url).password) || undefined : undefined;
    const open = { id, ...(password ? { password } : {}) };
    expect((await call('profiles/open', open)).ok).toBe(true);
    expect(await call('settings/setExcludeStaff', { excludeStaff: true })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    expect((await call('auth/signIn', { login: 'mod', password: 'pw-mod' })).ok).toBe(true);
    expect(await call('report/options', {})).toMatchObject({ ok: true, value: { excludeStaff: false } });
    // The pickers' organizations: the Users view's second level, in name order (no personal group; this connection has no named segments).
    const options = (await call('report/options', {})) as { value: { organizations: unknown } };
    expect(options.value.organizations).toEqual(
      ['100% Pure', 'Acme', 'Beta_Corp', 'Gamma', 'Partners', 'Staff'].map((name) => ({ key: `group:${f.groups[name]}`, name })),
    );
    expect(await call('settings/setExcludeStaff', { excludeStaff: true })).toEqual({ ok: true, value: { excludeStaff: true } });
    expect(await call('report/users', { segment: 'all-users', dates: '2026-02-14..2026-03-15' })).toMatchObject({
      ok: true,
      value: { excludeStaff: true, total: { num_questions: 3 } },
    });
    // Saving the other settings (as the Settings view does, without the switch) keeps it on.
    expect(await call('settings/save', { settings: { REPORT_TIMEOUT_SECONDS: 20 } })).toMatchObject({
      ok: true,
      value: { settings: { EXCLUDE_STAFF: true, REPORT_TIMEOUT_SECONDS: 20 } },
    });
    // Reopening the saved connection: still on.
    await state.disconnect();
    expect((await call('profiles/open', open)).ok).toBe(true);
    expect(state.settings).toMatchObject({ EXCLUDE_STAFF: true, REPORT_TIMEOUT_SECONDS: 20 });
    expect(await call('settings/setExcludeStaff', { excludeStaff: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await state.shutdown();
  });
});

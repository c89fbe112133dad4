import { expect, it } from 'vitest';
import { verifyDjangoPassword } from '../../src-main/core/auth/password';
import type { Db } from '../../src-main/core/db/types';
import { raw, type Sql, sql } from '../../src-main/core/db/sql';
import { DEMO_ADMIN_PASSWORD, DEMO_MODERATOR_PASSWORD, seedDemo, seedEventsFromForum } from '../../src-main/core/seed';
import { DEFAULT_SETTINGS } from '../../src-main/core/settings';
import { parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';

const NOW = parseInstant('2024-06-15T13:45:00Z');
const SMALL = { users: 80, days: 21, now: NOW, passwordIterations: 1000 };

/** Every demo row in a comparable form (ids included: fresh databases number alike). */
async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const d = db.dialect;
  const ts = (v: unknown) => d.readDateTime(v);
  const q = async (query: Sql, map: (r: Record<string, unknown>) => unknown) => (await db.all<Record<string, unknown>>(query)).map(map);
  return {
    users: await q(
      sql`SELECT u.id, username, email, date_joined, p.status, p.real_name FROM auth_user u JOIN askbot_userprofile p ON p.auth_user_ptr_id = u.id ORDER BY u.id`,
      (r) => [r.id, r.username, r.email, ts(r.date_joined), r.status, r.real_name],
    ),
    groups: await q(
      sql`SELECT g.id, g.name, ag.used_for_analytics AS f FROM auth_group g JOIN askbot_group ag ON ag.group_ptr_id = g.id ORDER BY g.id`,
      (r) => [r.id, r.name, d.readBool(r.f)],
    ),
    members: await q(sql`SELECT user_id, group_id FROM auth_user_groups ORDER BY user_id, group_id`, (r) => [r.user_id, r.group_id]),
    threads: await q(sql`SELECT id, title, tagnames, view_count, answer_count, added_at, last_activity_at FROM askbot_thread ORDER BY id`, (r) => [
      r.id,
      r.title,
      r.tagnames,
      r.view_count,
      r.answer_count,
      ts(r.added_at),
      ts(r.last_activity_at),
    ]),
    posts: await q(sql`SELECT id, post_type, thread_id, parent_id, author_id, added_at, score, comment_count FROM askbot_post ORDER BY id`, (r) => [
      r.id,
      r.post_type,
      r.thread_id,
      r.parent_id,
      r.author_id,
      ts(r.added_at),
      r.score,
      r.comment_count,
    ]),
    votes: await q(sql`SELECT user_id, voted_post_id, vote, voted_at FROM vote ORDER BY user_id, voted_post_id`, (r) => [
      r.user_id,
      r.voted_post_id,
      r.vote,
      ts(r.voted_at),
    ]),
    views: await q(sql`SELECT id, question_id, who_id, "when" FROM askbot_questionview ORDER BY id`, (r) => [r.id, r.question_id, r.who_id, ts(r.when)]),
    sessions: await q(sql`SELECT id, user_id, created_at, updated_at FROM askbot_session ORDER BY id`, (r) => [
      r.id,
      r.user_id,
      ts(r.created_at),
      ts(r.updated_at),
    ]),
    events: await q(sql`SELECT id, session_id, event_type, object_id, "timestamp" FROM askbot_event ORDER BY id`, (r) => [
      r.id,
      r.session_id,
      r.event_type,
      r.object_id,
      ts(r.timestamp),
    ]),
  };
}

async function count(db: Db, query: Sql): Promise<number> {
  const r = await db.one<{ n: number }>(query);
  return Number(r!.n);
}

describeEachEngine('seed demo', (engine) => {
  it('is deterministic for a seed and differs for another', async () => {
    const a = await freshAskbotDb(engine);
    const b = await freshAskbotDb(engine);
    const c = await freshAskbotDb(engine);
    const sa = await seedDemo(a.db, { ...SMALL, seed: 7 });
    const sb = await seedDemo(b.db, { ...SMALL, seed: 7 });
    const sc = await seedDemo(c.db, { ...SMALL, seed: 8 });
    expect(sb).toEqual(sa);
    const [da, db2, dc] = [await dump(a.db), await dump(b.db), await dump(c.db)];
    expect(db2).toEqual(da);
    expect(dc.posts).not.toEqual(da.posts);
    expect(sc).not.toEqual(sa);
    for (const x of [a, b, c]) await x.db.close();
  });

  it('writes a consistent forum: accounts, groups, content in time order, events matching the activity', async () => {
    const { db } = await freshAskbotDb(engine);
    const s = await seedDemo(db, { users: 150, days: 30, seed: 3, now: NOW });
    const d = db.dialect;
    const us = (c: string) => d.micros(c);

    // Sizes the summary reports are what is in the database.
    expect(await count(db, sql`SELECT count(*) AS n FROM auth_user`)).toBe(150);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_userprofile`)).toBe(150);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_thread`)).toBe(s.threads);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_post WHERE post_type = 'answer'`)).toBe(s.answers);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_post WHERE post_type = 'comment'`)).toBe(s.comments);
    expect(await count(db, sql`SELECT count(*) AS n FROM vote`)).toBe(s.votes);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_questionview`)).toBe(s.questionViews);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_session`)).toBe(s.sessions);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_event`)).toBe(s.events);
    expect(s.events).toBe(150 + s.threads + s.answers + s.comments + s.votes + s.questionViews);
    expect(s.threads).toBeGreaterThan(20);
    expect(s.questionViews).toBeGreaterThan(s.threads);
    expect(s.blockedUsers).toBeGreaterThan(0);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_userprofile WHERE status = 'b'`)).toBe(s.blockedUsers);

    // The administrator and the moderator sign in with the documented passwords.
    const accounts = await db.all<{ username: string; password: string; status: string; su: unknown }>(
      sql`SELECT u.username, u.password, p.status, u.is_superuser AS su FROM auth_user u JOIN askbot_userprofile p ON p.auth_user_ptr_id = u.id
       WHERE p.status IN ('d', 'm') ORDER BY u.id`,
    );
    expect(accounts.map((a) => [a.username, a.status, d.readBool(a.su)])).toEqual([
      [s.admin.username, 'd', true],
      [s.moderator.username, 'm', false],
    ]);
    expect(await verifyDjangoPassword(DEMO_ADMIN_PASSWORD, accounts[0]!.password)).toBe(true);
    expect(await verifyDjangoPassword(DEMO_MODERATOR_PASSWORD, accounts[1]!.password)).toBe(true);
    expect(accounts[0]!.password).toMatch(/^pbkdf2_sha256\$600000\$[a-zA-Z0-9]{22}\$/);

    // Organizations: flagged, one per organization, public-mail users in none; Staff and Partners flagged.
    const orgs = await db.all<{ name: string; n: number }>(
      sql`SELECT g.name, count(ug.id) AS n FROM auth_group g JOIN askbot_group ag ON ag.group_ptr_id = g.id
       LEFT JOIN auth_user_groups ug ON ug.group_id = g.id
       WHERE ag.used_for_analytics = ${d.TRUE} GROUP BY g.name ORDER BY g.name`,
    );
    const names = orgs.map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['Acme', 'Globex', 'Cyberdyne', 'Staff', 'Partners']));
    expect(names).not.toContain('Gmail');
    expect(s.organizationGroups).toBe(names.length - 2);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_group WHERE used_for_analytics = ${d.TRUE}`)).toBe(s.organizationGroups + 2);
    const inTwoOrgs = await count(
      db,
      sql`SELECT count(*) AS n FROM (SELECT ug.user_id FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id
        JOIN askbot_group ag ON ag.group_ptr_id = g.id
        WHERE ag.used_for_analytics = ${d.TRUE} AND g.name NOT IN ('Staff', 'Partners') GROUP BY ug.user_id HAVING count(*) > 1) x`,
    );
    expect(inTwoOrgs).toBe(0);
    const publicInOrg = await count(
      db,
      sql`SELECT count(*) AS n FROM auth_user u JOIN auth_user_groups ug ON ug.user_id = u.id JOIN auth_group g ON g.id = ug.group_id
       JOIN askbot_group ag ON ag.group_ptr_id = g.id
       WHERE u.email LIKE '%@gmail.com' AND ag.used_for_analytics = ${d.TRUE} AND g.name NOT IN ('Staff', 'Partners')`,
    );
    expect(publicInOrg).toBe(0);
    // Memberships are in both tables, pairwise.
    expect(
      await count(
        db,
        sql`SELECT count(*) AS n FROM auth_user_groups ug WHERE NOT EXISTS (SELECT 1 FROM askbot_groupmembership m WHERE m.user_id = ug.user_id AND m.group_id = ug.group_id AND m.level = 1)`,
      ),
    ).toBe(0);
    expect(await count(db, sql`SELECT count(*) AS n FROM auth_user_groups WHERE group_id = (SELECT id FROM auth_group WHERE name = 'everyone')`)).toBe(150);

    // Content happens in order: after the author joined, answers/comments/votes/views after their post, nothing after now.
    const nowUs = NOW;
    expect(
      await count(db, sql`SELECT count(*) AS n FROM askbot_post p JOIN auth_user u ON u.id = p.author_id WHERE ${us('p.added_at')} < ${us('u.date_joined')}`),
    ).toBe(0);
    expect(
      await count(
        db,
        sql`SELECT count(*) AS n FROM askbot_post a JOIN askbot_post q ON q.thread_id = a.thread_id AND q.post_type = 'question' WHERE a.post_type = 'answer' AND ${us('a.added_at')} <= ${us('q.added_at')}`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        sql`SELECT count(*) AS n FROM askbot_post c JOIN askbot_post p ON p.id = c.parent_id WHERE c.post_type = 'comment' AND (${us('c.added_at')} <= ${us('p.added_at')} OR c.thread_id <> p.thread_id)`,
      ),
    ).toBe(0);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_post WHERE post_type = 'comment' AND parent_id IS NULL`)).toBe(0);
    expect(
      await count(
        db,
        sql`SELECT count(*) AS n FROM vote v JOIN askbot_post p ON p.id = v.voted_post_id WHERE ${us('v.voted_at')} <= ${us('p.added_at')} OR v.user_id = p.author_id`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        sql`SELECT count(*) AS n FROM askbot_questionview v JOIN askbot_post p ON p.id = v.question_id WHERE ${us('v."when"')} <= ${us('p.added_at')} OR p.post_type <> 'question'`,
      ),
    ).toBe(0);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_event WHERE ${us('"timestamp"')} > ${nowUs}`)).toBe(0);
    // Denormalised counters agree with the rows.
    expect(
      await count(
        db,
        sql`SELECT count(*) AS n FROM askbot_thread t WHERE t.answer_count <> (SELECT count(*) FROM askbot_post a WHERE a.thread_id = t.id AND a.post_type = 'answer')`,
      ),
    ).toBe(0);
    expect(
      await count(db, sql`SELECT count(*) AS n FROM askbot_post p WHERE p.comment_count <> (SELECT count(*) FROM askbot_post c WHERE c.parent_id = p.id)`),
    ).toBe(0);
    expect(
      await count(
        db,
        sql`SELECT count(*) AS n FROM askbot_post p WHERE p.vote_up_count <> (SELECT count(*) FROM vote v WHERE v.voted_post_id = p.id AND v.vote = 1) OR p.score <> p.vote_up_count - p.vote_down_count`,
      ),
    ).toBe(0);
    // Weekly rhythm: weekdays are busier than weekends.
    const byDay = await db.all<{ dow: number; n: number }>(
      sql`SELECT ${raw(engine === 'sqlite' ? `CAST(strftime('%w', "when") AS integer)` : `CAST(EXTRACT(DOW FROM "when" AT TIME ZONE 'UTC') AS integer)`)} AS dow, count(*) AS n
       FROM askbot_questionview GROUP BY 1`,
    );
    const per = new Map(byDay.map((r) => [Number(r.dow), Number(r.n)]));
    expect((per.get(2) ?? 0) + (per.get(3) ?? 0)).toBeGreaterThan((per.get(0) ?? 0) + (per.get(6) ?? 0));

    // Sessions hold their events; a second back-fill adds nothing.
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_session s WHERE NOT EXISTS (SELECT 1 FROM askbot_event e WHERE e.session_id = s.id)`)).toBe(0);
    expect(
      await count(
        db,
        sql`SELECT count(*) AS n FROM askbot_event e JOIN askbot_session s ON s.id = e.session_id WHERE ${us('e."timestamp"')} < ${us('s.created_at')} OR ${us('e."timestamp"')} > ${us('s.updated_at')}`,
      ),
    ).toBe(0);
    expect(await seedEventsFromForum(db, DEFAULT_SETTINGS)).toMatchObject({ sessionsAdded: 0, eventsAdded: 0 });
    // Last sign-in follows the latest session of each user.
    expect(
      await count(
        db,
        sql`SELECT count(*) AS n FROM auth_user u WHERE u.last_login IS NULL OR ${us('u.last_login')} <> (SELECT max(${us('s.updated_at')}) FROM askbot_session s WHERE s.user_id = u.id)`,
      ),
    ).toBe(0);
    if (engine === 'sqlite') expect(await db.all(sql`SELECT * FROM pragma_foreign_key_check`)).toEqual([]);
    await db.close();
  });

  it('refuses a database that already has users, and bad sizes', async () => {
    const { db } = await freshAskbotDb(engine);
    await expect(seedDemo(db, { ...SMALL, users: 5, seed: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(seedDemo(db, { ...SMALL, days: 0, seed: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await seedDemo(db, { ...SMALL, seed: 1 });
    await expect(seedDemo(db, { ...SMALL, seed: 1 })).rejects.toMatchObject({ code: 'NOT_EMPTY' });
    await db.close();
  });

  it('writes nothing when cancelled', async () => {
    const { db } = await freshAskbotDb(engine);
    const controller = new AbortController();
    await expect(
      seedDemo(db, { ...SMALL, seed: 1, signal: controller.signal, onProgress: (p) => p.step === 'posts' && controller.abort() }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await count(db, sql`SELECT count(*) AS n FROM auth_user`)).toBe(0);
    expect(await count(db, sql`SELECT count(*) AS n FROM auth_group`)).toBe(0);
    await db.close();
  });
});

import { expect, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { sql } from '../../src-main/core/db/sql';
import { insertPosts, insertQuestionViews, insertThreads, insertVotes } from '../../src-main/core/forum/posts';
import { insertUsers } from '../../src-main/core/forum/users';
import { seedEventsFromForum } from '../../src-main/core/seed';
import { DEFAULT_SETTINGS, parseSettings } from '../../src-main/core/settings';
import { formatInstant, parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';

const at = (hms: string) => parseInstant(`2024-05-01T${hms}Z`);

/**
 * A hand-made forum. With the default 30-minute timeout:
 *   ann: joined 10:00, asks Q1 10:29 (gap 29m), views Q2 10:58:59 (gap 29m59s: same session),
 *        upvotes bob's answer 11:29:00 (gap 30m01s: a new session)
 *   bob: joined 09:00, answers Q1 10:40, comments Q1 10:45, downvotes Q1 10:50, retags Q1 10:52,
 *        comments his answer 12:00
 *   cat: joined 10:00, asks Q2 10:00:30.5
 */
async function handMadeForum(db: Db) {
  return db.transaction(async (tx) => {
    const [ann, bob, cat] = await insertUsers(tx, [
      { username: 'ann', email: 'ann@acme.com', dateJoined: at('10:00:00') },
      { username: 'bob', email: 'bob@acme.com', dateJoined: at('09:00:00') },
      { username: 'cat', email: 'cat@example.org', dateJoined: at('10:00:00') },
    ]);
    const [t1, t2] = await insertThreads(tx, [
      { title: 'Q1', tagnames: 'a b', addedAt: at('10:29:00'), lastActivityAt: at('12:00:00'), lastActivityById: bob!, answerCount: 1 },
      { title: 'Q2', tagnames: 'c', addedAt: at('10:00:30.5'), lastActivityAt: at('10:00:30.5'), lastActivityById: cat! },
    ]);
    const [q1, q2, a1] = await insertPosts(tx, [
      { postType: 'question', threadId: t1!, authorId: ann!, addedAt: at('10:29:00'), text: 'Q1?' },
      { postType: 'question', threadId: t2!, authorId: cat!, addedAt: at('10:00:30.5'), text: 'Q2?' },
      { postType: 'answer', threadId: t1!, authorId: bob!, addedAt: at('10:40:00'), text: 'A1' },
    ]);
    const [c1, c2] = await insertPosts(tx, [
      { postType: 'comment', threadId: t1!, parentId: q1!, authorId: bob!, addedAt: at('10:45:00'), text: 'c on Q1' },
      { postType: 'comment', threadId: t1!, parentId: a1!, authorId: bob!, addedAt: at('12:00:00'), text: 'c on A1' },
    ]);
    await insertVotes(tx, [
      { userId: ann!, postId: a1!, vote: 1, votedAt: at('11:29:00') },
      { userId: bob!, postId: q1!, vote: -1, votedAt: at('10:50:00') },
    ]);
    await insertQuestionViews(tx, [{ questionId: q2!, userId: ann!, when: at('10:58:59') }]);
    const ctPost = await ensureContentTypeId(tx, 'askbot', 'post');
    await tx.run(
      sql`INSERT INTO activity (activity_type, active_at, object_id, is_auditted, content_type_id, question_id, user_id, summary)
       VALUES (15, ${tx.dialect.dateTimeParam(at('10:52:00'))}, ${q1}, ${tx.dialect.bool(false)}, ${ctPost}, ${q1}, ${bob}, '')`,
    );
    return { ann: ann!, bob: bob!, cat: cat!, q1: q1!, q2: q2!, a1: a1!, c1: c1!, c2: c2! };
  });
}

async function sessionsWithEvents(db: Db) {
  const d = db.dialect;
  const rows = await db.all<{ username: string; created: unknown; updated: unknown; last: unknown; ip: unknown; ua: unknown; events: string | null }>(
    sql`SELECT u.username, s.created_at AS created, s.updated_at AS updated, s.last_summarized_at AS last, s.ip_address AS ip, s.user_agent AS ua,
            (SELECT count(*) FROM askbot_event e WHERE e.session_id = s.id) AS events
     FROM askbot_session s JOIN auth_user u ON u.id = s.user_id ORDER BY u.username, s.created_at`,
  );
  return rows.map((r) => {
    expect(r.ip).toBeNull();
    expect(r.ua).toBeNull();
    expect(d.readDateTime(r.last)).toBe(d.readDateTime(r.created));
    const t = (v: unknown) => formatInstant(d.readDateTime(v)).slice(11);
    return `${r.username} ${t(r.created)}..${t(r.updated)} ${Number(r.events)}`;
  });
}

async function events(db: Db) {
  const d = db.dialect;
  const rows = await db.all<{ username: string; ts: unknown; type: number; app: string; model: string; object_id: number; summarized: unknown }>(
    sql`SELECT u.username, e."timestamp" AS ts, e.event_type AS type, ct.app_label AS app, ct.model, e.object_id, e.summarized
     FROM askbot_event e JOIN askbot_session s ON s.id = e.session_id JOIN auth_user u ON u.id = s.user_id
     JOIN django_content_type ct ON ct.id = e.content_type_id ORDER BY e."timestamp", u.username`,
  );
  return rows.map((r) => {
    expect(d.readBool(r.summarized)).toBe(false);
    return [r.username, formatInstant(d.readDateTime(r.ts)).slice(11), Number(r.type), `${r.app}.${r.model}`, Number(r.object_id)];
  });
}

describeEachEngine('seed events from forum activity', (engine) => {
  it('derives exactly the expected sessions and events, and adds nothing the second time', async () => {
    const { db } = await freshAskbotDb(engine);
    const f = await handMadeForum(db);
    const steps: string[] = [];
    const r = await seedEventsFromForum(db, DEFAULT_SETTINGS, { onProgress: (p) => steps.push(p.step) });
    expect(r).toEqual({
      sessionsAdded: 6,
      sessionsExtended: 0,
      eventsAdded: 12,
      eventsByType: {
        registered: 3,
        question_viewed: 1,
        upvoted: 1,
        downvoted: 1,
        asked: 2,
        answered: 1,
        commented_question: 1,
        commented_answer: 1,
        retagged: 1,
      },
    });
    expect(steps.length).toBeGreaterThan(2);
    expect(await sessionsWithEvents(db)).toEqual([
      'ann 10:00:00Z..10:58:59Z 3', // joined, asked (gap 29m), viewed (gap 29m59s)
      'ann 11:29:00Z..11:29:00Z 1', // upvote after a 30m01s gap
      'bob 09:00:00Z..09:00:00Z 1',
      'bob 10:40:00Z..10:52:00Z 4', // answer, comment, downvote, retag
      'bob 12:00:00Z..12:00:00Z 1',
      'cat 10:00:00Z..10:00:30.500000Z 2',
    ]);
    expect(await events(db)).toEqual([
      ['bob', '09:00:00Z', 1, 'auth.user', f.bob],
      ['ann', '10:00:00Z', 1, 'auth.user', f.ann],
      ['cat', '10:00:00Z', 1, 'auth.user', f.cat],
      ['cat', '10:00:30.500000Z', 9, 'askbot.post', f.q2],
      ['ann', '10:29:00Z', 9, 'askbot.post', f.q1],
      ['bob', '10:40:00Z', 10, 'askbot.post', f.a1],
      ['bob', '10:45:00Z', 11, 'askbot.post', f.c1],
      ['bob', '10:50:00Z', 7, 'askbot.post', f.q1],
      ['bob', '10:52:00Z', 13, 'askbot.post', f.q1],
      ['ann', '10:58:59Z', 4, 'askbot.post', f.q2],
      ['ann', '11:29:00Z', 6, 'askbot.post', f.a1],
      ['bob', '12:00:00Z', 12, 'askbot.post', f.c2],
    ]);

    const again = await seedEventsFromForum(db, DEFAULT_SETTINGS);
    expect(again).toEqual({ sessionsAdded: 0, sessionsExtended: 0, eventsAdded: 0, eventsByType: {} });
    expect((await events(db)).length).toBe(12);

    // New forum activity later on gets its own events; nothing else is repeated. Activity within the
    // timeout of an existing session joins it (ann 11:29 → 11:45; bob 09:00 ← 08:40), the rest is new.
    await insertQuestionViews(db, [
      { questionId: f.q1, userId: f.ann, when: at('11:45:00') },
      { questionId: f.q1, userId: f.ann, when: at('15:00:00') },
      { questionId: f.q2, userId: f.bob, when: at('08:40:00') },
    ]);
    const third = await seedEventsFromForum(db, DEFAULT_SETTINGS);
    expect(third).toEqual({ sessionsAdded: 1, sessionsExtended: 2, eventsAdded: 3, eventsByType: { question_viewed: 3 } });
    expect(await sessionsWithEvents(db)).toEqual([
      'ann 10:00:00Z..10:58:59Z 3',
      'ann 11:29:00Z..11:45:00Z 2',
      'ann 15:00:00Z..15:00:00Z 1',
      'bob 08:40:00Z..09:00:00Z 2',
      'bob 10:40:00Z..10:52:00Z 4',
      'bob 12:00:00Z..12:00:00Z 1',
      'cat 10:00:00Z..10:00:30.500000Z 2',
    ]);
    expect(await seedEventsFromForum(db, DEFAULT_SETTINGS)).toMatchObject({ sessionsAdded: 0, sessionsExtended: 0, eventsAdded: 0 });
    await db.close();
  });

  it('compiles into the expected daily figures', async () => {
    const { db } = await freshAskbotDb(engine);
    await handMadeForum(db);
    await seedEventsFromForum(db, DEFAULT_SETTINGS);
    const c = await compileAnalytics(db, { now: parseInstant('2024-05-03T00:00:00Z') });
    expect(c.events_summarized).toBe(12);
    const rows = await db.all<Record<string, unknown>>(
      sql`SELECT u.username, s."date", s.num_questions AS q, s.num_answers AS a, s.num_upvotes AS up, s.num_downvotes AS down,
              s.question_views AS v, ${db.dialect.durationMicros('s.time_on_site')} AS t
       FROM askbot_dailyusersummary s JOIN auth_user u ON u.id = s.user_id ORDER BY u.username, s."date"`,
    );
    expect(rows.map((r) => [r.username, db.dialect.readDate(r.date), ...['q', 'a', 'up', 'down', 'v', 't'].map((k) => Number(r[k]))])).toEqual([
      // [user, day, questions, answers, upvotes, downvotes, question views, time on site µs]
      ['ann', '2024-05-01', 1, 0, 1, 0, 1, (58 * 60 + 59) * 1_000_000], // 10:00..10:58:59, then a one-instant session
      ['bob', '2024-05-01', 0, 1, 0, 1, 0, 12 * 60 * 1_000_000], // 10:40..10:52
      ['cat', '2024-05-01', 1, 0, 0, 0, 0, 30_500_000], // 10:00..10:00:30.5
    ]);

    // Later views by cat: 10:20 stretches her compiled session forward; 09:45 would stretch it backward,
    // which a compiled session must not do, so it gets a session of its own.
    const f = await db.one<{ q: number; u: number }>(
      sql`SELECT p.id AS q, p.author_id AS u FROM askbot_post p JOIN auth_user u ON u.id = p.author_id WHERE u.username = 'cat'`,
    );
    await insertQuestionViews(db, [
      { questionId: Number(f!.q), userId: Number(f!.u), when: at('10:20:00') },
      { questionId: Number(f!.q), userId: Number(f!.u), when: at('09:45:00') },
    ]);
    expect(await seedEventsFromForum(db, DEFAULT_SETTINGS)).toMatchObject({ sessionsAdded: 1, sessionsExtended: 1, eventsAdded: 2 });
    await compileAnalytics(db, { now: parseInstant('2024-05-03T00:00:00Z') });
    const cat = await db.one<Record<string, unknown>>(
      sql`SELECT s.question_views AS v, ${db.dialect.durationMicros('s.time_on_site')} AS t FROM askbot_dailyusersummary s
       JOIN auth_user u ON u.id = s.user_id WHERE u.username = 'cat'`,
    );
    expect([Number(cat!.v), Number(cat!.t)]).toEqual([2, 20 * 60 * 1_000_000]); // 10:00..10:20 counted once
    await db.close();
  });

  it('works the same on naive local storage (USE_TZ = false, TIME_ZONE America/Chicago)', async () => {
    const { db } = await freshAskbotDb(engine, { useTz: false, timeZone: 'America/Chicago' });
    await handMadeForum(db);
    const r = await seedEventsFromForum(db, DEFAULT_SETTINGS);
    expect([r.sessionsAdded, r.eventsAdded]).toEqual([6, 12]);
    expect(await sessionsWithEvents(db)).toEqual([
      'ann 10:00:00Z..10:58:59Z 3',
      'ann 11:29:00Z..11:29:00Z 1',
      'bob 09:00:00Z..09:00:00Z 1',
      'bob 10:40:00Z..10:52:00Z 4',
      'bob 12:00:00Z..12:00:00Z 1',
      'cat 10:00:00Z..10:00:30.500000Z 2',
    ]);
    if (engine === 'sqlite') {
      // Stored as Django does with USE_TZ = false: naive Chicago wall clock (UTC-5 in May).
      const first = await db.one<{ c: string }>(sql`SELECT min(created_at) AS c FROM askbot_session`);
      expect(first!.c).toBe('2024-05-01 04:00:00');
    }
    expect((await seedEventsFromForum(db, DEFAULT_SETTINGS)).eventsAdded).toBe(0);
    await db.close();
  });

  it('glues with the configured timeout (a gap equal to it continues the session)', async () => {
    const { db } = await freshAskbotDb(engine);
    await handMadeForum(db);
    // With 29 minutes, ann's 29m00s gap still glues; the 29m59s one does not.
    const r = await seedEventsFromForum(db, parseSettings({ ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: 29 }));
    expect(r.eventsAdded).toBe(12);
    const ann = (await sessionsWithEvents(db)).filter((s) => s.startsWith('ann'));
    expect(ann).toEqual(['ann 10:00:00Z..10:29:00Z 2', 'ann 10:58:59Z..10:58:59Z 1', 'ann 11:29:00Z..11:29:00Z 1']);
    await db.close();
  });

  it('adds nothing when cancelled', async () => {
    const { db } = await freshAskbotDb(engine);
    await handMadeForum(db);
    const controller = new AbortController();
    await expect(
      seedEventsFromForum(db, DEFAULT_SETTINGS, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done === 3) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    const n = await db.one<{ s: number; e: number }>(sql`SELECT (SELECT count(*) FROM askbot_session) AS s, (SELECT count(*) FROM askbot_event) AS e`);
    expect([Number(n!.s), Number(n!.e)]).toEqual([0, 0]);
    // The temporary tables went with the rolled-back transaction: a new run works.
    expect((await seedEventsFromForum(db, DEFAULT_SETTINGS)).eventsAdded).toBe(12);
    await db.close();
  });
});

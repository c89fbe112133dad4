// Askbot's own analytics test scenarios (askbot/tests/test_analytics.py), rewritten for the compiler.
import { expect, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { EVENT, insertEvents, insertSessions, type EventType } from '../../src-main/core/forum/analytics';
import { insertGroups, insertUsers, joinGroups } from '../../src-main/core/forum/users';
import { MICROS_PER_HOUR, MICROS_PER_SECOND, parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { readSummaries } from '../helpers/oracle-summaries';

const MIN = 60 * MICROS_PER_SECOND;
const T12 = parseInstant('2024-03-05T12:00:00Z');

async function forum(db: Db, names: string[]) {
  return db.transaction(async (tx) => {
    const users = await insertUsers(
      tx,
      names.map((n) => ({ username: n, email: `${n}@acme.com`, dateJoined: T12 })),
    );
    const [group] = await insertGroups(tx, [{ name: 'Acme', usedForAnalytics: true }]);
    await joinGroups(
      tx,
      users.map((u) => [u, group!] as const),
    );
    const ct = await ensureContentTypeId(tx, 'askbot', 'post');
    return { users, group: group!, ct };
  });
}

async function session(db: Db, user: number, from: number, to: number, events: Array<[EventType, number]>, ct: number) {
  await db.transaction(async (tx) => {
    const [s] = await insertSessions(tx, [{ userId: user, createdAt: from, updatedAt: to }]);
    await insertEvents(
      tx,
      events.map(([type, at], i) => ({ sessionId: s!, eventType: type, timestamp: at, contentTypeId: ct, objectId: i + 1 })),
    );
  });
}

describeEachEngine('compile: Askbot scenarios', (engine) => {
  it('a user registers at 12:00, asks at 12:15, answers at 12:45: hourly then daily rows', async () => {
    const { db } = await freshAskbotDb(engine);
    const { users, group, ct } = await forum(db, ['ann']);
    await session(
      db,
      users[0]!,
      T12,
      T12 + 45 * MIN,
      [
        [EVENT.REGISTERED, T12],
        [EVENT.ASKED, T12 + 15 * MIN],
        [EVENT.ANSWERED, T12 + 45 * MIN],
      ],
      ct,
    );

    await compileAnalytics(db, { now: T12 + 75 * MIN });
    let s = await readSummaries(db);
    const figures = { num_questions: 1, num_answers: 1, num_upvotes: 0, num_downvotes: 0, question_views: 0, time_on_site: 45 * MIN };
    expect(s.hourlyUser).toEqual([{ user: users[0], hour: '2024-03-05T12:00:00Z', summarized: true, ...figures }]);
    expect(s.hourlyGroup).toEqual([{ group, hour: '2024-03-05T12:00:00Z', num_users: 1, num_users_added: 1, summarized: true, ...figures }]);
    // The day is not over: its daily group row is not final yet.
    expect(s.dailyGroup.map((r) => r.summarized)).toEqual([false]);

    await compileAnalytics(db, { now: T12 + 24 * MICROS_PER_HOUR });
    s = await readSummaries(db);
    expect(s.hourlyUser).toHaveLength(1);
    expect(s.dailyUser).toEqual([{ user: users[0], date: '2024-03-05', ...figures }]);
    expect(s.dailyGroup).toEqual([{ group, date: '2024-03-05', num_users: 1, num_users_added: 1, summarized: true, ...figures }]);
    await db.close();
  });

  it('a second user upvotes the question and downvotes the answer: groups show 2 users, 2 added', async () => {
    const { db } = await freshAskbotDb(engine);
    const { users, group, ct } = await forum(db, ['ann', 'bob']);
    await session(
      db,
      users[0]!,
      T12,
      T12 + 45 * MIN,
      [
        [EVENT.ASKED, T12 + 15 * MIN],
        [EVENT.ANSWERED, T12 + 45 * MIN],
      ],
      ct,
    );
    await session(
      db,
      users[1]!,
      T12 + 50 * MIN,
      T12 + 55 * MIN,
      [
        [EVENT.UPVOTED, T12 + 50 * MIN],
        [EVENT.DOWNVOTED, T12 + 55 * MIN],
      ],
      ct,
    );
    await compileAnalytics(db, { now: T12 + 24 * MICROS_PER_HOUR });
    const s = await readSummaries(db);
    const expected = { num_questions: 1, num_answers: 1, num_upvotes: 1, num_downvotes: 1, question_views: 0, time_on_site: 50 * MIN };
    expect(s.hourlyGroup).toEqual([{ group, hour: '2024-03-05T12:00:00Z', num_users: 2, num_users_added: 2, summarized: true, ...expected }]);
    expect(s.dailyGroup).toEqual([{ group, date: '2024-03-05', num_users: 2, num_users_added: 2, summarized: true, ...expected }]);
    expect(s.hourlyUser.map((r) => [r.user, r.num_upvotes, r.num_downvotes])).toEqual([
      [users[0], 0, 0],
      [users[1], 1, 1],
    ]);
    await db.close();
  });

  it('two users view a question: one view each, two in the group row', async () => {
    const { db } = await freshAskbotDb(engine);
    const { users, group, ct } = await forum(db, ['ann', 'bob']);
    await session(db, users[0]!, T12 + MIN, T12 + MIN, [[EVENT.QUESTION_VIEWED, T12 + MIN]], ct);
    await session(db, users[1]!, T12 + 2 * MIN, T12 + 2 * MIN, [[EVENT.QUESTION_VIEWED, T12 + 2 * MIN]], ct);
    await compileAnalytics(db, { now: T12 + 2 * MICROS_PER_HOUR });
    const s = await readSummaries(db);
    expect(s.hourlyUser.map((r) => [r.user, r.question_views])).toEqual([
      [users[0], 1],
      [users[1], 1],
    ]);
    expect(s.hourlyGroup.map((r) => [r.group, r.question_views])).toEqual([[group, 2]]);
    await db.close();
  });
});

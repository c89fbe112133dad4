// The Overview's most-viewed questions from the compiled question views when the users left out
// reorder them: the first candidates (the most viewed by all signed-in users) are mostly a blocked
// user's views, so the list needs a second round of candidates to be exact; views not compiled yet are
// neither counted nor subtracted.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import { DAILY_VIEWS_TABLE, MONTHLY_VIEWS_TABLE, dropQuestionViews, ensureQuestionViews } from '../../src-main/core/derived/question-views';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { ident, sql } from '../../src-main/core/db/sql';
import { EVENT, insertEvents, insertSessions } from '../../src-main/core/forum/analytics';
import { insertUsers } from '../../src-main/core/forum/users';
import { reportOverview } from '../../src-main/core/reports';
import { parseSettings } from '../../src-main/core/settings';
import { parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';

const NOW = parseInstant('2026-03-20T12:00:00Z');
const DATES = '2026-03-01..2026-03-14';

describeEachEngine('most-viewed questions with left-out users', (engine) => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await freshAskbotDb(engine));
    const joined = parseInstant('2025-01-01T00:00:00Z');
    const [amy, blk] = await insertUsers(db, [
      { username: 'amy', email: 'amy@x.org', dateJoined: joined },
      { username: 'blk', email: 'blk@x.org', dateJoined: joined, status: 'b' },
    ]);
    const ct = await ensureContentTypeId(db, 'askbot', 'post');
    const at = parseInstant('2026-03-10T10:00:00Z');
    const [sa, sb] = await insertSessions(db, [
      { userId: amy!, createdAt: at, updatedAt: at + 3_600_000_000 },
      { userId: blk!, createdAt: at, updatedAt: at + 3_600_000_000 },
    ]);
    // Posts 1-35: blk 10 views each, amy one; posts 36-40: amy 5 each. One view on the 15th (outside).
    const views: Array<{ session: number; post: number }> = [];
    for (let post = 1; post <= 35; post++) {
      for (let i = 0; i < 10; i++) views.push({ session: sb!, post });
      views.push({ session: sa!, post });
    }
    for (let post = 36; post <= 40; post++) for (let i = 0; i < 5; i++) views.push({ session: sa!, post });
    await insertEvents(db, [
      ...views.map((v, i) => ({ sessionId: v.session, eventType: EVENT.QUESTION_VIEWED, timestamp: at + i * 1_000_000, contentTypeId: ct, objectId: v.post })),
      { sessionId: sa!, eventType: EVENT.QUESTION_VIEWED, timestamp: parseInstant('2026-03-15T01:00:00Z'), contentTypeId: ct, objectId: 1 },
    ]);
    await compileAnalytics(db, { now: NOW });
    // blk's views of post 36 not compiled yet: the compiled counts hold none of them, so none is subtracted.
    await insertEvents(
      db,
      [1, 2, 3].map((i) => ({ sessionId: sb!, eventType: EVENT.QUESTION_VIEWED, timestamp: at + 3_000_000_000 + i, contentTypeId: ct, objectId: 36 })),
    );
  });
  afterAll(async () => db.close());

  const viewed = async () => (await reportOverview(db, parseSettings({}), { dates: DATES, now: NOW })).top.viewed.map((q) => [q.post_id, q.views]);
  const want = [
    [36, 5],
    [37, 5],
    [38, 5],
    [39, 5],
    [40, 5],
    [1, 1],
    [2, 1],
    [3, 1],
    [4, 1],
    [5, 1],
  ];

  it('from the compiled views (two rounds of candidates) and from the events, the same exact list', async () => {
    const counted = await db.one<{ n: unknown }>(sql`SELECT sum("views") AS n FROM ${ident(MONTHLY_VIEWS_TABLE)}`);
    expect(Number(counted?.n)).toBe(35 * 11 + 25 + 1); // blk's views are compiled too; the report subtracts them
    expect(await viewed()).toEqual(want);
    await dropQuestionViews(db);
    expect(await viewed()).toEqual(want);
    expect(await ensureQuestionViews(db)).toEqual([DAILY_VIEWS_TABLE, MONTHLY_VIEWS_TABLE]);
    expect(await viewed()).toEqual(want);
  });
});

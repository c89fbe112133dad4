import { expect, it } from 'vitest';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import { insertEvents, insertSessions, EVENT } from '../../src-main/core/forum/analytics';
import { insertGroups, insertUsers, joinGroups } from '../../src-main/core/forum/users';
import { getStatus } from '../../src-main/core/status';
import { parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { sql } from '../../src-main/core/db/sql';

describeEachEngine('forum writers', (engine) => {
  it('insert users with profiles, groups, memberships (once each), sessions and events', async () => {
    const { db } = await freshAskbotDb(engine);
    const t = parseInstant('2024-05-01T12:00:00Z');
    await db.transaction(async (tx) => {
      const users = await insertUsers(tx, [
        { username: 'ann', email: 'ann@acme.com', dateJoined: t, status: 'd' },
        { username: 'bob', email: 'bob@acme.com', dateJoined: t },
      ]);
      const [acme, staff] = await insertGroups(tx, [{ name: 'Acme', usedForAnalytics: true }, { name: 'Staff' }]);
      await joinGroups(tx, [
        [users[0]!, acme!],
        [users[1]!, acme!],
        [users[0]!, staff!],
        [users[0]!, acme!],
      ]);
      await joinGroups(tx, [[users[0]!, acme!]]); // already a member: nothing added
      const [s] = await insertSessions(tx, [{ userId: users[0]!, createdAt: t, updatedAt: t + 60_000_000 }]);
      const ct = await ensureContentTypeId(tx, 'askbot', 'post');
      await insertEvents(tx, [{ sessionId: s!, eventType: EVENT.ASKED, timestamp: t, contentTypeId: ct, objectId: 1 }]);
    });
    const status = await getStatus(db);
    expect(status.counts).toEqual({ users: 2, groups: 2, analytics_groups: 1, sessions: 1, events: 1, unsummarized_events: 1 });
    const m = await db.one<{ a: number; b: number; admin: number }>(
      sql`SELECT (SELECT count(*) FROM auth_user_groups) AS a, (SELECT count(*) FROM askbot_groupmembership WHERE level = 1) AS b,
              (SELECT count(*) FROM askbot_userprofile WHERE status = 'd') AS admin`,
    );
    expect({ a: Number(m!.a), b: Number(m!.b), admin: Number(m!.admin) }).toEqual({ a: 3, b: 3, admin: 1 });
    await db.close();
  });
});

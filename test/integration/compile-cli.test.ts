// One compile at a time (a second one fails at once with LOCKED / exit code 3 and writes nothing),
// and the CLI's compile/reset commands: --json, --silent, --now, --rebuild --from, --drop-indexes.
import { expect, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import { listAnalyticsIndexes } from '../../src-main/core/derived/compile-indexes';
import { openDatabase } from '../../src-main/core/db/connect';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { sql } from '../../src-main/core/db/sql';
import { AppError } from '../../src-main/core/errors';
import { EVENT, insertEvents, insertSessions } from '../../src-main/core/forum/analytics';
import { insertGroups, insertUsers, joinGroups } from '../../src-main/core/forum/users';
import { parseInstant } from '../../src-main/core/time/instant';
import { REPORT_INDEXES } from '../../src-main/core/derived/report-indexes';
import { cli } from '../helpers/cli';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { oracleSummaries, type RawHistory } from '../helpers/oracle';
import { monthlyFromDaily, readMonthlyRollups, readSummaries } from '../helpers/oracle-summaries';

const HOUR = 3_600_000_000;
const T0 = parseInstant('2024-01-01T00:00:00Z');
const DAYS = 20;

/** Six users, one analytics group, a session with two events per user per day for DAYS days. */
async function history(db: Db): Promise<RawHistory> {
  const h: RawHistory = { users: [], groups: [], membership: [], authMembership: [], sessions: [], events: [] };
  await db.transaction(async (tx) => {
    const ids = await insertUsers(
      tx,
      [0, 1, 2, 3, 4, 5].map((i) => ({ username: `u${i}`, email: `u${i}@a.org`, dateJoined: T0 + i * HOUR })),
    );
    ids.forEach((id, i) => h.users.push({ id, dateJoined: T0 + i * HOUR }));
    const [g] = await insertGroups(tx, [{ name: 'G', usedForAnalytics: true }]);
    h.groups.push({ id: g!, analytics: true });
    await joinGroups(
      tx,
      ids.slice(0, 4).map((u) => [u, g!] as const),
    );
    for (const u of ids.slice(0, 4)) {
      h.membership.push({ user: u, group: g! });
      h.authMembership.push({ user: u, group: g! });
    }
    const ct = await ensureContentTypeId(tx, 'askbot', 'post');
    const sessions = ids.flatMap((u, i) =>
      Array.from({ length: DAYS }, (_, day) => ({
        userId: u,
        createdAt: T0 + day * 24 * HOUR + (i + 8) * HOUR + 17_000_000,
        updatedAt: T0 + day * 24 * HOUR + (i + 9) * HOUR + 700_000,
      })),
    );
    const sids = await insertSessions(tx, sessions);
    sids.forEach((id, k) => h.sessions.push({ id, user: sessions[k]!.userId, createdAt: sessions[k]!.createdAt, updatedAt: sessions[k]!.updatedAt }));
    const events = sids.flatMap((id, k) => [
      { session: id, type: EVENT.ASKED, timestamp: sessions[k]!.createdAt },
      { session: id, type: EVENT.QUESTION_VIEWED, timestamp: sessions[k]!.createdAt + 600_000_000 },
    ]);
    await insertEvents(
      tx,
      events.map((e) => ({ sessionId: e.session, eventType: e.type, timestamp: e.timestamp, contentTypeId: ct, objectId: 1 })),
    );
    h.events.push(...events);
  });
  return h;
}

async function duplicateKeys(db: Db): Promise<number> {
  const row = await db.one<{ n: number }>(
    sql`SELECT (SELECT count(*) FROM (SELECT 1 FROM askbot_hourlyusersummary GROUP BY user_id, hour HAVING count(*) > 1) a)
          + (SELECT count(*) FROM (SELECT 1 FROM askbot_hourlygroupsummary GROUP BY group_id, hour HAVING count(*) > 1) b)
          + (SELECT count(*) FROM (SELECT 1 FROM askbot_dailyusersummary GROUP BY user_id, date HAVING count(*) > 1) c)
          + (SELECT count(*) FROM (SELECT 1 FROM askbot_dailygroupsummary GROUP BY group_id, date HAVING count(*) > 1) d) AS n`,
  );
  return Number(row!.n);
}

describeEachEngine('compile: locking and CLI', (engine) => {
  it('two compiles started together: one succeeds, the other fails with LOCKED, one set of summaries', async () => {
    const { db, spec } = await freshAskbotDb(engine);
    const h = await history(db);
    const other = await openDatabase(spec, { time: db.dialect.time, write: true });
    const now = T0 + (DAYS + 1) * 24 * HOUR;
    const results = await Promise.allSettled([compileAnalytics(db, { now, batchDays: 1 }), compileAnalytics(other, { now, batchDays: 1 })]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const err = (failed[0] as PromiseRejectedResult).reason as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('LOCKED');
    expect(err.message).toMatch(/Another compile is running/);
    expect(await duplicateKeys(db)).toBe(0);
    expect(await readSummaries(db)).toEqual(oracleSummaries(h, now));
    // The lock is released afterwards: the loser can run now (nothing left to do).
    const again = await compileAnalytics(other, { now });
    expect(again.events_summarized).toBe(0);
    await other.close();
    await db.close();
  });

  it('CLI compile exits with 3 while another compile holds the database', async () => {
    const { db, url } = await freshAskbotDb(engine);
    await history(db);
    let cliRun: ReturnType<typeof cli> | undefined;
    await compileAnalytics(db, {
      now: T0 + (DAYS + 1) * 24 * HOUR,
      batchDays: 1,
      onProgress: () => {
        cliRun ??= cli(['compile', '--db', url, '--now', '2024-01-22T00:00:00Z']);
      },
    });
    const r = await cliRun!;
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Another compile is running/);
    await db.close();
  });

  it('a read-only connection is refused with READ_ONLY before anything is written', async () => {
    const { db, spec } = await freshAskbotDb(engine);
    await history(db);
    const ro = await openDatabase({ ...spec, readOnly: true }, { time: db.dialect.time });
    await expect(compileAnalytics(ro, { now: T0 + (DAYS + 1) * 24 * HOUR })).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect((await readSummaries(db)).hourlyUser).toEqual([]);
    await ro.close();
    await db.close();
  });

  it('compile --json / --silent / --now, rebuild --from, reset --drop-indexes', async () => {
    const { db, url } = await freshAskbotDb(engine);
    const h = await history(db);
    const first = await cli(['compile', '--db', url, '--json', '--now', '2024-01-05T10:30:00Z']);
    expect(first.code).toBe(0);
    const j = first.json() as { compiledUpTo: string; events_summarized: number; rows: Record<string, number>; duration_ms: number };
    expect(j.compiledUpTo).toBe('2024-01-05T10:00:00Z');
    // Days 0-3 fully, day 4 up to 10:00: users 0 and 1 (sessions at 08:00 and 09:00) have theirs.
    expect(j.events_summarized).toBe(6 * 4 * 2 + 2 * 2);
    expect(j.rows.hourly_user).toBeGreaterThan(0);
    expect(typeof j.duration_ms).toBe('number');
    expect(await readSummaries(db)).toEqual(oracleSummaries(h, parseInstant('2024-01-05T10:30:00Z')));

    const silent = await cli(['compile', '--db', url, '--silent', '--now', '2024-01-25T00:00:00Z']);
    expect(silent).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const full = await readSummaries(db);
    expect(full).toEqual(oracleSummaries(h, parseInstant('2024-01-25T00:00:00Z')));

    const human = await cli(['compile', '--db', url, '--rebuild', '--from', '2024-01-10', '--now', '2024-01-25T00:00:00Z']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/events summarized/);
    expect(await readSummaries(db)).toEqual(full);

    const bad = await cli(['compile', '--db', url, '--now', 'yesterday']);
    expect(bad.code).toBe(2);

    expect((await listAnalyticsIndexes(db)).length).toBeGreaterThan(0);
    const reset = await cli(['reset', '--db', url, '--json', '--drop-indexes']);
    expect(reset.code).toBe(0);
    expect(reset.json()).toMatchObject({ eventsMarkedUnsummarized: h.events.length });
    expect(await listAnalyticsIndexes(db)).toEqual([]);
    expect(reset.json().indexes_dropped).toEqual(
      expect.arrayContaining(['aac_monthlyusersummary', 'aac_dailyactiveusers', 'aac_dailyquestionviews', 'aac_monthlyquestionviews']),
    );
    await expect(readMonthlyRollups(db)).rejects.toThrow();
    expect((await readSummaries(db)).hourlyUser).toEqual([]);
    // The next compile recreates the indexes and the same summaries.
    await cli(['compile', '--db', url, '--silent', '--now', '2024-01-25T00:00:00Z']);
    expect((await listAnalyticsIndexes(db)).length).toBeGreaterThan(0);
    // …including the reports' own, which a database not made by `init` gets this way.
    expect(await listAnalyticsIndexes(db)).toEqual(expect.arrayContaining(REPORT_INDEXES.map(([name]) => name)));
    expect(await readSummaries(db)).toEqual(full);
    expect(await readMonthlyRollups(db)).toEqual(monthlyFromDaily(full.dailyUser));
    await db.close();
  });
});

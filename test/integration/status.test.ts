// `status` (the CLI's, and the app's home screen after every job): exact counts of the small tables and
// of the events waiting to be compiled, the highest event and session ids, the newest bucket of each
// summary table; and, on SQLite, no statement of it reads every row of a big table.
import { beforeAll, afterAll, expect, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import { SUMMARY_TABLES } from '../../src-main/core/db/schema';
import type { Db } from '../../src-main/core/db/types';
import { ident, raw, sql, type Sql } from '../../src-main/core/db/sql';
import { seedDemo } from '../../src-main/core/seed';
import { getStatus } from '../../src-main/core/status';
import { formatInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';

const NOW = Date.UTC(2026, 2, 15, 12, 30) * 1000;

/** The Db with every statement it is given recorded (text and values). */
function recording(db: Db, seen: Sql[]): Db {
  const keep = (query: Sql | string) => void seen.push(typeof query === 'string' ? raw(query) : query);
  return {
    ...db,
    engine: db.engine,
    dialect: db.dialect,
    readOnly: db.readOnly,
    description: db.description,
    all: (query) => (keep(query), db.all(query)),
    one: (query) => (keep(query), db.one(query)),
    run: (query) => (keep(query), db.run(query)),
    exec: (script) => (keep(script), db.exec(script)),
    transaction: (fn) => db.transaction(fn),
    cancelRunning: () => db.cancelRunning(),
    close: () => db.close(),
  };
}

describeEachEngine('status', (engine) => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await freshAskbotDb(engine));
    await seedDemo(db, { users: 30, days: 20, seed: 5, now: NOW, passwordIterations: 1000 });
    await compileAnalytics(db, { now: NOW });
  }, 60_000);
  afterAll(async () => db.close());

  const scalar = async (query: Sql) => Number((await db.one<{ v: unknown }>(query))!.v);

  it('exact small counts and pending events, the highest ids, and how far each summary table reaches', async () => {
    // Three events wait for the next compile; one event and one session in the middle are deleted.
    await db.run(sql`UPDATE "askbot_event" SET "summarized" = ${db.dialect.FALSE} WHERE "id" IN (SELECT "id" FROM "askbot_event" ORDER BY "id" LIMIT 3)`);
    const middle = await scalar(sql`SELECT "id" AS v FROM "askbot_event" ORDER BY "id" LIMIT 1 OFFSET 10`);
    await db.run(sql`DELETE FROM "askbot_event" WHERE "id" = ${middle}`);

    const s = await getStatus(db);
    expect(s.counts).toEqual({
      users: await scalar(sql`SELECT count(*) AS v FROM "auth_user"`),
      groups: await scalar(sql`SELECT count(*) AS v FROM "askbot_group"`),
      analytics_groups: await scalar(sql`SELECT count(*) AS v FROM "askbot_group" WHERE "used_for_analytics" = ${db.dialect.TRUE}`),
      sessions: await scalar(sql`SELECT max("id") AS v FROM "askbot_session"`),
      events: await scalar(sql`SELECT max("id") AS v FROM "askbot_event"`),
      unsummarized_events: 3,
    });
    // The highest id is what "recorded" means: the deleted event is not subtracted.
    expect(s.counts!.events).toBe((await scalar(sql`SELECT count(*) AS v FROM "askbot_event"`)) + 1);
    expect(s.counts!.users).toBeGreaterThanOrEqual(30);

    const newest = async (table: string) => {
      const hourly = table.startsWith('askbot_hourly');
      const v = (await db.one<{ v: unknown }>(sql`SELECT max(${ident(hourly ? 'hour' : 'date')}) AS v FROM ${ident(table)}`))!.v;
      return hourly ? formatInstant(db.dialect.readDateTime(v)) : db.dialect.readDate(v);
    };
    const through = Object.fromEntries(await Promise.all(SUMMARY_TABLES.map(async (t) => [t, await newest(t)] as const)));
    expect(s.summaries_through).toEqual(through);
    expect(s.compiled_through).toBe(through.askbot_hourlyusersummary);
    expect(s.compiled_through! < formatInstant(NOW)).toBe(true);
    expect(through.askbot_dailyusersummary).toBe(s.compiled_through!.slice(0, 10));
  });

  it('an empty forum: zeros, and no summary table reaches anywhere', async () => {
    const { db: empty } = await freshAskbotDb(engine);
    try {
      expect(await getStatus(empty)).toMatchObject({
        counts: { users: 0, groups: 0, analytics_groups: 0, sessions: 0, events: 0, unsummarized_events: 0 },
        summaries_through: Object.fromEntries(SUMMARY_TABLES.map((t) => [t, null])),
        compiled_through: null,
      });
    } finally {
      await empty.close();
    }
  });

  if (engine === 'sqlite') {
    it('reads no big table whole: events, sessions and summaries by index probes, pending events through their partial index', async () => {
      const seen: Sql[] = [];
      await getStatus(recording(db, seen));
      const big = /^SCAN "?(askbot_event|askbot_session|askbot_(hourly|daily)(user|group)summary)\b/;
      const scans: string[] = [];
      for (const query of seen) {
        if (!/^\s*SELECT/i.test(query.numbered().text)) continue;
        const plan = await db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`);
        scans.push(...plan.map((p) => p.detail).filter((d) => big.test(d) && !d.includes('INDEX aac_event_unsummarized')));
      }
      expect(seen.length).toBeGreaterThan(0);
      expect(scans).toEqual([]);
    });
  }
});

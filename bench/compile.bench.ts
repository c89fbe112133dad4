// Compiler benchmark (issue 3): on Askbot-shaped data (~3 events per session, 20k users, 500 groups
// plus the global group, one year), per engine and size:
// - full compile time and events/s (aac_ indexes already built, as `init` leaves them; their build
//   time is reported separately);
// - the floor on the same data and engine: a bare GROUP BY (user, hour) aggregate of the events and a
//   bare UPDATE of every event's summarized flag, with Askbot's own indexes only; and compile / floor;
// - an incremental compile of 10k new events on top of the compiled history;
// - the write floor: re-inserting the summary rows the compile produced into Askbot's four tables
//   with Askbot's own indexes only (the least any compiler writing those tables must do on top of
//   the floor);
// - peak RSS of this process (high-water mark, so it includes generating the data).
// Sizes: 1M (and 5M with BENCH_COMPILE_5M=1, or any list in BENCH_COMPILE_SIZES); --quick: 100k.
// BENCH_ENGINES=sqlite|postgres limits the engines.
import { compileAnalytics, dropAnalyticsIndexes, ensureAnalyticsIndexes } from '../src-main/core/compile';
import { ensureMonthlyRollups } from '../src-main/core/compile/rollup';
import type { Db } from '../src-main/core/db/types';
import { ensureReportIndexes } from '../src-main/core/reports';
import { initSchema } from '../src-main/core/db/init';
import type { Engine } from '../src-main/core/db/types';
import { BENCH_END, generateActivity, generateBenchDataset } from './dataset';
import { openFreshBenchDb } from './fresh-db';
import type { BenchContext, BenchResult } from './run';

const HOUR = 3_600_000_000;


async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const SUMMARY_TABLES = ['askbot_hourlyusersummary', 'askbot_dailyusersummary', 'askbot_hourlygroupsummary', 'askbot_dailygroupsummary'];

/** Seconds to insert the compiled summary rows again with only Askbot's indexes; the rows are put back as they were. */
async function writeFloor(db: Db): Promise<number> {
  // One transaction: PostgreSQL temp tables belong to one pooled connection.
  const s = await db.transaction(async (tx) => {
    const copies = SUMMARY_TABLES.map((t, i) => ({ t, c: `bench_copy_${i}` }));
    for (const { t, c } of copies) await tx.exec(`CREATE TEMP TABLE ${c} AS SELECT * FROM "${t}"`);
    await dropAnalyticsIndexes(tx);
    await tx.exec(`DROP TABLE IF EXISTS "aac_monthlyusersummary"`);
    for (const { t } of copies) await tx.exec(`DELETE FROM "${t}"`);
    const t0 = performance.now();
    for (const { t, c } of copies) await tx.exec(`INSERT INTO "${t}" SELECT * FROM ${c}`);
    const seconds = (performance.now() - t0) / 1000;
    for (const { c } of copies) await tx.exec(`DROP TABLE ${c}`);
    return seconds;
  });
  await ensureAnalyticsIndexes(db);
  await ensureReportIndexes(db);
  await ensureMonthlyRollups(db);
  return s;
}

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function one(engine: Engine, events: number, ctx: BenchContext): Promise<BenchResult> {
  const { db, cleanup } = await openFreshBenchDb(engine, ctx.pgAdminUrl, 'compile');
  try {
    const d = db.dialect;
    await initSchema(db);
    await dropAnalyticsIndexes(db); // generated data goes in first; indexes are built (and timed) below
    ctx.log(`${engine} ${events}: generating`);
    const gen = await timed(() => generateBenchDataset(db, { events, users: 20_000, groups: 500, days: 365, seed: 1, log: ctx.log }));

    ctx.log(`${engine} ${events}: floor`);
    const aggregate = await timed(() =>
      db.one(
        `SELECT count(*) AS n FROM (SELECT s."user_id", ${d.hourOf(d.micros('e."timestamp"'))} AS h, count(*) AS c
         FROM "askbot_event" e JOIN "askbot_session" s ON s."id" = e."session_id" GROUP BY 1, 2) x`,
      ),
    );
    const update = await timed(() => db.run(`UPDATE "askbot_event" SET "summarized" = ${d.TRUE}`));
    await db.run(`UPDATE "askbot_event" SET "summarized" = ${d.FALSE}`);
    if (engine === 'postgres') await db.exec('VACUUM ANALYZE');
    const floorMs = aggregate.ms + update.ms;

    ctx.log(`${engine} ${events}: indexes`);
    // What `init` leaves: the compiler's and the reports' indexes, and the (empty) monthly rollups.
    const indexes = await timed(async () => {
      await ensureAnalyticsIndexes(db);
      await ensureReportIndexes(db);
      await ensureMonthlyRollups(db);
    });
    ctx.log(`${engine} ${events}: full compile`);
    const now = BENCH_END + HOUR;
    const full = await timed(() => compileAnalytics(db, { now }));
    if (engine === 'postgres') await db.exec('VACUUM ANALYZE');
    ctx.log(`${engine} ${events}: write floor`);
    const writeFloorS = await writeFloor(db);
    if (engine === 'postgres') await db.exec('VACUUM ANALYZE');

    // 10k new events (3,334 sessions) in the hours before a later `now`.
    const later = now + 2 * HOUR;
    const userBase = Number((await db.one<{ m: number }>(`SELECT min("id") AS m FROM "auth_user"`))!.m);
    await generateActivity(db, { sessions: 3_334, eventsPerSession: 3, first: now - 6 * HOUR, end: later - HOUR, userBase, users: 20_000, seed: 2 });
    ctx.log(`${engine} ${events}: incremental compile`);
    const inc = await timed(() => compileAnalytics(db, { now: later }));

    return {
      name: `compile ${events / 1e6}M events`,
      engine,
      generate_s: gen.ms / 1000,
      floor_s: floorMs / 1000,
      floor_aggregate_s: aggregate.ms / 1000,
      floor_update_s: update.ms / 1000,
      index_build_s: indexes.ms / 1000,
      full_compile_s: full.ms / 1000,
      events_per_s: Math.round(full.value.events_summarized / (full.ms / 1000)),
      ratio_to_floor: full.ms / floorMs,
      write_floor_s: writeFloorS,
      ratio_to_floor_plus_writes: full.ms / (floorMs + writeFloorS * 1000),
      hourly_user_rows: full.value.rows.hourly_user,
      hourly_group_rows: full.value.rows.hourly_group,
      incremental_10k_s: inc.ms / 1000,
      incremental_events: inc.value.events_summarized,
      peak_rss_mb: rssMb(),
    };
  } finally {
    await cleanup();
  }
}

export default async function compileBench(ctx: BenchContext): Promise<BenchResult[]> {
  const sizes = ctx.quick
    ? [100_000]
    : process.env.BENCH_COMPILE_SIZES
      ? process.env.BENCH_COMPILE_SIZES.split(',').map(Number)
      : process.env.BENCH_COMPILE_5M
        ? [1_000_000, 5_000_000]
        : [1_000_000];
  const engines = (process.env.BENCH_ENGINES?.split(',') as Engine[] | undefined) ?? (['sqlite', 'postgres'] as Engine[]);
  const out: BenchResult[] = [];
  for (const events of sizes) for (const engine of engines) out.push(await one(engine, events, ctx));
  return out;
}

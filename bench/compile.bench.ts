// Compiler benchmark (issues 3 and 12): on Askbot-shaped data (~3 events per session, 20k users, 500
// groups plus the global group, one year), for every engine × layout × statistics:
// - engines: SQLite; PostgreSQL 17 (the embedded server `npm run bench` starts); Debian's
//   postgresql-15 started here with the package's default settings (128 MB shared_buffers, 4 MB
//   work_mem, jit on), when /usr/lib/postgresql/15/bin exists;
// - layouts: `time` (sessions and events created in time order) and `shuffled` (the same history with
//   ids and table order unrelated to time, as after an import);
// - statistics: `fresh` (ANALYZE after the load and after the indexes) and `none` (no ANALYZE at all:
//   PostgreSQL's statistics removed and autovacuum off for the run, SQLite without sqlite_stat1);
// and prints:
// - the floor on the same data and engine: a bare GROUP BY (user, hour) aggregate of the events and a
//   bare UPDATE of every event's summarized flag, with Askbot's own indexes only;
// - the writes floor: inserting the summary rows the compile produced into copies of Askbot's four
//   tables with Askbot's own indexes (the least any compiler writing those tables must do on top of
//   the floor);
// - the full compile (aac_ indexes already built, as `init` leaves them), events/s, and its ratios
//   to the floor and to floor + writes;
// - an incremental compile of 10k new events on top of the compiled history;
// - peak RSS of this process (high-water mark since the bench started, data generation included).
// Sizes: 1M (and 5M with BENCH_COMPILE_5M=1, or any list in BENCH_COMPILE_SIZES); --quick: 100k.
// BENCH_ENGINES=sqlite,pg17,pg15 (postgres = both servers), BENCH_LAYOUTS=time,shuffled and
// BENCH_STATS=fresh,none limit the matrix. BENCH_COMPILE_20M=1 runs the scale run instead (see scale.ts).
import { compileAnalytics } from '../src-main/core/compile';
import { dropDerivedSchema, ensureDerivedSchema } from '../src-main/core/derived/schema';
import type { Db, Engine } from '../src-main/core/db/types';
import { sql } from '../src-main/core/db/sql';
import { initSchema } from '../src-main/core/db/init';
import { BENCH_END, generateActivity, generateBenchDataset, type Layout } from './dataset';
import { debianPostgresAvailable, startDebianPostgres } from './debian-pg';
import { openFreshBenchDb } from './fresh-db';
import type { BenchContext, BenchResult } from './run';
import { compileScaleRun } from './scale';
import { forgetStatistics, writeFloor } from './compile-floor';
import { cpuClock, measured } from './cpu';

const HOUR = 3_600_000_000;

export interface Server {
  /** Label in the results: sqlite, pg17, pg15. */
  name: string;
  engine: Engine;
  adminUrl: string;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * The floor: a bare (user, hour) aggregate of the events and a bare UPDATE of every event's flag (reset
 * after). SQLite joins in the order written (events, then each one's session by key), its fastest plan:
 * with statistics it would pick sessions first and probe the events by session, 1.5-2x slower, and the
 * floor would depend on statistics.
 */
export async function measureFloor(db: Db): Promise<{ aggregateMs: number; updateMs: number; cpuMs: number }> {
  const d = db.dialect;
  const clock = await cpuClock(db);
  const aggregate = await measured(clock, () =>
    db.one(
      sql`SELECT count(*) AS n FROM (SELECT s."user_id", ${d.hourOf(d.micros('e."timestamp"'))} AS h, count(*) AS c
       FROM "askbot_event" e CROSS JOIN "askbot_session" s WHERE s."id" = e."session_id" GROUP BY 1, 2) x`,
    ),
  );
  const update = await measured(clock, () => db.run(sql`UPDATE "askbot_event" SET "summarized" = ${d.TRUE}`));
  await db.run(sql`UPDATE "askbot_event" SET "summarized" = ${d.FALSE}`);
  return { aggregateMs: aggregate.ms, updateMs: update.ms, cpuMs: aggregate.cpuMs + update.cpuMs };
}

/** PostgreSQL: dead rows reclaimed, and the statistics refreshed only when they are wanted. */
async function vacuum(db: Db, fresh: boolean): Promise<void> {
  if (db.engine === 'postgres') await db.exec(fresh ? 'VACUUM ANALYZE' : 'VACUUM');
}

async function one(server: Server, events: number, layout: Layout, fresh: boolean, ctx: BenchContext): Promise<BenchResult> {
  const label = `${server.name} ${events / 1e6}M ${layout} ${fresh ? 'fresh' : 'none'}`;
  const { db, cleanup } = await openFreshBenchDb(server.engine, server.adminUrl, 'compile');
  try {
    await initSchema(db);
    await dropDerivedSchema(db); // generated data goes in first; indexes are built (and timed) below
    if (!fresh) await forgetStatistics(db);
    ctx.log(`${label}: generating`);
    const gen = await timed(() => generateBenchDataset(db, { events, users: 20_000, groups: 500, days: 365, seed: 1, layout, analyze: fresh, log: ctx.log }));

    ctx.log(`${label}: floor`);
    const floor = await measureFloor(db);
    await vacuum(db, fresh);
    const floorMs = floor.aggregateMs + floor.updateMs;

    ctx.log(`${label}: indexes`);
    // What `init` leaves: the compiler's and the reports' indexes, and the (empty) monthly rollups.
    const indexes = await timed(async () => {
      await ensureDerivedSchema(db);
      if (fresh && db.engine === 'sqlite') await db.exec('ANALYZE');
    });
    if (!fresh) await forgetStatistics(db); // creating the indexes analyzed the tables
    ctx.log(`${label}: full compile`);
    const now = BENCH_END + HOUR;
    const full = await measured(await cpuClock(db), () => compileAnalytics(db, { now }));
    await vacuum(db, fresh);
    ctx.log(`${label}: writes floor`);
    const writes = await writeFloor(db);
    const writeFloorS = writes.seconds;

    // 10k new events (3,334 sessions) in the hours before a later `now`.
    const later = now + 2 * HOUR;
    const userBase = Number((await db.one<{ m: number }>(sql`SELECT min("id") AS m FROM "auth_user"`))!.m);
    await generateActivity(db, { sessions: 3_334, eventsPerSession: 3, first: now - 6 * HOUR, end: later - HOUR, userBase, users: 20_000, seed: 2, layout });
    ctx.log(`${label}: incremental compile`);
    const inc = await measured(await cpuClock(db), () => compileAnalytics(db, { now: later }));
    const floorWritesMs = floorMs + writeFloorS * 1000;
    ctx.log(`${label}: compile ${(full.ms / 1000).toFixed(1)} s = ${(full.ms / floorWritesMs).toFixed(2)}x floor + writes`);

    return {
      name: `compile ${events / 1e6}M events`,
      engine: server.name,
      layout,
      statistics: fresh ? 'fresh' : 'none',
      generate_s: gen.ms / 1000,
      floor_s: floorMs / 1000,
      floor_aggregate_s: floor.aggregateMs / 1000,
      floor_update_s: floor.updateMs / 1000,
      write_floor_s: writeFloorS,
      index_build_s: indexes.ms / 1000,
      full_compile_s: full.ms / 1000,
      events_per_s: Math.round(full.value.events_summarized / (full.ms / 1000)),
      ratio_to_floor: full.ms / floorMs,
      ratio_to_floor_plus_writes: full.ms / floorWritesMs,
      // CPU seconds (this process and the database's server processes): what the machine's load hardly moves.
      floor_cpu_s: floor.cpuMs / 1000,
      write_floor_cpu_s: writes.cpuSeconds,
      full_compile_cpu_s: full.cpuMs / 1000,
      cpu_ratio_to_floor_plus_writes: full.cpuMs / (floor.cpuMs + writes.cpuSeconds * 1000),
      hourly_user_rows: full.value.rows.hourly_user,
      incremental_10k_s: inc.ms / 1000,
      incremental_10k_cpu_s: inc.cpuMs / 1000,
      incremental_events: inc.value.events_summarized,
      peak_rss_mb: rssMb(),
    };
  } finally {
    await cleanup();
  }
}

const list = (env: string | undefined, all: string[]) => (env ? env.split(',').map((s) => s.trim()) : all);

/** The servers asked for in BENCH_ENGINES, pg15 started here; `stop` ends what was started. */
export async function benchServers(ctx: BenchContext): Promise<{ servers: Server[]; stop: () => Promise<void> }> {
  const wanted = new Set(list(process.env.BENCH_ENGINES, ['sqlite', 'postgres']).flatMap((e) => (e === 'postgres' ? ['pg17', 'pg15'] : [e])));
  const servers: Server[] = [];
  if (wanted.has('sqlite')) servers.push({ name: 'sqlite', engine: 'sqlite', adminUrl: '' });
  if (wanted.has('pg17')) servers.push({ name: 'pg17', engine: 'postgres', adminUrl: ctx.pgAdminUrl });
  let pg15: Awaited<ReturnType<typeof startDebianPostgres>> | undefined;
  if (wanted.has('pg15')) {
    if (debianPostgresAvailable()) {
      pg15 = await startDebianPostgres();
      servers.push({ name: 'pg15', engine: 'postgres', adminUrl: pg15.url });
    } else ctx.log('pg15: no Debian postgresql-15 binaries, skipped (apt-get install postgresql-15)');
  }
  return { servers, stop: async () => pg15?.stop() };
}

export default async function compileBench(ctx: BenchContext): Promise<BenchResult[]> {
  const { servers, stop } = await benchServers(ctx);
  try {
    if (process.env.BENCH_COMPILE_20M)
      return await compileScaleRun(
        servers.filter((s) => s.engine === 'postgres'),
        ctx,
      );
    const sizes = ctx.quick
      ? [100_000]
      : process.env.BENCH_COMPILE_SIZES
        ? process.env.BENCH_COMPILE_SIZES.split(',').map(Number)
        : process.env.BENCH_COMPILE_5M
          ? [1_000_000, 5_000_000]
          : [1_000_000];
    const layouts = list(process.env.BENCH_LAYOUTS, ['time', 'shuffled']) as Layout[];
    const stats = list(process.env.BENCH_STATS, ['fresh', 'none']);
    const out: BenchResult[] = [];
    for (const events of sizes)
      for (const server of servers) for (const layout of layouts) for (const s of stats) out.push(await one(server, events, layout, s === 'fresh', ctx));
    return out;
  } finally {
    await stop();
  }
}

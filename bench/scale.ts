// The compile benchmark's scale run (BENCH_COMPILE_20M=1, PostgreSQL only): 20M events over four
// years (100k users, 500 organizations), the floor and writes floor, the full compile, hourly
// incremental compiles (one hour of typical traffic, then 10k new events), the Users levels and the
// Activity log pages on the compiled result, and peak RSS. Layout: the first of BENCH_LAYOUTS (time).
// Heavy: about an hour per server on two cores.
import { compileAnalytics } from '../src-main/core/compile';
import { dropDerivedSchema, ensureDerivedSchema } from '../src-main/core/derived/schema';
import { ensureMonthlyRollups } from '../src-main/core/derived/monthly-rollups';
import { initSchema } from '../src-main/core/db/init';
import { sql } from '../src-main/core/db/sql';
import { reportActivity, reportUsers } from '../src-main/core/reports';
import { defaultSegment } from '../src-main/core/settings';
import type { Server } from './compile.bench';
import { measureFloor, rssMb, timed } from './compile.bench';
import { cpuClock, measured } from './cpu';
import { writeFloor } from './compile-floor';
import { BENCH_END, generateActivity, generateBenchDataset, type Layout } from './dataset';
import { openFreshBenchDb } from './fresh-db';
import type { BenchContext, BenchResult } from './run';

const HOUR = 3_600_000_000;
const EVENTS = 20_000_000;
const DAYS = 4 * 365 + 1;
const USERS = 100_000;

/** Median of three timed calls after a warm-up call, in ms. */
async function median3(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) ms.push((await timed(fn)).ms);
  return ms.sort((a, b) => a - b)[1]!;
}

export async function compileScaleRun(servers: Server[], ctx: BenchContext): Promise<BenchResult[]> {
  const layout = (process.env.BENCH_LAYOUTS?.split(',')[0] ?? 'time') as Layout;
  const out: BenchResult[] = [];
  for (const server of servers) {
    const label = `${server.name} 20M ${layout}`;
    const { db, cleanup } = await openFreshBenchDb(server.engine, server.adminUrl, 'scale');
    try {
      await initSchema(db);
      await dropDerivedSchema(db);
      ctx.log(`${label}: generating`);
      const { settings } = await generateBenchDataset(db, { events: EVENTS, users: USERS, groups: 500, days: DAYS, seed: 1, layout, log: ctx.log });
      ctx.log(`${label}: floor`);
      const floor = await measureFloor(db);
      await db.exec('VACUUM ANALYZE');
      await ensureDerivedSchema(db);
      await ensureMonthlyRollups(db);
      ctx.log(`${label}: full compile`);
      const now = BENCH_END + HOUR;
      const full = await measured(await cpuClock(db), () => compileAnalytics(db, { now }));
      await db.exec('VACUUM ANALYZE');
      const writesFloor = await writeFloor(db);
      const writes = writesFloor.seconds;
      const userBase = Number((await db.one<{ m: number }>(sql`SELECT min("id") AS m FROM "auth_user"`))!.m);
      // One hour of this history's traffic (20M / 35k hours ≈ 570 events), then 10k events.
      const hourly = Math.ceil(EVENTS / (DAYS * 24) / 3);
      await generateActivity(db, { sessions: hourly, eventsPerSession: 3, first: now, end: now + HOUR, userBase, users: USERS, seed: 2 });
      ctx.log(`${label}: incremental compiles`);
      const incHour = await measured(await cpuClock(db), () => compileAnalytics(db, { now: now + 2 * HOUR }));
      await generateActivity(db, { sessions: 3_334, eventsPerSession: 3, first: now + 2 * HOUR, end: now + 3 * HOUR, userBase, users: USERS, seed: 3 });
      const inc10k = await measured(await cpuClock(db), () => compileAnalytics(db, { now: now + 4 * HOUR }));
      ctx.log(`${label}: reports`);
      const rnow = now + 4 * HOUR;
      const org = (await reportUsers(db, settings, { segment: defaultSegment(settings).slug, now: rnow, dates: 'all-time', sort: 'name' })).rows[0]!.key;
      const floorMs = floor.aggregateMs + floor.updateMs;
      out.push({
        name: 'compile 20M events, 4 years',
        engine: server.name,
        layout,
        floor_s: floorMs / 1000,
        write_floor_s: writes,
        full_compile_s: full.ms / 1000,
        ratio_to_floor_plus_writes: full.ms / (floorMs + writes * 1000),
        floor_cpu_s: floor.cpuMs / 1000,
        write_floor_cpu_s: writesFloor.cpuSeconds,
        full_compile_cpu_s: full.cpuMs / 1000,
        cpu_ratio_to_floor_plus_writes: full.cpuMs / (floor.cpuMs + writesFloor.cpuSeconds * 1000),
        incremental_1h_s: incHour.ms / 1000,
        incremental_1h_cpu_s: incHour.cpuMs / 1000,
        incremental_1h_events: incHour.value.events_summarized,
        incremental_10k_s: inc10k.ms / 1000,
        incremental_10k_cpu_s: inc10k.cpuMs / 1000,
        users_l1_all_time_ms: await median3(() => reportUsers(db, settings, { dates: 'all-time', now: rnow })),
        users_l2_all_time_ms: await median3(() => reportUsers(db, settings, { segment: 'rest', dates: 'all-time', now: rnow, sort: 'num_questions' })),
        users_l3_org_all_time_ms: await median3(() => reportUsers(db, settings, { segment: org, dates: 'all-time', now: rnow, sort: 'num_answers' })),
        users_l3_all_users_30d_ms: await median3(() =>
          reportUsers(db, settings, { segment: 'all-users', dates: 'last-30-days', now: rnow, sort: 'question_views' }),
        ),
        activity_first_page_ms: await median3(() => reportActivity(db, settings, { dates: 'all-time', now: rnow, limit: 50, count: false })),
        peak_rss_mb: rssMb(),
      });
    } finally {
      await cleanup();
    }
  }
  return out;
}

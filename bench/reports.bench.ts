// Report latencies (DESIGN.md §12, issue 5): each Users level for last-30-days and all-time, and the
// Activity log's first page and a page 10,000 rows deep, on both engines. Median and p95 over
// repeated calls on a compiled-shaped dataset: users in organizations and named segments, per-user
// daily summaries and millions of events (5M full, 200k with --quick), from the compiler's
// benchmark dataset (bench/dataset.ts). BENCH_ENGINES=sqlite|postgres limits the engines.
import { initSchema } from '../src-main/core/db/init';
import type { Engine } from '../src-main/core/db/types';
import { ensureReportIndexes, reportActivity, reportUsers } from '../src-main/core/reports';
import { defaultSegment } from '../src-main/core/settings';
import { parseInstant } from '../src-main/core/time/instant';
import { generateBenchDataset } from './dataset';
import { openFreshBenchDb } from './fresh-db';
import type { BenchContext, BenchResult } from './run';

const TODAY = '2026-11-01';
const NOW = parseInstant(`${TODAY}T12:00:00Z`);

async function time(fn: () => Promise<unknown>, reps: number): Promise<{ median_ms: number; p95_ms: number }> {
  await fn(); // warm the caches and statement plans
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median_ms: ms[Math.floor((ms.length - 1) / 2)]!, p95_ms: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]! };
}


export default async function reportsBench(ctx: BenchContext): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const reps = ctx.quick ? 10 : 20;
  const engines = (process.env.BENCH_ENGINES?.split(',') as Engine[] | undefined) ?? (['sqlite', 'postgres'] as Engine[]);
  for (const engine of engines) {
    ctx.log(`${engine}: building the dataset`);
    const { db, cleanup } = await openFreshBenchDb(engine, ctx.pgAdminUrl, 'reports');
    try {
      await initSchema(db); // also creates the aac_rep_ indexes (registered with registerAfterInit)
      // The compile creates the monthly rollups; ensureReportIndexes below adds their covering index.
      const t0 = Date.now();
      const { settings, users } = await generateBenchDataset(db, { quick: ctx.quick, log: ctx.log });
      await ensureReportIndexes(db);
      await db.exec('ANALYZE');
      const events = Number((await db.one<{ n: unknown }>(`SELECT count(*) AS n FROM "askbot_event"`))!.n);
      const daily = Number((await db.one<{ n: unknown }>(`SELECT count(*) AS n FROM "askbot_dailyusersummary"`))!.n);
      const monthly = Number((await db.one<{ n: unknown }>(`SELECT count(*) AS n FROM "aac_monthlyusersummary"`))!.n);
      ctx.log(`${engine}: ${events} events, ${daily} daily and ${monthly} monthly user rows in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      // A typical organization (the first by name), not a global group that holds everyone.
      const org = (await reportUsers(db, settings, { segment: defaultSegment(settings).slug, now: NOW, dates: 'all-time', sort: 'name' })).rows[0]!.key;
      const run = async (name: string, fn: () => Promise<unknown>) => {
        const t = await time(fn, reps);
        results.push({ name, engine, events, ...t });
        ctx.log(`${engine} ${name}: median ${t.median_ms.toFixed(1)} ms, p95 ${t.p95_ms.toFixed(1)} ms`);
      };
      for (const dates of ['last-30-days', 'all-time']) {
        await run(`users L1 segments ${dates}`, () => reportUsers(db, settings, { dates, now: NOW }));
        await run(`users L2 organizations ${dates}`, () => reportUsers(db, settings, { segment: 'rest', dates, now: NOW, sort: 'num_questions' }));
        await run(`users L3 one organization ${dates}`, () => reportUsers(db, settings, { segment: org, dates, now: NOW, sort: 'num_answers' }));
        await run(`users L3 all users (page 1 of ${Math.ceil(users / 20)}) ${dates}`, () => reportUsers(db, settings, { segment: 'all-users', dates, now: NOW, sort: 'question_views' }));
      }
      const activity = { dates: 'all-time', now: NOW };
      // The view asks for a page without the total, and for the total in a request of its own.
      await run('activity first page (50 rows)', () => reportActivity(db, settings, { ...activity, limit: 50, count: false }));
      await run('activity total count (separate request)', () => reportActivity(db, settings, { ...activity, limit: 1, count: true }));
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) cursor = (await reportActivity(db, settings, { ...activity, limit: 1000, after: cursor ?? undefined, count: false })).next;
      await run('activity page 10,000 rows deep (50 rows)', () => reportActivity(db, settings, { ...activity, limit: 50, after: cursor! }));
      await run('activity first page, one organization, question-posted', () =>
        reportActivity(db, settings, { ...activity, users: org, activity: 'question-posted', limit: 50, count: false }),
      );
    } finally {
      await cleanup();
    }
  }
  return results;
}

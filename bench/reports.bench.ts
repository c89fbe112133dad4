// Report latencies (DESIGN.md §12, issue 5): each Users level for last-30-days and all-time, and the
// Activity log's first page and a page 10,000 rows deep, on both engines; the Overview, the questions
// list and retention cohorts over two years (issue 14), on a forum of questions and answers added here. Median and p95 over
// repeated calls on a compiled-shaped dataset: users in organizations and named segments, per-user
// daily summaries and millions of events (5M full, 200k with --quick), from the compiler's
// benchmark dataset (bench/dataset.ts). BENCH_ENGINES=sqlite|postgres limits the engines.
import { initSchema } from '../src-main/core/db/init';
import type { Engine } from '../src-main/core/db/types';
import type { Db } from '../src-main/core/db/types';
import { raw, sql } from '../src-main/core/db/sql';
import { ensureReportIndexes } from '../src-main/core/derived/report-indexes';
import { reportActivity, reportOverview, reportQuestions, reportRetention, reportUsers } from '../src-main/core/reports';
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

/**
 * Threads with one question each, the question posts (ids 1..n, the post ids the dataset's events
 * view) and answers (0 to 2 a question, some after a day, a fifth of the questions unanswered, some
 * closed or deleted), spread over the dataset's year; set-based, one statement each.
 */
export async function addQuestionsAndAnswers(db: Db, users: number, first: number, end: number, questions = 50_000): Promise<void> {
  const d = db.dialect;
  const u0 = Number((await db.one<{ id: unknown }>(sql`SELECT min("id") AS id FROM "auth_user"`))!.id);
  const hours = Math.floor((end - first) / 3_600_000_000) - 100;
  const seqN = raw(`WITH RECURSIVE seq(i) AS (SELECT CAST(1 AS bigint) UNION ALL SELECT i + 1 FROM seq WHERE i < ${questions})`);
  const at = `${first} + ((i * 7919) % ${hours}) * 3600000000 + (i % 3600) * 1000000`;
  await db.run(
    sql`${seqN}
     INSERT INTO "askbot_thread" ("title", "tagnames", "view_count", "favourite_count", "answer_count", "last_activity_at", "language_code", "closed",
       "closed_at", "close_reason", "deleted", "approved", "added_at", "score", "accepted_answer_id", "closed_by_id", "last_activity_by_id", "close_reason_text")
     SELECT 'Bench question ' || i, 'bench', i % 97, 0, 0, ${d.fromMicros(at)}, 'en', CASE WHEN i % 17 = 0 THEN ${d.TRUE} ELSE ${d.FALSE} END,
       NULL, NULL, CASE WHEN i % 23 = 0 THEN ${d.TRUE} ELSE ${d.FALSE} END, ${d.TRUE}, ${d.fromMicros(at)}, 0, NULL, NULL, ${raw(`${u0} + (i * 31) % ${users}`)}, ''
     FROM seq`,
  );
  const cols = raw(`"post_type", "added_at", "endorsed", "approved", "deleted", "wiki", "locked", "score", "vote_up_count", "vote_down_count", "comment_count",
    "offensive_flag_count", "html", "text", "language_code", "summary", "is_anonymous", "author_id", "parent_id", "thread_id", "marked_as_spam"`);
  await db.run(
    sql`INSERT INTO "askbot_post" (${cols})
     SELECT 'question', t."added_at", ${d.FALSE}, ${d.TRUE}, ${d.FALSE}, ${d.FALSE}, ${d.FALSE}, 0, 0, 0, 0, 0, '<p>q</p>', 'q', 'en', 'q', ${d.FALSE},
       t."last_activity_by_id", NULL, t."id", ${d.FALSE}
     FROM "askbot_thread" t ORDER BY t."id"`,
  );
  // Answers k = 1, 2 of thread t: none for a fifth of the threads, one or two otherwise, 1 to 72 hours later.
  await db.run(
    sql`INSERT INTO "askbot_post" (${cols})
     SELECT 'answer', ${d.fromMicros(sql`${d.micros('t."added_at"')} + ((t."id" * 37 + k.k * 13) % 72 + 1) * 3600000000`)}, ${d.FALSE}, ${d.TRUE},
       CASE WHEN (t."id" + k.k) % 29 = 0 THEN ${d.TRUE} ELSE ${d.FALSE} END, ${d.FALSE}, ${d.FALSE}, 0, 0, 0, 0, 0, '<p>a</p>', 'a', 'en', 'a', ${d.FALSE},
       ${raw(`${u0} + (t."id" * 53 + k.k * 7) % ${users}`)}, NULL, t."id", ${d.FALSE}
     FROM "askbot_thread" t CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2) k
     WHERE t."id" % 5 <> 0 AND (k.k = 1 OR t."id" % 3 = 0)`,
  );
}

export default async function reportsBench(ctx: BenchContext): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const reps = ctx.quick ? 10 : 20;
  const engines = (process.env.BENCH_ENGINES?.split(',') as Engine[] | undefined) ?? (['sqlite', 'postgres'] as Engine[]);
  for (const engine of engines) {
    ctx.log(`${engine}: building the dataset`);
    const { db, cleanup } = await openFreshBenchDb(engine, ctx.pgAdminUrl, 'reports');
    try {
      await initSchema(db); // also creates the derived schema (aac_ indexes and tables)
      // The compile creates the monthly rollups; ensureReportIndexes below adds their covering index.
      const t0 = Date.now();
      const { settings, users, first, end } = await generateBenchDataset(db, { quick: ctx.quick, log: ctx.log });
      await addQuestionsAndAnswers(db, users, first, end);
      await ensureReportIndexes(db);
      await db.exec('ANALYZE');
      const events = Number((await db.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM "askbot_event"`))!.n);
      const daily = Number((await db.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM "askbot_dailyusersummary"`))!.n);
      const monthly = Number((await db.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM "aac_monthlyusersummary"`))!.n);
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
        await run(`users L3 all users (page 1 of ${Math.ceil(users / 20)}) ${dates}`, () =>
          reportUsers(db, settings, { segment: 'all-users', dates, now: NOW, sort: 'question_views' }),
        );
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
      // Issue 14: the Overview (each figure and its previous period, the chart, the top lists), the list
      // of unanswered questions, and retention cohorts over two years (24 join months).
      const noStaff = { ...settings, EXCLUDE_STAFF: true };
      await run('overview last-30-days all users', () => reportOverview(db, settings, { dates: 'last-30-days', now: NOW }));
      await run('overview last-30-days one organization', () => reportOverview(db, settings, { segment: org, dates: 'last-30-days', now: NOW }));
      await run('overview last-30-days all users, staff left out', () => reportOverview(db, noStaff, { dates: 'last-30-days', now: NOW }));
      await run('overview last-3-months all users', () => reportOverview(db, settings, { dates: 'last-3-months', now: NOW }));
      await run('questions unanswered last-30-days (page 1)', () => reportQuestions(db, settings, { dates: 'last-30-days', which: 'unanswered', now: NOW }));
      const twoYears = '2024-11-01..2026-10-31';
      await run('retention two years all users', () => reportRetention(db, settings, { dates: twoYears, now: NOW }));
      await run('retention two years one organization', () => reportRetention(db, settings, { segment: org, dates: twoYears, now: NOW }));
    } finally {
      await cleanup();
    }
  }
  return results;
}

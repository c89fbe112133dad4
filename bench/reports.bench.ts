// Report latencies (DESIGN.md §12, issue 5): each Users level for last-30-days and all-time, and the
// Activity log's first page and a page 10,000 rows deep, on both engines. Median and p95 over
// repeated calls on a compiled-shaped dataset: users in organizations and named segments, per-user
// daily summaries and millions of events (5M full, 200k with --quick).
//
// The dataset comes from `generateBenchDataset` in bench/dataset.ts when that module exists (the
// compiler's benchmark dataset); otherwise from the set-based generator below, which writes the same
// tables the reports read (auth_user, groups, memberships, sessions, events, daily user summaries).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initSchema } from '../src-main/core/db/init';
import type { Db } from '../src-main/core/db/types';
import { insertGroups } from '../src-main/core/forum/users';
import { ensureReportIndexes, reportActivity, reportUsers } from '../src-main/core/reports';
import { defaultSegment, parseSettings, type AnalyticsSettings } from '../src-main/core/settings';
import { MICROS_PER_DAY, parseInstant } from '../src-main/core/time/instant';
import { openFreshBenchDb } from './fresh-db';
import type { BenchContext, BenchResult } from './run';

const here = dirname(fileURLToPath(import.meta.url));
const TODAY = '2026-11-01';
const NOW = parseInstant(`${TODAY}T12:00:00Z`);

export interface Scale {
  users: number;
  orgs: number;
  days: number;
  events: number;
  eventsPerSession: number;
}

function scale(quick: boolean): Scale {
  return quick
    ? { users: 2_000, orgs: 40, days: 365, events: 200_000, eventsPerSession: 10 }
    : { users: 20_000, orgs: 200, days: 730, events: 5_000_000, eventsPerSession: 10 };
}

/** Numbers 1..n as a recursive CTE (both engines), named `seq(i)`. */
const seq = (n: number) => `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${Math.floor(n)})`;

export async function generate(db: Db, s: Scale, log: (m: string) => void): Promise<AnalyticsSettings> {
  const d = db.dialect;
  const first = parseInstant(`${TODAY}T00:00:00Z`) - s.days * MICROS_PER_DAY;
  log(`  users ${s.users}, organizations ${s.orgs}, events ${s.events}`);
  await db.transaction(async (tx) => {
    await tx.run(
      `${seq(s.users)}
       INSERT INTO "auth_user" ("password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined")
       SELECT '!bench', NULL, ${d.FALSE}, 'user' || i, '', '', 'user' || i || '@org' || (i % ${s.orgs}) || '.example', ${d.FALSE}, ${d.TRUE},
              ${d.fromMicros(`(${first} + (i * 7919 % ${s.days + 30}) * ${MICROS_PER_DAY} - 30 * ${MICROS_PER_DAY})`)}
       FROM seq`,
    );
    // Profiles: every 50th user blocked, the rest regular.
    await tx.run(
      `INSERT INTO "askbot_userprofile" ("auth_user_ptr_id", "avatar_urls", "status", "is_fake", "email_isvalid", "email_key", "reputation", "gravatar",
        "avatar_type", "gold", "silver", "bronze", "last_seen", "real_name", "website", "location", "country", "show_country", "date_of_birth",
        "interesting_tags", "ignored_tags", "subscribed_tags", "email_signature", "show_marked_tags", "email_tag_filter_strategy",
        "display_tag_filter_strategy", "new_response_count", "seen_response_count", "consecutive_days_visit_count", "languages",
        "twitter_access_token", "twitter_handle", "social_sharing_mode", "primary_language", "email_is_confidential")
       SELECT "id", '{}', CASE WHEN "id" % 50 = 0 THEN 'b' ELSE 'a' END, ${d.FALSE}, ${d.FALSE}, NULL, 1, '', 'n', 0, 0, 0, "date_joined", '', '', '', NULL, ${d.FALSE}, NULL,
        '', '', '', '', ${d.TRUE}, 1, 0, 0, 0, 0, 'en', '', '', 0, 'en', ${d.FALSE} FROM "auth_user"`,
    );
  });
  const groupIds = await insertGroups(db, [
    { name: 'Staff', usedForAnalytics: true },
    { name: 'Partners', usedForAnalytics: true },
    ...Array.from({ length: s.orgs }, (_, i) => ({ name: `Org ${i}`, usedForAnalytics: true })),
  ]);
  const [staff, partners] = groupIds;
  const orgBase = groupIds[2]!;
  await db.transaction(async (tx) => {
    // One organization each, a second one for every 10th user; every 20th in Staff, every 25th in Partners.
    const pairs = `SELECT "id" AS user_id, ${orgBase} + ("id" % ${s.orgs}) AS group_id FROM "auth_user"
      UNION ALL SELECT "id", ${orgBase} + (("id" / 10) % ${s.orgs}) FROM "auth_user" WHERE "id" % 10 = 0 AND ("id" / 10) % ${s.orgs} <> "id" % ${s.orgs}
      UNION ALL SELECT "id", ${staff} FROM "auth_user" WHERE "id" % 20 = 0
      UNION ALL SELECT "id", ${partners} FROM "auth_user" WHERE "id" % 25 = 0`;
    await tx.run(`INSERT INTO "auth_user_groups" ("user_id", "group_id") SELECT user_id, group_id FROM (${pairs}) p`);
    await tx.run(`INSERT INTO "askbot_groupmembership" ("level", "group_id", "user_id") SELECT 1, group_id, user_id FROM (${pairs}) p`);
  });
  // Sessions ordered by day, users distinct within a day; 10 events each, minutes apart.
  const sessions = Math.ceil(s.events / s.eventsPerSession);
  const perDay = Math.ceil(sessions / s.days);
  const start = (i: string) => `(${first} + ((${i} - 1) / ${perDay}) * ${MICROS_PER_DAY} + ((${i} * 37) % 20) * 3600000000)`;
  await db.run(
    `${seq(sessions)}
     INSERT INTO "askbot_session" ("ip_address", "user_agent", "created_at", "updated_at", "user_id", "last_summarized_at")
     SELECT NULL, NULL, ${d.fromMicros(start('i'))}, ${d.fromMicros(`${start('i')} + 1800000000`)}, (((i % ${s.users}) * 7919) % ${s.users}) + 1, ${d.fromMicros(`${start('i')} + 1800000000`)}
     FROM seq`,
  );
  const postCt = Number((await db.one<{ id: number }>(`SELECT "id" FROM "django_content_type" WHERE "app_label" = 'askbot' AND "model" = 'post'`))!.id);
  const CHUNK = 500_000;
  for (let off = 0; off < s.events; off += CHUNK) {
    const n = Math.min(CHUNK, s.events - off);
    const e = `(i + ${off})`;
    const sess = `((${e} - 1) / ${s.eventsPerSession} + 1)`;
    const r = `((${e} * 31) % 100)`;
    await db.run(
      `${seq(n)}
       INSERT INTO "askbot_event" ("timestamp", "object_id", "content_type_id", "session_id", "summarized", "event_type")
       SELECT ${d.fromMicros(`${start(sess)} + ((${e} - 1) % ${s.eventsPerSession}) * 150000000`)}, (${e} % 50000) + 1, ${postCt}, ${sess}, ${d.TRUE},
              CASE WHEN ${r} < 40 THEN 4 WHEN ${r} < 50 THEN 2 WHEN ${r} < 65 THEN 6 WHEN ${r} < 70 THEN 7 WHEN ${r} < 80 THEN 9
                   WHEN ${r} < 90 THEN 10 WHEN ${r} < 95 THEN 11 ELSE 12 END
       FROM seq`,
    );
    log(`  events ${off + n}/${s.events}`);
  }
  // Daily user summaries as the compiler would leave them: per (user, day) counters and 30 min per session.
  await db.run(
    `INSERT INTO "askbot_dailyusersummary" ("num_questions", "num_answers", "num_upvotes", "num_downvotes", "question_views", "time_on_site", "date", "user_id", "summarized")
     SELECT sum(CASE WHEN e."event_type" = 9 THEN 1 ELSE 0 END), sum(CASE WHEN e."event_type" = 10 THEN 1 ELSE 0 END),
            sum(CASE WHEN e."event_type" = 6 THEN 1 ELSE 0 END), sum(CASE WHEN e."event_type" = 7 THEN 1 ELSE 0 END),
            sum(CASE WHEN e."event_type" = 4 THEN 1 ELSE 0 END), ${d.durationFromMicros('1800000000')},
            ${d.dayOf(d.micros('s."created_at"'))}, s."user_id", ${d.TRUE}
     FROM "askbot_session" s JOIN "askbot_event" e ON e."session_id" = s."id"
     GROUP BY s."id", s."user_id", s."created_at"`,
  );
  return parseSettings({
    ASKBOT_ANALYTICS_NAMED_SEGMENTS: [
      { name: 'Staff', slug: 'staff', group_ids: [staff] },
      { name: 'Partners', slug: 'partners', group_ids: [partners] },
    ],
  });
}

async function dataset(db: Db, s: Scale, quick: boolean, log: (m: string) => void): Promise<AnalyticsSettings> {
  const shared = join(here, 'dataset.ts');
  if (existsSync(shared)) {
    // The compiler's dataset, when present: its settings name the segments it created.
    const mod = (await import(pathToFileURL(shared).href)) as {
      generateBenchDataset?: (db: Db, opts: { quick: boolean; log: (m: string) => void }) => Promise<{ settings?: AnalyticsSettings } | void>;
    };
    if (mod.generateBenchDataset) {
      log('  using generateBenchDataset from bench/dataset.ts');
      const got = await mod.generateBenchDataset(db, { quick, log });
      if (got && got.settings) return got.settings;
    }
  }
  return generate(db, s, log);
}

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
  const s = scale(ctx.quick);
  const reps = ctx.quick ? 10 : 20;
  for (const engine of ['sqlite', 'postgres'] as const) {
    ctx.log(`${engine}: building the dataset`);
    const { db, cleanup } = await openFreshBenchDb(engine, ctx.pgAdminUrl, 'reports');
    try {
      await initSchema(db); // also creates the aac_rep_ indexes (registered with registerAfterInit)
      const t0 = Date.now();
      const settings = await dataset(db, s, ctx.quick, ctx.log);
      await ensureReportIndexes(db);
      await db.exec('ANALYZE');
      const events = Number((await db.one<{ n: unknown }>(`SELECT count(*) AS n FROM "askbot_event"`))!.n);
      const daily = Number((await db.one<{ n: unknown }>(`SELECT count(*) AS n FROM "askbot_dailyusersummary"`))!.n);
      ctx.log(`${engine}: ${events} events, ${daily} daily user rows in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
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
        await run(`users L3 all users (page 1 of ${Math.ceil(s.users / 20)}) ${dates}`, () => reportUsers(db, settings, { segment: 'all-users', dates, now: NOW, sort: 'question_views' }));
      }
      const activity = { dates: 'all-time', now: NOW };
      await run('activity first page (50 rows, with total)', () => reportActivity(db, settings, { ...activity, limit: 50 }));
      await run('activity first page (50 rows, no total)', () => reportActivity(db, settings, { ...activity, limit: 50, count: false }));
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

// A fast, set-based generator of Askbot-shaped analytics data for the benchmarks: users, groups
// (500 organizations plus Askbot's global group, which every user is in), memberships in both tables,
// sessions of 1 to 61 minutes (some crossing hours and midnight, some of a user overlapping), ~3
// events per session of the types Askbot records. Layout `time`: sessions and events created in time
// order (ids and table order follow time, as a live forum writes them); `shuffled`: the same history
// with ids and table order unrelated to time (as after an import or a merge of histories). Everything is INSERT … SELECT over a
// numbers CTE, so millions of rows take seconds, not a loop of statements.
import type { Db } from '../src-main/core/db/types';
import { ident, raw, sql } from '../src-main/core/db/sql';
import { insertGroups } from '../src-main/core/forum/users';
import { parseSettings, type AnalyticsSettings } from '../src-main/core/settings';
import { MICROS_PER_DAY, parseInstant } from '../src-main/core/time/instant';

export interface DatasetOptions {
  events?: number;
  users?: number;
  groups?: number;
  days?: number;
  /** Varies the pseudo-random choices (user of a session, durations, event types). */
  seed?: number;
  /** Row order of sessions and events (default `time`). */
  layout?: Layout;
  /** The last instant of the history (default 2026-11-01T00:00:00Z). */
  end?: number;
  /** Planner statistics after the load (default: on PostgreSQL only); false leaves the tables as loaded. */
  analyze?: boolean;
  /** Called by the reports benchmark: a preset size, and compiled summaries wanted. */
  quick?: boolean;
  compile?: boolean;
  log?: (m: string) => void;
}

export interface BenchDataset {
  users: number;
  groups: number;
  sessions: number;
  events: number;
  first: number;
  end: number;
  settings: AnalyticsSettings;
}

export type Layout = 'time' | 'shuffled';

export const BENCH_END = parseInstant('2026-11-01T00:00:00Z');

/** Numbers 1..n as a recursive CTE (both engines), named `seq(i)`. */
const seq = (n: number) => raw(`WITH RECURSIVE seq(i) AS (SELECT CAST(1 AS bigint) UNION ALL SELECT i + 1 FROM seq WHERE i < ${Math.floor(n)})`);

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A multiplier coprime with n and its inverse modulo n: i -> (i * p) % n permutes 0..n-1. */
function permutation(n: number, near: number): { p: number; inv: number } {
  if (n <= 1) return { p: 1, inv: 1 };
  let p = near % n || 1;
  while (gcd(p, n) !== 1) p++;
  // Extended Euclid on BigInt (n * p exceeds 2^53 for tens of millions of rows).
  let [r0, r1, t0, t1] = [BigInt(n), BigInt(p), 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  const inv = Number(((t0 % BigInt(n)) + BigInt(n)) % BigInt(n));
  return { p, inv };
}

const maxId = async (db: Db, table: string) => Number((await db.one<{ m: number | null }>(sql`SELECT max("id") AS m FROM ${ident(table)}`))?.m ?? 0);

/** Generates sessions and events for `sessions` sessions starting in [first, end); returns what it wrote. */
export async function generateActivity(
  db: Db,
  o: {
    sessions: number;
    eventsPerSession: number;
    first: number;
    end: number;
    userBase: number;
    users: number;
    seed: number;
    layout?: Layout;
    log?: (m: string) => void;
  },
): Promise<{ sessions: number; events: number }> {
  const d = db.dialect;
  const step = Math.max(1, Math.floor((o.end - o.first - 62 * 60_000_000) / o.sessions));
  const k = 7919 + 2 * o.seed;
  // Start i: evenly spread with a jitter; 1..61 minutes long; user by a multiplicative hash.
  const start = (i: string) => `(${o.first} + (${i} - 1) * ${step} + ((${i} * 104729) % ${step}))`;
  const dur = (i: string) => `((((${i} * ${k}) % 3601) + 60) * 1000000)`;
  const sBase = (await maxId(db, 'askbot_session')) + 1;
  const events = o.sessions * o.eventsPerSession;
  // Shuffled: row r (1-based) holds the logical session / event perm(r); a session's row is found
  // from its logical number with the inverse multiplier.
  const shuffled = o.layout === 'shuffled';
  const sp = permutation(o.sessions, 1_000_003);
  const ep = permutation(events, 2_000_029);
  const logical = (r: string, n: number, p: number) => (shuffled ? `(((${r} - 1) * ${p}) % ${n} + 1)` : r);
  const CHUNK = 500_000;
  for (let off = 0; off < o.sessions; off += CHUNK) {
    const n = Math.min(CHUNK, o.sessions - off);
    const i = logical(`(i + ${off})`, o.sessions, sp.p);
    await db.run(
      sql`${seq(n)}
       INSERT INTO "askbot_session" ("ip_address", "user_agent", "created_at", "updated_at", "user_id", "last_summarized_at")
       SELECT NULL, NULL, ${d.fromMicros(start(i))}, ${d.fromMicros(`${start(i)} + ${dur(i)}`)},
              ${raw(`${o.userBase} + ((${i} * ${k}) % ${o.users})`)}, ${d.fromMicros(start(i))}
       FROM seq`,
    );
  }
  const sessionIdOf = (i: string) => `(${sBase} - 1 + ${logical(i, o.sessions, sp.inv)})`;
  const ct = Number((await db.one<{ id: number }>(sql`SELECT "id" FROM "django_content_type" WHERE "app_label" = 'askbot' AND "model" = 'post'`))!.id);
  for (let off = 0; off < events; off += CHUNK) {
    const n = Math.min(CHUNK, events - off);
    const e = `(${logical(`(i + ${off})`, events, ep.p)} - 1)`; // 0-based event number
    const s = `(${e} / ${o.eventsPerSession} + 1)`; // 1-based session number
    const j = `(${e} % ${o.eventsPerSession})`;
    const r = raw(`((${e} * 31 + ${o.seed}) % 100)`);
    await db.run(
      sql`${seq(n)}
       INSERT INTO "askbot_event" ("timestamp", "object_id", "content_type_id", "session_id", "summarized", "event_type")
       SELECT ${d.fromMicros(`${start(s)} + (${dur(s)} / ${Math.max(1, o.eventsPerSession - 1)}) * ${j}`)}, ${raw(`(${e} % 50000) + 1, ${ct}`)},
              ${raw(sessionIdOf(s))}, ${d.FALSE},
              CASE WHEN ${r} < 40 THEN 4 WHEN ${r} < 50 THEN 2 WHEN ${r} < 65 THEN 6 WHEN ${r} < 70 THEN 7 WHEN ${r} < 80 THEN 9
                   WHEN ${r} < 90 THEN 10 WHEN ${r} < 95 THEN 11 ELSE 12 END
       FROM seq`,
    );
    o.log?.(`  events ${off + n}/${events}`);
  }
  return { sessions: o.sessions, events };
}

export async function generateBenchDataset(db: Db, opts: DatasetOptions = {}): Promise<BenchDataset> {
  const preset = opts.quick === undefined ? {} : opts.quick ? { events: 200_000, users: 2_000, groups: 50 } : { events: 5_000_000 };
  const users = opts.users ?? preset.users ?? 20_000;
  const groups = opts.groups ?? preset.groups ?? 500;
  const days = opts.days ?? 365;
  const events = opts.events ?? preset.events ?? 1_000_000;
  const seed = opts.seed ?? 1;
  const end = opts.end ?? BENCH_END;
  const first = end - days * MICROS_PER_DAY;
  const d = db.dialect;
  opts.log?.(`  users ${users}, groups ${groups} + global, events ${events}, days ${days}`);

  const uBase = (await maxId(db, 'auth_user')) + 1;
  await db.transaction(async (tx) => {
    await tx.run(
      sql`${seq(users)}
       INSERT INTO "auth_user" ("password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined")
       SELECT '!bench', NULL, ${d.FALSE}, 'bench' || i, '', '', 'bench' || i || '@org' || (i % ${raw(String(groups))}) || '.example', ${d.FALSE}, ${d.TRUE},
              ${d.fromMicros(`${first} - ${30 * MICROS_PER_DAY} + ((i * 7919) % ${(days + 30) * 24}) * 3600000000 + (i % 3600) * 1000000`)}
       FROM seq`,
    );
    await tx.run(
      sql`INSERT INTO "askbot_userprofile" ("auth_user_ptr_id", "avatar_urls", "status", "is_fake", "email_isvalid", "email_key", "reputation", "gravatar",
        "avatar_type", "gold", "silver", "bronze", "last_seen", "real_name", "website", "location", "country", "show_country", "date_of_birth",
        "interesting_tags", "ignored_tags", "subscribed_tags", "email_signature", "show_marked_tags", "email_tag_filter_strategy",
        "display_tag_filter_strategy", "new_response_count", "seen_response_count", "consecutive_days_visit_count", "languages",
        "twitter_access_token", "twitter_handle", "social_sharing_mode", "primary_language", "email_is_confidential")
       SELECT "id", '{}', CASE WHEN "id" % 50 = 0 THEN 'b' ELSE 'a' END, ${d.FALSE}, ${d.FALSE}, NULL, 1, '', 'n', 0, 0, 0, "date_joined", '', '', '', NULL, ${d.FALSE}, NULL,
        '', '', '', '', ${d.TRUE}, 1, 0, 0, 0, 0, 'en', '', '', 0, 'en', ${d.FALSE} FROM "auth_user" WHERE "id" >= ${raw(String(uBase))}`,
    );
  });
  const groupIds = await insertGroups(db, [
    { name: `bench-everyone-${uBase}`, usedForAnalytics: true },
    ...Array.from({ length: groups }, (_, i) => ({ name: `Bench org ${uBase}-${i}`, usedForAnalytics: i % 10 !== 9 })),
  ]);
  const everyone = groupIds[0]!;
  const orgBase = groupIds[1]!;
  await db.transaction(async (tx) => {
    // Everyone in the global group; one organization each; every 3rd user in a second one.
    const pairs = raw(`SELECT "id" AS user_id, ${everyone} AS group_id FROM "auth_user" WHERE "id" >= ${uBase}
      UNION ALL SELECT "id", ${orgBase} + ("id" % ${groups}) FROM "auth_user" WHERE "id" >= ${uBase}
      UNION ALL SELECT "id", ${orgBase} + (("id" / 3 + 7) % ${groups}) FROM "auth_user"
        WHERE "id" >= ${uBase} AND "id" % 3 = 0 AND ("id" / 3 + 7) % ${groups} <> "id" % ${groups}`);
    await tx.run(sql`INSERT INTO "auth_user_groups" ("user_id", "group_id") SELECT user_id, group_id FROM (${pairs}) p`);
    await tx.run(sql`INSERT INTO "askbot_groupmembership" ("level", "group_id", "user_id") SELECT 1, group_id, user_id FROM (${pairs}) p`);
  });
  const sessions = Math.ceil(events / 3);
  const act = await generateActivity(db, { sessions, eventsPerSession: 3, first, end, userBase: uBase, users, seed, layout: opts.layout, log: opts.log });
  // PostgreSQL's statistics by default (as autovacuum would leave them); SQLite's only when asked.
  if (opts.analyze ?? db.engine === 'postgres') await db.exec(db.engine === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
  const settings = parseSettings({
    ASKBOT_ANALYTICS_NAMED_SEGMENTS: [
      { name: 'Org 1', slug: 'org-1', group_ids: [orgBase + 1] },
      { name: 'Org 2', slug: 'org-2', group_ids: [orgBase + 2] },
    ],
  });
  if (opts.compile ?? opts.quick !== undefined) {
    const { compileAnalytics } = await import('../src-main/core/compile');
    await compileAnalytics(db, { now: end + 3_600_000_000 });
  }
  return { users, groups, sessions: act.sessions, events: act.events, first, end, settings };
}

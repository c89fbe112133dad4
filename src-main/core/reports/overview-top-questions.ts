// The Overview's most-viewed questions of a range (issue 14).
import { DAILY_VIEWS_TABLE, MONTHLY_VIEWS_TABLE, onPostSql, questionViewsExist, viewedPostSql } from '../derived/question-views';
import { inSubquery } from '../db/sql-parts';
import type { Dialect } from '../db/dialect';
import { join, literal, raw, sql, type Sql } from '../db/sql';
import type { Db } from '../db/types';
import type { OverviewScope } from './overview-scope';
import { EVENT } from '../forum/analytics';
import type { AnalyticsSettings } from '../settings';
import type { OverviewTopQuestion } from '../types/reports';
import { rangeInstants, type DateRange } from './dates';
import { VIEWED_INDEX } from '../derived/report-indexes-top';
import { countedUsersSql, leftOutUsersSql } from './segments';
import { planUserSums, spansSql, type Span } from './user-sums';

export const TOP_N = 10;

/**
 * Anonymous sessions from which on the all-users count goes through the sessions again: the views of
 * left-out and anonymous sessions are subtracted by probing a hash of their ids, which PostgreSQL
 * builds only while it fits in work_mem (4 MB by default, some 100k ids); beyond that it would scan the
 * list for every event.
 */
const ANONYMOUS_CAP = 50_000;

/**
 * Whether the forum has fewer than ANONYMOUS_CAP anonymous sessions (an index-only count that stops
 * there) and, on SQLite, whether the question-viewed index exists (created by ensureReportIndexes; a
 * read-only forum may lack it, and INDEXED BY a missing index is an error).
 */
async function subtractPlan(db: Db): Promise<{ subtract: boolean; indexed: boolean }> {
  const anonymous = raw(`(SELECT count(*) FROM (SELECT 1 FROM "askbot_session" s WHERE s."user_id" IS NULL LIMIT ${ANONYMOUS_CAP}) a) AS anon`);
  const row = await db.one<{ anon: unknown; ix: unknown }>(
    db.engine === 'sqlite'
      ? sql`SELECT ${anonymous}, (SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ${VIEWED_INDEX}) AS ix`
      : sql`SELECT ${anonymous}, 0 AS ix`,
  );
  return { subtract: Number(row?.anon ?? 0) < ANONYMOUS_CAP, indexed: Number(row?.ix ?? 0) > 0 };
}

/**
 * SQL: the CTE `post_views` (post_id, n), the question-viewed events on posts in [from, to) per post,
 * read from `events` (FROM items, the events `e`) where `kept` holds; `type` the event type's SQL (a
 * literal lets the engines prove the partial question-viewed index's condition).
 */
function viewsCte(d: Dialect, range: DateRange, type: Sql, events: Sql, kept: Sql): Sql {
  const { from, to } = rangeInstants(d, range);
  return sql`post_views AS (
       SELECT e."object_id" AS post_id, count(*) AS n
       FROM ${events}
       WHERE e."event_type" = ${type} AND e."timestamp" >= ${d.dateTimeParam(from)} AND e."timestamp" < ${d.dateTimeParam(to)}
         AND ${onPostSql('e')}
         AND ${kept}
       GROUP BY e."object_id")`;
}

type TopQuestion = Omit<OverviewTopQuestion, 'link'>;

function topQuestion(r: Record<string, unknown>, views: number): TopQuestion {
  return {
    post_id: Number(r.post_id),
    thread_id: r.thread_id === null || r.thread_id === undefined ? null : Number(r.thread_id),
    title: r.title === null || r.title === undefined ? null : String(r.title),
    views,
  };
}

/** The first candidates read; each further round reads four times as many. */
const FIRST_CANDIDATES = 32;

/**
 * All users, from the compiled question views (compile/question-views.ts): the signed-in views of each
 * post over the range (its months' rows, plus or minus a few days' rows: the Users view's plan), the
 * best `k` of them as candidates with the next one as a bound, and each candidate's compiled (summarized)
 * views by left-out users (blocked, staff when left out) found through its events on Askbot's object_id
 * index and subtracted. SQLite is kept from starting at the left-out users' sessions instead (33k of
 * them on the bench forum, ~300 ms); PostgreSQL, seeing the candidates as a list, probes the object_id
 * index rather than reading the range's 160k views from the question-viewed index (~35 -> ~20 ms).
 * A post beyond the candidates has at most the bound's views, so when the tenth exact count still ranks
 * before the bound the list is final; otherwise the next round reads 4k.
 */
async function compiledTopQuestions(db: Db, settings: AnalyticsSettings, range: DateRange): Promise<TopQuestion[]> {
  const d = db.dialect;
  const plan = await planUserSums(db, range);
  const { from, to } = rangeInstants(d, range);
  for (let k = FIRST_CANDIDATES; ; k *= 4) {
    // Summed as integer: PostgreSQL sums bigint through numeric (slower), as user-sums.ts notes.
    const part = (sign: string, table: string, col: string, list: readonly Span[]) =>
      list.length
        ? [
            sql`SELECT t."post_id" AS post_id, ${raw(sign)}CAST(t."views" AS integer) AS views FROM ${raw(`"${table}"`)} t WHERE ${spansSql(d, `t."${col}"`, list)}`,
          ]
        : [];
    const parts = [
      ...part('', MONTHLY_VIEWS_TABLE, 'month', plan.months),
      ...part('', DAILY_VIEWS_TABLE, 'date', plan.days),
      ...part('-', DAILY_VIEWS_TABLE, 'date', plan.minus),
    ];
    if (parts.length === 0) return [];
    const rows = await db.all<Record<string, unknown>>(
      sql`WITH candidates AS MATERIALIZED (
         SELECT x.post_id AS post_id, sum(x.views) AS n FROM (${join(parts, ' UNION ALL ')}) x
         GROUP BY x.post_id HAVING sum(x.views) > 0 ORDER BY sum(x.views) DESC, x.post_id ASC LIMIT ${k + 1}),
       left_out AS MATERIALIZED (${leftOutUsersSql(settings, d)}),
       left_out_views AS (
         SELECT e."object_id" AS post_id, count(*) AS n
         FROM "askbot_event" e JOIN "askbot_session" s ON s."id" = e."session_id"
         WHERE ${inSubquery(db, 'e."object_id"', 'SELECT candidates.post_id FROM candidates')} AND ${viewedPostSql('e')} AND e."summarized" = ${d.TRUE}
           AND e."timestamp" >= ${d.dateTimeParam(from)} AND e."timestamp" < ${d.dateTimeParam(to)}
           AND ${d.unindexed('s."user_id"')} IN (SELECT left_out.user_id FROM left_out)
         GROUP BY e."object_id")
       SELECT c.post_id AS post_id, c.n AS n, coalesce(lov.n, 0) AS gone, q."thread_id" AS thread_id, t."title" AS title
       FROM candidates c LEFT JOIN left_out_views lov ON lov.post_id = c.post_id
         LEFT JOIN "askbot_post" q ON q."id" = c.post_id LEFT JOIN "askbot_thread" t ON t."id" = q."thread_id"
       ORDER BY c.n DESC, c.post_id ASC`,
    );
    const bound = rows.length > k ? rows[k]! : null;
    const top = rows
      .slice(0, k)
      .map((r) => topQuestion(r, Number(r.n) - Number(r.gone)))
      .filter((q) => q.views > 0)
      .sort((a, b) => b.views - a.views || a.post_id - b.post_id)
      .slice(0, TOP_N);
    const last = top[TOP_N - 1];
    const final =
      bound === null || (last !== undefined && (last.views > Number(bound.n) || (last.views === Number(bound.n) && last.post_id < Number(bound.post_id))));
    if (final) return top;
  }
}

/**
 * The range's most-viewed questions: question-viewed events (type 4) on posts, by the counted users;
 * `few`: the set has few members (fewMembers).
 */
export async function topQuestions(db: Db, { set, settings, few, range }: Pick<OverviewScope, 'set' | 'settings' | 'few' | 'range'>): Promise<TopQuestion[]> {
  if (set.kind === 'all' && (await questionViewsExist(db))) return compiledTopQuestions(db, settings, range);
  const d = db.dialect;
  let views: Sql;
  const plan = set.kind === 'all' ? await subtractPlan(db) : { subtract: false, indexed: false };
  if (plan.subtract) {
    // All users: every view of the range less the views in sessions of no counted user (anonymous, or a
    // left-out user's: blocked, staff when left out; few, found through askbot_session's user_id index),
    // read from the question-viewed events' own index alone (indexes-top.ts), where the join to the
    // sessions hashed all of them (PostgreSQL) or looked up each event's row and session (SQLite).
    // The event type is a constant in the text so both engines can prove the partial index's condition;
    // SQLite is told the index (its statistics rate the 3x larger per-type share of
    // aac_rep_event_type_ts_id lower, then read every event's row). Measured on the 5M-event bench
    // forum, last-30-days (164k views), medians on the loaded 2-core machine: SQLite ~280-330 ->
    // ~135-145 ms, PostgreSQL 15 ~970-990 -> ~105-140 ms. What remains is per view: the count's sort
    // (SQLite, ~55 ms) or hash, and the probe of the left-out sessions (~50 ms on either engine; as a
    // second join counted apart it was no faster); compiled per-question view counts would remove both.
    const indexed = plan.indexed ? ` INDEXED BY "${VIEWED_INDEX}"` : '';
    views = sql`left_out AS MATERIALIZED (${leftOutUsersSql(settings, d)}),
     uncounted_sessions AS MATERIALIZED (
       SELECT s."id" AS id FROM "askbot_session" s WHERE s."user_id" IN (SELECT left_out.user_id FROM left_out)
       UNION ALL SELECT s."id" FROM "askbot_session" s WHERE s."user_id" IS NULL),
     ${viewsCte(d, range, literal(Number(EVENT.QUESTION_VIEWED)), raw(`"askbot_event" e${indexed}`), raw('e."session_id" NOT IN (SELECT uncounted_sessions.id FROM uncounted_sessions)'))}`;
  } else if (db.engine === 'sqlite' && few) {
    // A user or a small organization on SQLite: its counted users' sessions by user (askbot_session's
    // user_id index), then their events through askbot_event's session index, where the join below
    // looked up the session of each of the range's views (an organization of 54: ~135 -> ~48 ms, one
    // user ~186 -> ~2 ms). PostgreSQL plans the join below well for them (~34 ms / ~4 ms).
    views = sql`counted_users AS MATERIALIZED (${countedUsersSql(set, settings, d)}),
     counted_sessions AS MATERIALIZED (SELECT s."id" AS id FROM "askbot_session" s WHERE s."user_id" IN (SELECT counted_users.user_id FROM counted_users)),
     ${viewsCte(d, range, sql`${EVENT.QUESTION_VIEWED}`, raw('"askbot_event" e'), raw('e."session_id" IN (SELECT counted_sessions.id FROM counted_sessions)'))}`;
  } else {
    views = sql`counted_users AS MATERIALIZED (${countedUsersSql(set, settings, d)}),
     ${viewsCte(
       d,
       range,
       sql`${EVENT.QUESTION_VIEWED}`,
       raw('"askbot_event" e JOIN "askbot_session" s ON s."id" = e."session_id"'),
       sql`${d.unindexed('s."user_id"')} IN (SELECT counted_users.user_id FROM counted_users)`,
     )}`;
  }
  const rows = await db.all<Record<string, unknown>>(
    sql`WITH ${views}
     SELECT top.post_id AS post_id, top.n AS n, q."thread_id" AS thread_id, t."title" AS title
     FROM (SELECT pv.post_id AS post_id, pv.n AS n FROM post_views pv ORDER BY pv.n DESC, pv.post_id ASC LIMIT ${literal(TOP_N)}) top
     LEFT JOIN "askbot_post" q ON q."id" = top.post_id LEFT JOIN "askbot_thread" t ON t."id" = q."thread_id"
     ORDER BY top.n DESC, top.post_id ASC`,
  );
  return rows.map((r) => topQuestion(r, Number(r.n)));
}

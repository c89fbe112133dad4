// The Overview's top askers and answerers of a range (issue 14).
import { MONTHLY_TABLE } from '../derived/monthly-rollups';
import { empty, join, literal, raw, sql, type Sql } from '../db/sql';
import type { Db } from '../db/types';
import type { AnalyticsSettings } from '../settings';
import type { OverviewTopUser } from '../types/reports';
import type { DateRange } from './dates';
import { TOP_N } from './overview-top-questions';
import { countedUsersSql, leftOutUsersSql, type UserSet } from './segments';
import { planUserSums, spansSql, type Span, type UserSumsPlan } from './user-sums';

/** A top asker or answerer before its link is added. */
export type TopUserRow = Omit<OverviewTopUser, 'link'>;

type Col = 'num_questions' | 'num_answers';

/** The top askers (num_questions) and answerers (num_answers) of the range: topUsers of both columns. */
/** `few`: the set has few members (fewMembers). */
export async function topAskersAnswerers(
  db: Db,
  set: UserSet,
  settings: AnalyticsSettings,
  few: boolean,
  range: DateRange,
): Promise<{ askers: TopUserRow[]; answerers: TopUserRow[] }> {
  // PostgreSQL reads a few members' daily rows by user either way, in one statement per list (an
  // organization of 54: ~7 ms, where the plan's statements and the sums took ~13 ms).
  if (db.engine === 'postgres' && few) {
    return { askers: await topUsers(db, set, settings, range, 'num_questions'), answerers: await topUsers(db, set, settings, range, 'num_answers') };
  }
  const plan = await planUserSums(db, range);
  const first = await topOfSums(db, set, settings, plan, true);
  // A candidate without an auth_user row (a rollup row of a user deleted since: the rollup has no
  // foreign key) may leave a list short: then every user with a count is a candidate.
  const top = first.short ? await topOfSums(db, set, settings, plan, false) : first;
  return { askers: top.num_questions, answerers: top.num_answers };
}

/**
 * Both lists in one statement from the per-user sums the Users view reads (user-sums.ts: `last-30-days`
 * is one month's rollup rows less one day's daily rows, ~25k rows for all users, instead of the range's
 * ~140k daily rows). For all users, less the left-out users (leftOutUsersSql: blocked, staff when left
 * out; few), where topUsers checked every row against the ~20k counted users; for another set, the
 * rows of its counted users, found by user (SQLite scanned the whole (user_id, date) index of active
 * rows for an organization of 54: ~700 ms). Only the users reaching the 10th largest count
 * (`threshold`; ties included) are joined to auth_user for the username order.
 * Measured on the 5M-event bench forum, last-30-days, all users, both lists, medians on the loaded
 * 2-core machine: SQLite ~600-850 ms (two statements) -> ~35 ms, PostgreSQL 15 ~325 -> ~45-75 ms
 * (of which up to ~10 ms the plan's three small statements); an organization of 54 on SQLite ~700 -> ~4 ms.
 */
async function topOfSums(
  db: Db,
  set: UserSet,
  settings: AnalyticsSettings,
  plan: UserSumsPlan,
  threshold: boolean,
): Promise<Record<Col, TopUserRow[]> & { short: boolean }> {
  const d = db.dialect;
  const all = set.kind === 'all';
  const users = all
    ? sql`left_out AS MATERIALIZED (${leftOutUsersSql(settings, d)})`
    : sql`counted_users AS MATERIALIZED (${countedUsersSql(set, settings, d)})`;
  const member = (col: string) => (all ? empty : raw(` AND ${col} IN (SELECT counted_users.user_id FROM counted_users)`));
  // Rows whose counters are both 0 change no sum. The rollup's bigint counters are summed as
  // integer (PostgreSQL sums bigint through numeric, slower), as user-sums.ts does.
  const parts: Sql[] = [];
  if (plan.months.length) {
    parts.push(sql`SELECT r."user_id" AS user_id, CAST(r."num_questions" AS integer) AS q, CAST(r."num_answers" AS integer) AS a FROM ${raw(`"${MONTHLY_TABLE}"`)} r
      WHERE ${spansSql(d, 'r."month"', plan.months)} AND (r."num_questions" > 0 OR r."num_answers" > 0)${member('r."user_id"')}`);
  }
  // For all users the daily rows come by date (aac_rep_dailyuser_date_user): the OR would imply the
  // condition of aac_dailyuser_active_user_date, which SQLite then scans whole in user order, and an
  // indexed user_id lets SQLite read every row of the table in user order for the GROUP BY (2026-09-15
  // ..10-14, 30 days of daily rows: ~500-730 ms); a sum of the (non-negative) counters and an unindexed
  // user_id avoid both. A set's members are probed in that index by user.
  const daily = (sign: string, list: readonly Span[]) =>
    sql`SELECT ${d.unindexed('s."user_id"')} AS user_id, ${raw(`${sign}s."num_questions"`)} AS q, ${raw(`${sign}s."num_answers"`)} AS a FROM "askbot_dailyusersummary" s
      WHERE ${spansSql(d, 's."date"', list)} AND ${raw(all ? 's."num_questions" + s."num_answers" > 0' : '(s."num_questions" > 0 OR s."num_answers" > 0)')}${member('s."user_id"')}`;
  if (plan.days.length) parts.push(daily('', plan.days));
  if (plan.minus.length) parts.push(daily('-', plan.minus));
  if (!parts.length) return { num_questions: [], num_answers: [], short: false };
  // The top of one column of user_counts (`uc`), and (key `<key>#`) how many users reach its cut.
  const list = (key: string, col: 'q' | 'a') => {
    const cut = threshold ? `coalesce((SELECT uc.${col} FROM user_counts uc WHERE uc.${col} > 0 ORDER BY uc.${col} DESC LIMIT 1 OFFSET ${TOP_N - 1}), 1)` : '1';
    return raw(`SELECT * FROM (SELECT '${key}' AS k, uc.user_id AS user_id, uc.${col} AS n, u."username" AS username
        FROM user_counts uc JOIN "auth_user" u ON u."id" = uc.user_id WHERE uc.${col} >= ${cut}
        ORDER BY uc.${col} DESC, u."username" ASC, uc.user_id ASC LIMIT ${TOP_N}) t_${col}
      UNION ALL SELECT '${key}#', NULL, count(*), NULL FROM user_counts uc WHERE uc.${col} >= ${cut}`);
  };
  const rows = await db.all<Record<string, unknown>>(
    sql`WITH ${users},
     count_rows AS (${join(parts, ' UNION ALL ')}),
     user_counts AS MATERIALIZED (
       SELECT x.user_id AS user_id, sum(x.q) AS q, sum(x.a) AS a FROM count_rows x
       ${raw(all ? 'WHERE x.user_id NOT IN (SELECT left_out.user_id FROM left_out) ' : '')}GROUP BY x.user_id)
     ${list('q', 'q')} UNION ALL ${list('a', 'a')}`,
  );
  const of = (key: string) =>
    rows.filter((r) => r.k === key).map((r) => ({ user: { id: Number(r.user_id), username: String(r.username) }, count: Number(r.n) }));
  const out = { num_questions: of('q'), num_answers: of('a') };
  const candidates = (key: string) => Number(rows.find((r) => r.k === `${key}#`)?.n ?? 0);
  const short =
    (out.num_questions.length < TOP_N && candidates('q') > out.num_questions.length) ||
    (out.num_answers.length < TOP_N && candidates('a') > out.num_answers.length);
  return { ...out, short: threshold && short };
}

/** The 10 counted users with the most questions or answers in the range's daily summaries (ties by username). */
export async function topUsers(db: Db, set: UserSet, settings: AnalyticsSettings, range: DateRange, col: Col): Promise<TopUserRow[]> {
  const d = db.dialect;
  const column = raw(`s."${col}"`);
  const rows = await db.all<Record<string, unknown>>(
    sql`WITH counted_users AS MATERIALIZED (${countedUsersSql(set, settings, d)}),
     per_user AS (
       SELECT s."user_id" AS user_id, sum(${column}) AS n FROM "askbot_dailyusersummary" s
       WHERE s."date" >= ${d.dateParam(range.start)} AND s."date" <= ${d.dateParam(range.end)} AND ${column} > 0
         AND ${d.unindexed('s."user_id"')} IN (SELECT counted_users.user_id FROM counted_users)
       GROUP BY s."user_id")
     SELECT pu.user_id AS user_id, pu.n AS n, u."username" AS username
     FROM per_user pu JOIN "auth_user" u ON u."id" = pu.user_id
     ORDER BY pu.n DESC, u."username" ASC, pu.user_id ASC LIMIT ${literal(TOP_N)}`,
  );
  return rows.map((r) => ({ user: { id: Number(r.user_id), username: String(r.username) }, count: Number(r.n) }));
}

// Retention cohorts (issue 14): the members of a users segment grouped by the calendar month they joined
// (`auth_user.date_joined` in the bucket zone), and for each cohort the members active in the join month
// and in every month after it up to today's. A member is active in a month when the compiler recorded
// counted activity or time on site for them in it: a positive counter or time on site in their monthly
// rollup (aac_monthlyusersummary, the sum of the month's daily user summaries), or in the daily rows
// for a month the rollup does not hold. Blocked users (status `b`) are not members; staff are left out
// when EXCLUDE_STAFF is on. The range picks the cohorts: every join month it touches, whole.
//
// One statement: the cohort of each member is found by comparing `date_joined` with the months' first
// instants (bound parameters, DST-safe), then members are joined to their months of activity and
// counted per (cohort, month). Nothing loops over users.
import { code, join, literal, raw, sql, type Sql, type SqlCode } from '../db/sql';
import type { Dialect } from '../db/dialect';
import { AppError } from '../errors';
import type { Db } from '../db/types';
import { MONTHLY_TABLE, monthOf, monthlyRollupsExist, nextMonth } from '../derived/monthly-rollups';
import type { AnalyticsSettings } from '../settings';
import { addDays, todayIn } from './dates';
import { nowMicros, rangeWithData, resolveReportRange, type NowInput } from './report-range';
import { ALL_USERS, countedUserConds, leftOutNote, resolveUserSet, type UserSet } from './segments';
import { monthsWithRollups } from './user-sums';
import type { RetentionCohort, RetentionReport } from '../types/reports';

export type { RetentionCohort, RetentionReport };

export interface RetentionQuery {
  segment?: string;
  /** The range whose join months are the cohorts (default last-6-months). */
  dates?: string;
  now?: NowInput;
}

export const RETENTION_DEFAULT_DATES = 'last-6-months';
/** At most this many cohorts (months) in one report: 25 years. */
export const MAX_COHORTS = 300;

/** Months (`YYYY-MM-01`) from `first` through `last`, both included. */
function monthsFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) out.push(m);
  return out;
}

/** The counters of a summary row, added: positive when the row holds counted activity or time on site. */
const ACTIVITY_SUM = (alias: string, tos: SqlCode) =>
  sql`${raw(`${alias}."num_questions" + ${alias}."num_answers" + ${alias}."num_upvotes" + ${alias}."num_downvotes" + ${alias}."question_views"`)} + ${code(tos)}`;

/**
 * SQL: the date column `col` lies in one of the months (`YYYY-MM-01`); consecutive months make one
 * range, so each engine walks one stretch of its index.
 */
function monthsSql(d: Dialect, col: string, months: readonly string[]): Sql {
  const runs: Array<[string, string]> = [];
  for (const m of months) {
    const last = runs[runs.length - 1];
    if (last && last[1] === m) last[1] = nextMonth(m);
    else runs.push([m, nextMonth(m)]);
  }
  return sql`(${join(
    runs.map(([lo, hi]) => sql`(${raw(col)} >= ${d.dateParam(lo)} AND ${raw(col)} < ${d.dateParam(hi)})`),
    ' OR ',
  )})`;
}

/**
 * The CTE `cohort_members` (user_id, c): the counted members who joined in a cohort month, with the
 * index of their cohort. The cohort is found by comparing `date_joined` with the months' first instants
 * (bound parameters, DST-safe): cohort k holds the members who joined in [bounds[k], bounds[k + 1]).
 */
function cohortMembersSql(d: Dialect, set: UserSet, settings: AnalyticsSettings, cohortMonths: readonly string[]): Sql {
  const bounds = [...cohortMonths, nextMonth(cohortMonths[cohortMonths.length - 1]!)].map((m) => d.dateTimeParam(d.dayStart(m)));
  const cohortOf =
    cohortMonths.length === 1
      ? raw('0')
      : sql`CASE ${join(
          bounds.slice(1, -1).map((b, k) => sql`WHEN u."date_joined" < ${b} THEN ${literal(k)}`),
          ' ',
        )} ELSE ${literal(cohortMonths.length - 1)} END`;
  const conds = [sql`u."date_joined" >= ${bounds[0]}`, sql`u."date_joined" < ${bounds[bounds.length - 1]}`, ...countedUserConds(set, settings, d)];
  return sql`cohort_members AS MATERIALIZED (
       SELECT u."id" AS user_id, ${cohortOf} AS c
       FROM "auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"
       WHERE ${join(conds, ' AND ')})`;
}

/** Active members per (cohort, month) from the rollup rows of `months`, grouped by their own month column (nothing computed per row). */
function rolledActivitySql(d: Dialect, months: readonly string[]): Sql {
  return sql`SELECT c.c AS c, r."month" AS m, CAST(NULL AS integer) AS mi, count(*) AS n
      FROM cohort_members c JOIN ${raw(`"${MONTHLY_TABLE}"`)} r ON r."user_id" = c.user_id
      WHERE ${monthsSql(d, 'r."month"', months)} AND ${ACTIVITY_SUM('r', 'r."time_on_site_us"')} > 0
      GROUP BY r."month", c.c`;
}

/**
 * Active members per (cohort, month) from the daily rows of `months` (the rollup does not hold them),
 * each row's month index (`mi`, into `activityMonths`) found by comparison.
 */
function dailyActivitySql(d: Dialect, months: readonly string[], activityMonths: readonly string[]): Sql {
  const index = (m: string) => literal(activityMonths.indexOf(m));
  const mi =
    months.length === 1
      ? index(months[0]!)
      : sql`CASE ${join(
          months.slice(1).map((m, i) => sql`WHEN s."date" < ${d.dateParam(m)} THEN ${index(months[i]!)}`),
          ' ',
        )} ELSE ${index(months[months.length - 1]!)} END`;
  // Grouped by position: the index's text carries parameters, which a repeated expression would bind again.
  return sql`SELECT c.c AS c, NULL AS m, ${mi} AS mi, count(DISTINCT s."user_id") AS n
      FROM cohort_members c JOIN "askbot_dailyusersummary" s ON s."user_id" = c.user_id
      WHERE ${monthsSql(d, 's."date"', months)} AND ${ACTIVITY_SUM('s', d.durationMicros('s."time_on_site"'))} > 0
      GROUP BY c.c${raw(months.length === 1 ? '' : ', 3')}`;
}

export async function reportRetention(db: Db, settings: AnalyticsSettings, q: RetentionQuery = {}): Promise<RetentionReport> {
  const d = db.dialect;
  const segment = q.segment?.trim() || ALL_USERS;
  const set = await resolveUserSet(db, settings, segment);
  const range = await resolveReportRange(db, q.dates ?? RETENTION_DEFAULT_DATES, q.now);
  const today = todayIn(d, nowMicros(q.now));
  const currentMonth = monthOf(today);
  const firstCohort = monthOf(range.start);
  // Cohorts after today's month have no members yet: not shown.
  const lastCohort = monthOf(range.end) < currentMonth ? monthOf(range.end) : currentMonth;
  const cohortMonths = firstCohort <= lastCohort ? monthsFrom(firstCohort, lastCohort) : [];
  if (cohortMonths.length > MAX_COHORTS) {
    throw new AppError('INVALID_INPUT', `the range covers ${cohortMonths.length} join months: retention shows at most ${MAX_COHORTS} cohorts (25 years)`);
  }
  const note = await leftOutNote(db, settings, set);
  const base = {
    segment,
    name: set.name,
    range,
    excludeStaff: settings.EXCLUDE_STAFF,
    ...(note ? { note } : {}),
    zone: d.bucketZone,
    current_month: currentMonth.slice(0, 7),
  };
  if (cohortMonths.length === 0) return { ...base, months: 0, cohorts: [], average: [] };

  const activityMonths = monthsFrom(firstCohort, currentMonth);
  // Only months that hold daily summaries are read (two probes of the date index), from the rollup when
  // it holds them, else from the daily rows.
  const span = await rangeWithData(db, { start: firstCohort, end: addDays(nextMonth(currentMonth), -1) });
  const withData = span ? activityMonths.filter((m) => m >= monthOf(span.start) && m <= monthOf(span.end)) : [];
  const rolled = withData.length && (await monthlyRollupsExist(db)) ? await monthsWithRollups(db, withData) : new Set<string>();
  const fromDaily = withData.filter((m) => !rolled.has(m));

  // Typed NULLs: PostgreSQL would take two bare NULLs of a UNION column for text.
  const parts = [sql`SELECT c.c AS c, NULL AS m, CAST(NULL AS integer) AS mi, count(*) AS n FROM cohort_members c GROUP BY c.c`];
  if (rolled.size)
    parts.push(
      rolledActivitySql(
        d,
        activityMonths.filter((m) => rolled.has(m)),
      ),
    );
  if (fromDaily.length) parts.push(dailyActivitySql(d, fromDaily, activityMonths));
  const rows = await db.all<{ c: unknown; m: unknown; mi: unknown; n: unknown }>(
    sql`WITH ${cohortMembersSql(d, set, settings, cohortMonths)}
     ${join(parts, '\n     UNION ALL\n     ')}`,
  );
  const monthIndex = new Map(activityMonths.map((m, i) => [m, i]));
  const cohorts: RetentionCohort[] = cohortMonths.map((m, k) => ({
    month: m.slice(0, 7),
    size: 0,
    // The join month and each month after it up to today's.
    active: new Array<number>(activityMonths.length - k).fill(0),
    share: [],
  }));
  for (const r of rows) {
    const cohort = cohorts[Number(r.c)]!;
    const mi = r.m !== null && r.m !== undefined ? monthIndex.get(d.readDate(r.m)) : r.mi === null || r.mi === undefined ? undefined : Number(r.mi);
    if (mi === undefined) {
      cohort.size = Number(r.n);
      continue;
    }
    const offset = mi - Number(r.c);
    // Activity before the join month (a clock or an import gone wrong) has no column.
    if (offset >= 0) cohort.active[offset] = Number(r.n);
  }
  for (const c of cohorts) c.share = c.active.map((n) => (c.size === 0 ? null : n / c.size));
  const months = cohorts[0]!.active.length;
  const average = Array.from({ length: months }, (_, k) => {
    const reached = cohorts.filter((c) => c.active.length > k);
    const size = reached.reduce((a, c) => a + c.size, 0);
    return size === 0 ? null : reached.reduce((a, c) => a + c.active[k]!, 0) / size;
  });
  return { ...base, months, cohorts, average };
}

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
import type { SqlCode } from '../db/sql';
import { AppError } from '../errors';
import type { Db } from '../db/types';
import { MONTHLY_TABLE, monthOf, monthlyRollupsExist, nextMonth } from '../derived/monthly-rollups';
import type { AnalyticsSettings } from '../settings';
import { addDays, todayIn } from './dates';
import { nowMicros, rangeWithData, resolveReportRange, type NowInput } from './report-range';
import { ALL_USERS, Params, countedUserConds, leftOutNote, resolveUserSet } from './segments';
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
  `${alias}."num_questions" + ${alias}."num_answers" + ${alias}."num_upvotes" + ${alias}."num_downvotes" + ${alias}."question_views" + ${tos}`;

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
  const base = { segment, name: set.name, range, excludeStaff: settings.EXCLUDE_STAFF, ...(note ? { note } : {}), zone: d.bucketZone, current_month: currentMonth.slice(0, 7) };
  if (cohortMonths.length === 0) return { ...base, months: 0, cohorts: [], average: [] };

  const activityMonths = monthsFrom(firstCohort, currentMonth);
  // Only months that hold daily summaries are read (two probes of the date index), from the rollup when
  // it holds them, else from the daily rows.
  const span = await rangeWithData(db, { start: firstCohort, end: addDays(nextMonth(currentMonth), -1) });
  const withData = span ? activityMonths.filter((m) => m >= monthOf(span.start) && m <= monthOf(span.end)) : [];
  const rolled = withData.length && (await monthlyRollupsExist(db)) ? await monthsWithRollups(db, withData) : new Set<string>();
  const fromDaily = withData.filter((m) => !rolled.has(m));

  const p = new Params();
  // The first instant of each cohort month and of the month after the last: cohort k holds the
  // members who joined in [bounds[k], bounds[k + 1]).
  const bounds = [...cohortMonths, nextMonth(cohortMonths[cohortMonths.length - 1]!)].map((m) => p.add(d.dateTimeParam(d.dayStart(m))));
  const cohortOf = cohortMonths.length === 1 ? '0' : `CASE ${bounds.slice(1, -1).map((b, k) => `WHEN u."date_joined" < ${b} THEN ${k}`).join(' ')} ELSE ${cohortMonths.length - 1} END`;
  const conds = [`u."date_joined" >= ${bounds[0]}`, `u."date_joined" < ${bounds[bounds.length - 1]}`, ...countedUserConds(set, settings, d, p)];

  // Months of activity: rollup rows grouped by their own month column (nothing computed per row), and
  // for months the rollup does not hold, daily rows with their month's index found by comparison.
  const spans = (col: string, months: string[]) => {
    // Consecutive months make one range, so each engine walks one stretch of its index.
    const runs: Array<[string, string]> = [];
    for (const m of months) {
      const last = runs[runs.length - 1];
      if (last && last[1] === m) last[1] = nextMonth(m);
      else runs.push([m, nextMonth(m)]);
    }
    return `(${runs.map(([lo, hi]) => `(${col} >= ${p.add(d.dateParam(lo))} AND ${col} < ${p.add(d.dateParam(hi))})`).join(' OR ')})`;
  };
  // Typed NULLs: PostgreSQL would take two bare NULLs of a UNION column for text.
  const parts = [`SELECT c.c AS c, NULL AS m, CAST(NULL AS integer) AS mi, count(*) AS n FROM cohort c GROUP BY c.c`];
  if (rolled.size) {
    const months = activityMonths.filter((m) => rolled.has(m));
    parts.push(`SELECT c.c AS c, r."month" AS m, CAST(NULL AS integer) AS mi, count(*) AS n
      FROM cohort c JOIN "${MONTHLY_TABLE}" r ON r."user_id" = c.user_id
      WHERE ${spans('r."month"', months)} AND ${ACTIVITY_SUM('r', 'r."time_on_site_us"')} > 0
      GROUP BY r."month", c.c`);
  }
  if (fromDaily.length) {
    const index = (m: string) => activityMonths.indexOf(m);
    const mi =
      fromDaily.length === 1
        ? String(index(fromDaily[0]!))
        : `CASE ${fromDaily.slice(1).map((m, i) => `WHEN s."date" < ${p.add(d.dateParam(m))} THEN ${index(fromDaily[i]!)}`).join(' ')} ELSE ${index(fromDaily[fromDaily.length - 1]!)} END`;
    parts.push(`SELECT c.c AS c, NULL AS m, ${mi} AS mi, count(DISTINCT s."user_id") AS n
      FROM cohort c JOIN "askbot_dailyusersummary" s ON s."user_id" = c.user_id
      WHERE ${spans('s."date"', fromDaily)} AND ${ACTIVITY_SUM('s', d.durationMicros('s."time_on_site"'))} > 0
      GROUP BY c.c${fromDaily.length === 1 ? '' : `, ${mi}`}`);
  }
  const rows = await db.all<{ c: unknown; m: unknown; mi: unknown; n: unknown }>(
    `WITH cohort AS MATERIALIZED (
       SELECT u."id" AS user_id, ${cohortOf} AS c
       FROM "auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"
       WHERE ${conds.join(' AND ')})
     ${parts.join('\n     UNION ALL\n     ')}`,
    p.values,
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

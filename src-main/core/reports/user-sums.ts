// Per-user sums of the daily user summaries over a date range, read the cheap way: the calendar
// months inside the range from the compiler's monthly rollups (aac_monthlyusersummary, one row per
// user and month) and only the edge days from askbot_dailyusersummary. Over a year that is a dozen
// rows per user instead of hundreds; `last-30-days` is mostly one month, read as that month's rollup
// minus the few days before the range. Sums are exact integers, identical to summing the daily rows.
//
// The rollup is derived data the compiler keeps in step with the daily rows. It may be missing (a
// database our app never initialised or compiled, e.g. read-only on one Askbot compiled), and a month
// may have daily rows but no rollup rows (daily rows written by something else after `init`, such as
// Askbot's own compile or a test fixture): such months are read from the daily rows too, decided by
// one index probe per month, never per row.
import { code, empty, join, raw, sql, type Sql, type SqlCode } from '../db/sql';
import { MONTHLY_TABLE, SUMMARY_COUNTERS, monthOf, monthlyRollupsExist, nextMonth } from '../derived/monthly-rollups';
import type { Dialect } from '../db/dialect';
import type { Db } from '../db/types';
import { addDays, daysInRange, type DateRange } from './dates';
import { rangeWithData } from './report-range';

/** Inclusive spans of dates `[first, last]` (`YYYY-MM-DD`). */
export type Span = readonly [first: string, last: string];

/**
 * SQL condition: the date column `col` lies in one of the spans. A single month or day is an equality,
 * so SQLite sees the rows come in user order within the (month, user_id) key or the (date, user_id, …)
 * index and groups them without a sort.
 */
export function spansSql(d: Dialect, col: SqlCode, list: readonly Span[]): Sql {
  const c = code(col);
  const span = ([a, b]: Span) => (a === b ? sql`${c} = ${d.dateParam(a)}` : sql`(${c} >= ${d.dateParam(a)} AND ${c} <= ${d.dateParam(b)})`);
  return sql`(${join(list.map(span), ' OR ')})`;
}

export interface UserSumsPlan {
  /** Spans of months (first day of the first month, first day of the last month) read from the rollup. */
  months: Span[];
  /** Spans of days whose daily rows are added. */
  days: Span[];
  /**
   * Spans of days whose daily rows are subtracted: the days of a rolled-up month outside the range,
   * when the range covers most of that month (`last-30-days` = most of one month plus a few days).
   */
  minus: Span[];
}

export const SUM_COUNTERS = SUMMARY_COUNTERS;

/** The per-user figures every report sums: the daily summaries' counters and time on site. */
export const COUNTER_METRICS = [...SUM_COUNTERS, 'time_on_site_seconds'] as const;

/** The monthly rollup table's name as SQL. */
const MONTHLY = raw(`"${MONTHLY_TABLE}"`);

/**
 * Which of `months` (`YYYY-MM-01`) have rollup rows: one primary-key probe each, in a few statements.
 * Written as min() over a key range, which both planners answer from the index's first entry (an
 * EXISTS on `month = …` lets PostgreSQL pick a sequential scan that may read most of the table).
 */
export async function monthsWithRollups(db: Db, months: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const CHUNK = 400; // well under both engines' limits on result columns
  for (let i = 0; i < months.length; i += CHUNK) {
    const part = months.slice(i, i + CHUNK);
    const cols = part.map(
      (m, j) =>
        sql`(SELECT min(r."month") FROM ${MONTHLY} r WHERE r."month" >= ${db.dialect.dateParam(m)} AND r."month" < ${db.dialect.dateParam(nextMonth(m))}) AS ${raw(`m${j}`)}`,
    );
    const row = await db.one<Record<string, unknown>>(sql`SELECT ${join(cols)}`);
    part.forEach((m, j) => {
      if (row?.[`m${j}`] != null) found.add(m);
    });
  }
  return found;
}

/** Appends a span, merging it into the previous one when they touch. */
function pushSpan(spans: Span[], first: string, last: string, next: (s: string) => string): void {
  const prev = spans[spans.length - 1];
  if (prev && next(prev[1]) === first) spans[spans.length - 1] = [prev[0], last];
  else spans.push([first, last]);
}

const nextDay = (date: string) => addDays(date, 1);

/** Months from the one starting on `first` through the one starting on `last`, both included. */
function monthsBetween(first: string, last: string): number {
  return (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + Number(last.slice(5, 7)) - Number(first.slice(5, 7)) + 1;
}

/**
 * Splits `range` into rollup months and daily-row days (a catalog lookup and one index probe per
 * month). A month the range covers wholly comes from its rollup; a month it covers for more than
 * two thirds comes from its rollup minus the daily rows of the days left out (unless `subtract` is
 * false: distinct counts do not subtract); other days come from the daily rows. Months without
 * rollup rows always come from the daily rows.
 */
export async function planUserSums(db: Db, range: Pick<DateRange, 'start' | 'end'>, opts: { subtract?: boolean } = {}): Promise<UserSumsPlan> {
  const plan: UserSumsPlan = { months: [], days: [], minus: [] };
  // Only the days that hold summaries are planned: the months looped over follow the data.
  const span = await rangeWithData(db, range);
  if (!span) return plan;
  const months: string[] = [];
  const count = monthsBetween(monthOf(span.start), monthOf(span.end));
  for (let i = 0, m = monthOf(span.start); i < count; i++, m = nextMonth(m)) months.push(m);
  // Checked on every report (a catalog lookup): a compile may create the table, or `reset
  // --drop-indexes` drop it, while a connection stays open.
  const rolled = (await monthlyRollupsExist(db)) ? await monthsWithRollups(db, months) : new Set<string>();
  for (const m of months) {
    const monthLast = addDays(nextMonth(m), -1);
    const first = span.start > m ? span.start : m;
    const last = span.end < monthLast ? span.end : monthLast;
    const covered = daysInRange({ start: first, end: last });
    const whole = first === m && last === monthLast;
    if (rolled.has(m) && (whole || (opts.subtract !== false && covered * 3 > daysInRange({ start: m, end: monthLast }) * 2))) {
      pushSpan(plan.months, m, m, nextMonth);
      if (first > m) pushSpan(plan.minus, m, addDays(first, -1), nextDay);
      if (last < monthLast) pushSpan(plan.minus, nextDay(last), monthLast, nextDay);
    } else {
      pushSpan(plan.days, first, last, nextDay);
    }
  }
  return plan;
}

export type UserSumColumn = (typeof SUM_COUNTERS)[number] | 'tos';

export interface UserSumsSql {
  /** CTE definitions (`name AS (…)`) of the aggregated parts, each one row per user (maybe none). */
  ctes: Sql[];
  /** LEFT JOINs of the parts onto a user id column. */
  joins(userId: SqlCode): Sql;
  /** A user's value of `col` over the range (0 without rows), after `joins`. */
  value(col: UserSumColumn): Sql;
}

/** One source of the sums: a CTE aggregated per user, or the rollup table joined on one month's key. */
interface Part {
  /** The CTE's name, or the rollup table's alias. */
  name: string;
  sign: '+' | '-';
  /** The aggregate's SQL, or null when the part is read straight from the rollup table. */
  sql: Sql | null;
  /** Extra join condition (a rollup month). */
  on: Sql;
  /** The part's column holding `col`. */
  column: (col: UserSumColumn) => Sql;
}

/** CTE names of the parts: the rollup months, the days added, the days subtracted. */
const MONTH_SUMS = 'month_sums';
const DAY_SUMS = 'day_sums';
const MINUS_DAY_SUMS = 'minus_day_sums';

/** A part aggregated per user in its own CTE (columns named as the counters, `tos` the time on site). */
function aggregatedPart(name: string, sign: '+' | '-', aggregate: Sql): Part {
  return { name, sign, sql: aggregate, on: empty, column: (col) => raw(`${name}.${col}`) };
}

/** Per-user sums of the daily rows on the spans' days. */
function dailySums(d: Dialect, list: readonly Span[], memberFilter: (col: string) => Sql): Sql {
  return sql`
      SELECT s."user_id" AS user_id, ${raw(SUM_COUNTERS.map((c) => `sum(s."${c}") AS ${c}`).join(', '))}, ${d.durationMicros('sum(s."time_on_site")')} AS tos
      FROM "askbot_dailyusersummary" s
      WHERE ${spansSql(d, 's."date"', list)}${memberFilter('s."user_id"')}
      GROUP BY s."user_id"`;
}

/**
 * Per-user sums of the rollup rows of the spans' months. Over several months most rollup rows qualify:
 * walking the (user_id, month, …) covering index aggregates in user order without a sort (SQLite; a
 * no-op on PostgreSQL). Members of a small set are probed by user either way.
 */
function monthlySums(d: Dialect, list: readonly Span[], months: number, memberFilter: (col: string) => Sql): Sql {
  const monthCol = months > 2 && memberFilter('x').isEmpty ? d.unindexed('r."month"') : raw('r."month"');
  return sql`
      SELECT r."user_id" AS user_id, ${raw(SUM_COUNTERS.map((c) => `sum(CAST(r."${c}" AS integer)) AS ${c}`).join(', '))}, ${d.int('sum(r."time_on_site_us")')} AS tos
      FROM ${MONTHLY} r
      WHERE ${spansSql(d, monthCol, list)}${memberFilter('r."user_id"')}
      GROUP BY r."user_id"`;
}

/**
 * SQL of the per-user sums for a plan (`tos` = time on site in µs): one aggregate per part (rollup
 * months, added days, subtracted days), each grouped by user on its own table so the planners see
 * real group counts, then joined onto the users; a single rollup month needs no aggregate and is
 * joined on its key. `memberFilter(col)` restricts the users (empty for everyone). Durations of the
 * daily rows are summed in storage form and converted once per user (converting each PostgreSQL
 * interval is slow). The rollup's counters are summed as integer (a user's month of a daily integer
 * column; PostgreSQL's bigint sum goes through numeric, slower) and its time on site cast back to
 * bigint, so later arithmetic stays off numeric too.
 */
export function userSumsSql(db: Db, plan: UserSumsPlan, memberFilter: (col: string) => Sql = () => empty): UserSumsSql {
  const d = db.dialect;
  const parts: Part[] = [];
  const months = plan.months.reduce((n, [a, b]) => n + monthsBetween(a, b), 0);
  if (months === 1) {
    parts.push({
      name: MONTH_SUMS,
      sign: '+',
      sql: null,
      on: sql` AND ${raw(MONTH_SUMS)}."month" = ${d.dateParam(plan.months[0]![0])}`,
      column: (col) => raw(`${MONTH_SUMS}."${col === 'tos' ? 'time_on_site_us' : col}"`),
    });
  } else if (months > 1) {
    parts.push(aggregatedPart(MONTH_SUMS, '+', monthlySums(d, plan.months, months, memberFilter)));
  }
  if (plan.days.length) parts.push(aggregatedPart(DAY_SUMS, '+', dailySums(d, plan.days, memberFilter)));
  if (plan.minus.length) parts.push(aggregatedPart(MINUS_DAY_SUMS, '-', dailySums(d, plan.minus, memberFilter)));
  return {
    ctes: parts.flatMap((x) => (x.sql === null ? [] : [sql`${raw(x.name)} AS (${x.sql})`])),
    joins: (userId) =>
      join(
        parts.map((x) => sql` LEFT JOIN ${x.sql === null ? sql`${MONTHLY} ` : empty}${raw(x.name)} ON ${raw(x.name)}."user_id" = ${code(userId)}${x.on}`),
        '',
      ),
    // No parts: the range holds no summaries, every user's sums are 0.
    value: (col) =>
      parts.length
        ? sql`(${join(
            parts.map((x, i) => sql`${raw(i === 0 && x.sign === '+' ? '' : ` ${x.sign} `)}coalesce(${x.column(col)}, 0)`),
            '',
          )})`
        : raw('0'),
  };
}

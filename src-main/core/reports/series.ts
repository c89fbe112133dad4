// Time series for charts (DESIGN.md §8): per day (per week or month for long ranges) values of the
// chosen metrics for a segment, group or user, zero-filled, plus active users (distinct users with a
// daily summary in the bucket, i.e. with any event or time on site). Monthly points of whole months
// read the compiler's monthly rollups when present (user-sums.ts).
import { AppError } from '../errors';
import { empty, ident, join, literal, raw, sql, type Sql } from '../db/sql';
import type { Db } from '../db/types';
import type { AnalyticsSettings } from '../settings';
import { addDays, daysInRange, type DateRange } from './dates';
import { rangeWithData, resolveReportRange, type NowInput } from './report-range';
import { MONTHLY_TABLE } from '../derived/monthly-rollups';
import { ALL_USERS, andNotStaff, memberSql, resolveUserSet } from './segments';
import { COUNTER_METRICS, planUserSums, spansSql } from './user-sums';
import type { Granularity, SeriesMetric, SeriesPoint, SeriesReport } from '../types/reports';

export type { Granularity, SeriesMetric, SeriesPoint, SeriesReport };

export const SERIES_METRICS = [...COUNTER_METRICS, 'active_users'] as const satisfies readonly SeriesMetric[];

export interface SeriesQuery {
  segment?: string;
  dates?: string;
  metrics?: string[] | string;
  now?: NowInput;
}

/** Daily points up to ~3 months, weekly up to a year, monthly beyond. */
export function granularityFor(range: Pick<DateRange, 'start' | 'end'>): Granularity {
  const days = daysInRange(range);
  return days <= 92 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** Bucket start days: every day, 7-day steps from the range start, or calendar months (first one clipped). */
export function bucketStarts(range: Pick<DateRange, 'start' | 'end'>, g: Granularity): string[] {
  const starts: string[] = [];
  let cur = range.start;
  while (cur <= range.end) {
    starts.push(cur);
    if (g === 'day') cur = addDays(cur, 1);
    else if (g === 'week') cur = addDays(cur, 7);
    else {
      const [y, m] = [Number(cur.slice(0, 4)), Number(cur.slice(5, 7))];
      cur = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
    }
  }
  return starts;
}

/** Indexes of the first and last bucket holding a day of `span` (starts are in order). */
function bucketsTouched(starts: string[], span: { start: string; end: string }): { first: number; last: number } {
  const bucketAt = (date: string) => {
    let i = 0;
    for (let lo = 0, hi = starts.length - 1; lo <= hi;) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= date) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return i;
  };
  return { first: bucketAt(span.start), last: bucketAt(span.end) };
}

function parseMetrics(metrics: string[] | string | undefined): SeriesMetric[] {
  if (metrics === undefined) return [...SERIES_METRICS];
  const list = (Array.isArray(metrics) ? metrics : metrics.split(',')).map((m) => m.trim()).filter(Boolean);
  if (list.length === 0) throw new AppError('INVALID_INPUT', `no metrics given: expected some of ${SERIES_METRICS.join(', ')}`);
  for (const m of list) {
    if (!(SERIES_METRICS as readonly string[]).includes(m)) {
      throw new AppError('INVALID_INPUT', `unknown metric "${m}": expected some of ${SERIES_METRICS.join(', ')}`);
    }
  }
  return [...new Set(list)] as SeriesMetric[];
}

export async function reportSeries(db: Db, settings: AnalyticsSettings, q: SeriesQuery = {}): Promise<SeriesReport> {
  const d = db.dialect;
  const metrics = parseMetrics(q.metrics);
  const segment = q.segment?.trim() || ALL_USERS;
  const set = segment === ALL_USERS ? null : await resolveUserSet(db, settings, segment);
  const range = await resolveReportRange(db, q.dates, q.now);
  const granularity = granularityFor(range);
  const starts = bucketStarts(range, granularity);
  // Monthly points over whole months come from the compiler's monthly rollups (a user's row in a
  // month = a distinct active user), the other days from the daily rows; each bucket from one source.
  // Only the part of the range that holds summaries is read; the other points are zeros.
  const span = await rangeWithData(db, range);
  const plan =
    granularity === 'month'
      ? await planUserSums(db, range, { subtract: false })
      : { months: [], days: span ? [[span.start, span.end] as const] : [], minus: [] };
  // The bucket of a summary day or month: its own date for daily points, else the index of its
  // bucket, chosen among the buckets the data touches only (a long range has many empty ones).
  const touched = span ? bucketsTouched(starts, span) : { first: 0, last: 0 };
  const bucketOf = (col: string): Sql => {
    if (granularity === 'day') return raw(col);
    if (touched.first === touched.last) return literal(touched.first);
    const whens = starts.slice(touched.first + 1, touched.last + 1).map((b, i) => sql`WHEN ${raw(col)} < ${d.dateParam(b)} THEN ${literal(touched.first + i)}`);
    return sql`CASE ${join(whens, ' ')} ELSE ${literal(touched.last)} END`;
  };
  const members = (col: string) => sql`${set ? sql` AND ${raw(col)} IN (SELECT m.user_id FROM (${memberSql(set)}) m)` : empty}${andNotStaff(settings, d, col)}`;
  const parts: Sql[] = [];
  if (plan.days.length) {
    parts.push(sql`SELECT ${bucketOf('s."date"')} AS b, sum(s."num_questions") AS num_questions, sum(s."num_answers") AS num_answers,
            sum(s."num_upvotes") AS num_upvotes, sum(s."num_downvotes") AS num_downvotes, sum(s."question_views") AS question_views,
            ${d.durationMicros('sum(s."time_on_site")')} AS tos, count(DISTINCT s."user_id") AS active_users
     FROM "askbot_dailyusersummary" s
     WHERE ${spansSql(d, 's."date"', plan.days)}${members('s."user_id"')}
     GROUP BY 1`);
  }
  if (plan.months.length) {
    parts.push(sql`SELECT ${bucketOf('r."month"')} AS b, sum(r."num_questions") AS num_questions, sum(r."num_answers") AS num_answers,
            sum(r."num_upvotes") AS num_upvotes, sum(r."num_downvotes") AS num_downvotes, sum(r."question_views") AS question_views,
            sum(r."time_on_site_us") AS tos, count(*) AS active_users
     FROM ${ident(MONTHLY_TABLE)} r
     WHERE ${spansSql(d, 'r."month"', plan.months)}${members('r."user_id"')}
     GROUP BY 1`);
  }
  const got = parts.length ? await db.all<Record<string, unknown>>(join(parts, '\n     UNION ALL\n     ')) : [];
  const byBucket = new Map<string, Record<string, unknown>>();
  for (const r of got) byBucket.set(granularity === 'day' ? d.readDate(r.b) : starts[Number(r.b)]!, r);
  const points = starts.map((start, i): SeriesPoint => {
    const end = i + 1 < starts.length ? addDays(starts[i + 1]!, -1) : range.end;
    const r = byBucket.get(start);
    const point: SeriesPoint = { date: start, end };
    for (const m of metrics) {
      const v = !r ? 0 : m === 'time_on_site_seconds' ? Math.round(Number(r.tos) / 1_000_000) : Number(r[m]);
      point[m] = v;
    }
    return point;
  });
  return { segment, range, granularity, metrics, points, excludeStaff: settings.EXCLUDE_STAFF };
}

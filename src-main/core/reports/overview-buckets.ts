// Day and bucket arithmetic shared by the Overview's statements: dates as day and month numbers, and
// a chart bucket's index in SQL.
import type { Dialect } from '../db/dialect';
import { dayNumberOf, type DateRange } from './dates';
import type { Params } from './segments';
import type { Granularity } from '../types/reports';

/** `YYYY-MM-DD` as year * 12 + month - 1, as monthNumber() computes it in SQL. */
export function monthNumberOf(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/** An integer parameter (SQLite binds JS numbers as REAL: cast, so integer division stays integer). */
export const intParam = (d: Dialect, p: Params, v: number) => d.int(p.add(v));

/** The SQL of a chart bucket's index for a date expression: days, 7-day steps from the start, or months. */
export function bucketSql(d: Dialect, p: Params, g: Granularity, range: DateRange, dateExpr: string): string {
  if (g === 'day') return `(${d.dayNumber(dateExpr)} - ${intParam(d, p, dayNumberOf(range.start))})`;
  if (g === 'week') return `((${d.dayNumber(dateExpr)} - ${intParam(d, p, dayNumberOf(range.start))}) / 7)`;
  return `(${d.monthNumber(dateExpr)} - ${intParam(d, p, monthNumberOf(range.start))})`;
}


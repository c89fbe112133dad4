// Day and bucket arithmetic shared by the Overview's statements: dates as day and month numbers, and
// a chart bucket's index in SQL.
import type { Dialect } from '../db/dialect';
import { sql, type Sql, type SqlCode } from '../db/sql';
import { dayNumberOf, type DateRange } from './dates';
import type { Granularity } from '../types/reports';

/** `YYYY-MM-DD` as year * 12 + month - 1, as monthNumber() computes it in SQL. */
export function monthNumberOf(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/** An integer parameter (SQLite binds JS numbers as REAL: cast, so integer division stays integer). */
export const intParam = (d: Dialect, v: number): Sql => d.int(sql`${v}`);

/** The SQL of a chart bucket's index for a date expression: days, 7-day steps from the start, or months. */
export function bucketSql(d: Dialect, g: Granularity, range: DateRange, dateExpr: SqlCode): Sql {
  if (g === 'day') return sql`(${d.dayNumber(dateExpr)} - ${intParam(d, dayNumberOf(range.start))})`;
  if (g === 'week') return sql`((${d.dayNumber(dateExpr)} - ${intParam(d, dayNumberOf(range.start))}) / 7)`;
  return sql`(${d.monthNumber(dateExpr)} - ${intParam(d, monthNumberOf(range.start))})`;
}

// Turns a report's `dates` and `now` into a DateRange: today in the bucket zone, and the earliest
// summary day for `all-time`.
import { AppError } from '../errors';
import { sql } from '../db/sql';
import type { Db } from '../db/types';
import { parseInstant, type EpochMicros } from '../time/instant';
import { resolveDateRange, todayIn, type DateRange } from './dates';

/** `now` as µs since the epoch, an ISO 8601 string, or the wall clock when absent. */
export type NowInput = EpochMicros | string | undefined;

export function nowMicros(now: NowInput): EpochMicros {
  if (now === undefined) return Date.now() * 1000;
  if (typeof now === 'number') {
    if (!Number.isFinite(now)) throw new AppError('INVALID_INPUT', `now must be a finite number of microseconds`);
    return Math.trunc(now);
  }
  return parseInstant(now, 'now');
}

export async function earliestSummaryDate(db: Db): Promise<string | undefined> {
  const row = await db.one<{ d: unknown }>(sql`SELECT min("date") AS d FROM "askbot_dailyusersummary"`);
  return row?.d === null || row?.d === undefined ? undefined : db.dialect.readDate(row.d);
}

/**
 * The part of `range` that holds daily user summaries (null when none): two probes of the date
 * index. Reports plan their months and buckets over this part only, so a report costs what the data
 * holds, not what the range spans (a century on an empty forum costs what a week does).
 */
export async function rangeWithData(db: Db, range: Pick<DateRange, 'start' | 'end'>): Promise<{ start: string; end: string } | null> {
  const inRange = sql`"date" >= ${db.dialect.dateParam(range.start)} AND "date" <= ${db.dialect.dateParam(range.end)}`;
  const row = await db.one<{ lo: unknown; hi: unknown }>(
    sql`SELECT (SELECT min("date") FROM "askbot_dailyusersummary" WHERE ${inRange}) AS lo,
            (SELECT max("date") FROM "askbot_dailyusersummary" WHERE ${inRange}) AS hi`,
  );
  if (row?.lo == null || row.hi == null) return null;
  return { start: db.dialect.readDate(row.lo), end: db.dialect.readDate(row.hi) };
}

export async function resolveReportRange(db: Db, dates: string | undefined, now: NowInput): Promise<DateRange> {
  const spec = dates ?? 'last-30-days';
  const today = todayIn(db.dialect, nowMicros(now));
  // Only all-time needs the earliest summary; skip the query for the others.
  const earliest = spec.trim() === 'all-time' ? await earliestSummaryDate(db) : undefined;
  return resolveDateRange(spec, { today, earliest });
}

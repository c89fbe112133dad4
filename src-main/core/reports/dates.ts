// Date ranges of the reports (DESIGN.md §8): the nine presets and custom `YYYY-MM-DD..YYYY-MM-DD`,
// computed from "today" in the bucket zone. Both ends are inclusive, unlike Askbot's views, which drop
// the first day of a range. Dates are plain calendar strings; instants only appear when a report turns
// a day into its first instant with the dialect (the bucket zone may have DST).
import { AppError } from '../errors';
import { shown } from '../input';
import type { Dialect } from '../db/dialect';
import type { EpochMicros } from '../time/instant';
import type { DatePreset, DateRange } from '../types/reports';

export type { DatePreset, DateRange };

export const DATE_PRESETS = [
  'last-7-days',
  'last-30-days',
  'this-month',
  'last-month',
  'last-3-months',
  'last-6-months',
  'this-year',
  'last-year',
  'all-time',
] as const satisfies readonly DatePreset[];

/**
 * The dates reports accept. Before 1900 no forum existed; the last year stops short of 9999 so that
 * the day after a range (its end instant) and a month after it are still four-digit dates.
 */
export const FIRST_DATE = '1900-01-01';
export const LAST_DATE = '9998-12-31';
/** The longest custom range: a century (a forum's whole history fits; the series has ≤ 1,200 points). */
export const MAX_RANGE_DAYS = 36_525;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ACCEPTED = `a preset (${DATE_PRESETS.join(', ')}) or a custom range YYYY-MM-DD..YYYY-MM-DD`;

/** Calendar arithmetic on day numbers (days since 1970-01-01); zones play no part here. */
function toDayNumber(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / 86_400_000);
}

function fromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` as days since 1970-01-01, as the dialect's dayNumber() computes it in SQL. */
export function dayNumberOf(date: string): number {
  const n = toDayNumber(date);
  if (n === null) throw new AppError('INVALID_INPUT', `"${date}" is not a date (YYYY-MM-DD)`);
  return n;
}

/** `date` plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumberOf(date) + days);
}

/** Number of days from `start` to `end`, both inclusive. */
export function daysInRange(range: Pick<DateRange, 'start' | 'end'>): number {
  return toDayNumber(range.end)! - toDayNumber(range.start)! + 1;
}

function monthStart(year: number, month: number): string {
  // month may be out of 1..12: Date.UTC normalises it (month 0 = December of the year before).
  return new Date(Date.UTC(year, month - 1, 1)).toISOString().slice(0, 10);
}

function requireDate(text: string, what: string): string {
  if (toDayNumber(text) === null) {
    throw new AppError('INVALID_INPUT', `${what} "${shown(text)}" is not a valid date: expected ${ACCEPTED}`);
  }
  if (text < FIRST_DATE || text > LAST_DATE) {
    throw new AppError('INVALID_INPUT', `${what} ${text} is outside the dates reports cover (${FIRST_DATE} .. ${LAST_DATE})`);
  }
  return text;
}

/**
 * Resolves a preset name or a custom `YYYY-MM-DD..YYYY-MM-DD` against `today` (a date in the bucket
 * zone). `earliest` is the first day with summaries, where `all-time` starts (today when none).
 */
export function resolveDateRange(spec: string, opts: { today: string; earliest?: string }): DateRange {
  const today = requireDate(opts.today, 'today');
  const text = spec.trim();
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const upToToday = (start: string, preset: DatePreset): DateRange => ({ start, end: today, partial: true, preset });
  const closed = (start: string, end: string, preset: DatePreset): DateRange => ({ start, end, partial: end >= today, preset });
  switch (text) {
    case 'last-7-days':
      return upToToday(addDays(today, -6), text);
    case 'last-30-days':
      return upToToday(addDays(today, -29), text);
    case 'this-month':
      return upToToday(monthStart(y, m), text);
    case 'last-month':
      return closed(monthStart(y, m - 1), addDays(monthStart(y, m), -1), text);
    case 'last-3-months':
      // Full calendar months before this one.
      return closed(monthStart(y, m - 3), addDays(monthStart(y, m), -1), text);
    case 'last-6-months':
      return closed(monthStart(y, m - 6), addDays(monthStart(y, m), -1), text);
    case 'this-year':
      return upToToday(`${String(y).padStart(4, '0')}-01-01`, text);
    case 'last-year':
      return closed(`${String(y - 1).padStart(4, '0')}-01-01`, `${String(y - 1).padStart(4, '0')}-12-31`, text);
    case 'all-time': {
      // Summaries dated before FIRST_DATE (a clock gone wrong) are left out rather than refusing the preset.
      const earliest = opts.earliest && toDayNumber(opts.earliest) !== null ? (opts.earliest < FIRST_DATE ? FIRST_DATE : opts.earliest) : today;
      return upToToday(earliest < today ? earliest : today, text);
    }
  }
  const parts = text.split('..');
  if (parts.length !== 2) {
    throw new AppError('INVALID_INPUT', `"${shown(spec)}" is not a date range: expected ${ACCEPTED}`);
  }
  const start = requireDate(parts[0]!, 'range start');
  const end = requireDate(parts[1]!, 'range end');
  if (start > end) {
    throw new AppError('INVALID_INPUT', `date range "${spec}" ends before it starts: expected YYYY-MM-DD..YYYY-MM-DD with start <= end`);
  }
  const days = daysInRange({ start, end });
  if (days > MAX_RANGE_DAYS) {
    throw new AppError('INVALID_INPUT', `date range "${spec}" spans ${days} days: a range covers at most ${MAX_RANGE_DAYS} days (100 years)`);
  }
  return { start, end, partial: end >= today };
}

/** The period of equal length just before `range`, for comparison. */
export function previousPeriod(range: Pick<DateRange, 'start' | 'end'>): DateRange {
  const n = daysInRange(range);
  return { start: addDays(range.start, -n), end: addDays(range.start, -1), partial: false };
}

/** Today's date in the bucket zone of `dialect` at the instant `nowMicros`. */
export function todayIn(dialect: Dialect, nowMicros: EpochMicros): string {
  return dialect.dayOfInstant(nowMicros);
}

/** The instants `[from, to)` covering a range's days in the bucket zone. */
export function rangeInstants(dialect: Dialect, range: Pick<DateRange, 'start' | 'end'>): { from: EpochMicros; to: EpochMicros } {
  return { from: dialect.dayStart(range.start), to: dialect.dayStart(addDays(range.end, 1)) };
}

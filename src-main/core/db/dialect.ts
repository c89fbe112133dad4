// Every difference between SQLite and PostgreSQL lives here: Django's storage conventions
// (SCHEMA.md §3.3), time-zone handling (USE_TZ / TIME_ZONE, DESIGN.md §3) and the few SQL spellings
// that differ. Time arithmetic in SQL is done on integer microseconds since the epoch, so the
// compiler and the reports can write one query for both engines.
import type { Engine } from './types';
import { type EpochMicros, MICROS_PER_HOUR, formatNaive, parseWallClock, utcWall, wallAsUtc, formatDate } from '../time/instant';
import { zonedWall, zonedWallToInstant } from '../time/zoned';
import { AppError } from '../errors';
import { code, literal, raw, sql, type Sql, type SqlCode } from './sql';

const HOUR = literal(MICROS_PER_HOUR);

export interface TimeSettings {
  /** Django's USE_TZ: stored datetimes are UTC and buckets are UTC hours/days. */
  useTz: boolean;
  /** Django's TIME_ZONE: with USE_TZ = false, naive datetimes are wall clocks in this zone. */
  timeZone: string;
}

export const DEFAULT_TIME: TimeSettings = { useTz: true, timeZone: 'UTC' };

export interface Dialect {
  readonly engine: Engine;
  readonly time: TimeSettings;
  /** The zone whose hours and days are the summary buckets. */
  readonly bucketZone: string;
  readonly TRUE: Sql;
  readonly FALSE: Sql;
  /** A boolean as a bound parameter. */
  bool(v: boolean): boolean | number;
  readBool(v: unknown): boolean;

  /** A datetime column value to bind, in Django's storage shape. */
  dateTimeParam(us: EpochMicros): string;
  /** Reads a datetime column value (either SQLite shape, or PostgreSQL text) as an instant. */
  readDateTime(v: unknown): EpochMicros;
  /** SQL: a datetime column as integer microseconds since the epoch. */
  micros(col: SqlCode): Sql;
  /** SQL: Django's storage value for an integer-microseconds expression. */
  fromMicros(expr: SqlCode): Sql;
  /** SQL: the start (instant, µs) of the bucket hour containing a µs expression. */
  hourOf(expr: SqlCode): Sql;
  /** SQL: the bucket day (Django date storage) containing a µs expression. */
  dayOf(expr: SqlCode): Sql;
  /** JS: the bucket day (`YYYY-MM-DD`) containing an instant. */
  dayOfInstant(us: EpochMicros): string;
  /** JS: the first instant of a bucket day (`YYYY-MM-DD`). */
  dayStart(date: string): EpochMicros;
  /** JS: the start of the bucket hour containing an instant. */
  hourStart(us: EpochMicros): EpochMicros;

  /** A date (`YYYY-MM-DD`) to bind. */
  dateParam(date: string): string;
  readDate(v: unknown): string;

  /** A duration (µs) to bind. */
  durationParam(us: number): number | string;
  /** SQL: a duration column as integer microseconds. */
  durationMicros(col: SqlCode): Sql;
  /** SQL: a duration column value from an integer-microseconds expression. */
  durationFromMicros(expr: SqlCode): Sql;
  /** SQL: the larger (greatest) or smaller (least) of two values; a NULL argument gives NULL on SQLite (max/min) but is skipped by PostgreSQL (GREATEST/LEAST). */
  greatest(a: SqlCode, b: SqlCode): Sql;
  least(a: SqlCode, b: SqlCode): Sql;
  /** SQL: case-insensitive match of a column against an escaped LIKE pattern (a bound value, see likeContains). */
  ilike(col: SqlCode, pattern: SqlCode): Sql;
  /** SQL: integer cast. */
  int(expr: SqlCode): Sql;
  /**
   * SQL: the same value, but not usable as an index key. SQLite's planner has no cost model for
   * a long date range against an index whose order serves a GROUP BY; unary `+` steers it
   * (sqlite.org/optoverview.html). PostgreSQL plans from statistics: unchanged.
   */
  unindexed(expr: SqlCode): Sql;
  /** SQL: a date expression (Django date storage) as days since 1970-01-01 (an integer). */
  dayNumber(dateExpr: SqlCode): Sql;
  /** SQL: a date expression as months since year 0 (year * 12 + month - 1, an integer). */
  monthNumber(dateExpr: SqlCode): Sql;
  /** SQL: the first day of the month of a date expression, in date storage form. */
  monthStart(dateExpr: SqlCode): Sql;
  /** SQL: a date expression plus `days` (a whole number from code), in date storage form. */
  plusDays(dateExpr: SqlCode, days: number): Sql;
  /** SQL: the date (storage form) of a day number, the inverse of dayNumber. */
  fromDayNumber(expr: SqlCode): Sql;
}

const ESCAPE = raw("ESCAPE '\\'");
/** Escapes `%`, `_` and `\` so user text can be used inside a LIKE pattern. */
export function likeContains(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

function bucketHelpers(zone: string) {
  const dayOfInstant = (us: EpochMicros) => formatDate(zonedWall(us, zone));
  const dayStart = (date: string) => {
    const parsed = parseWallClock(date);
    if (!parsed) throw new AppError('INVALID_INPUT', `"${date}" is not a date (YYYY-MM-DD)`);
    return zonedWallToInstant({ ...parsed.wall, hour: 0, minute: 0, second: 0, micro: 0 }, zone);
  };
  const hourStart = (us: EpochMicros) => {
    // Whole-hour offsets and 30/45-minute ones alike: truncate the local wall clock, then map back.
    // Walking back from the instant keeps a repeated DST hour as two distinct buckets.
    const w = zonedWall(us, zone);
    return us - (w.minute * 60 + w.second) * 1_000_000 - w.micro;
  };
  return { dayOfInstant, dayStart, hourStart };
}

export function sqliteDialect(time: TimeSettings): Dialect {
  const naiveLocal = !time.useTz && time.timeZone !== 'UTC';
  const zone = time.useTz ? 'UTC' : time.timeZone;
  const helpers = bucketHelpers(zone);
  return {
    engine: 'sqlite',
    time,
    bucketZone: zone,
    TRUE: raw('1'),
    FALSE: raw('0'),
    bool: (v) => (v ? 1 : 0),
    readBool: (v) => v === 1 || v === true || v === '1',
    dateTimeParam: (us) => formatNaive(naiveLocal ? zonedWall(us, zone) : utcWall(us)),
    readDateTime: (v) => {
      const parsed = parseWallClock(String(v));
      if (!parsed) throw new AppError('INTERNAL', `unreadable datetime value "${String(v)}"`);
      if (parsed.offsetMinutes !== null) return wallAsUtc(parsed.wall) - parsed.offsetMinutes * 60_000_000;
      return naiveLocal ? zonedWallToInstant(parsed.wall, zone) : wallAsUtc(parsed.wall);
    },
    // Integer arithmetic keeps microseconds exact (julianday() would round them).
    micros: (col) => {
      const c = code(col);
      return naiveLocal
        ? sql`aac_local_micros(${c})`
        : sql`(unixepoch(substr(${c}, 1, 19)) * 1000000 + CASE WHEN length(${c}) > 19 AND substr(${c}, 20, 1) = '.' THEN CAST(substr(${c} || '000000', 21, 6) AS INTEGER) ELSE 0 END)`;
    },
    fromMicros: (expr) => {
      const e = code(expr);
      return naiveLocal
        ? sql`aac_local_text(${e})`
        : sql`(datetime((${e}) / 1000000, 'unixepoch') || CASE WHEN (${e}) % 1000000 <> 0 THEN '.' || substr('000000' || ((${e}) % 1000000), -6) ELSE '' END)`;
    },
    hourOf: (expr) => (naiveLocal ? sql`aac_local_hour(${code(expr)})` : sql`(((${code(expr)}) / ${HOUR}) * ${HOUR})`),
    dayOf: (expr) => (naiveLocal ? sql`aac_local_day(${code(expr)})` : sql`date((${code(expr)}) / 1000000, 'unixepoch')`),
    ...helpers,
    dateParam: (date) => date,
    readDate: (v) => String(v),
    durationParam: (us) => Math.round(us),
    durationMicros: (col) => code(col),
    durationFromMicros: (expr) => sql`(${code(expr)})`,
    greatest: (a, b) => sql`max(${code(a)}, ${code(b)})`,
    least: (a, b) => sql`min(${code(a)}, ${code(b)})`,
    ilike: (col, pattern) => sql`${code(col)} LIKE ${code(pattern)} ${ESCAPE}`,
    int: (expr) => sql`CAST(${code(expr)} AS INTEGER)`,
    unindexed: (expr) => sql`+${code(expr)}`,
    dayNumber: (e) => sql`CAST(unixepoch(${code(e)}) / 86400 AS INTEGER)`,
    monthNumber: (e) => sql`(CAST(substr(${code(e)}, 1, 4) AS INTEGER) * 12 + CAST(substr(${code(e)}, 6, 2) AS INTEGER) - 1)`,
    monthStart: (e) => sql`date(${code(e)}, 'start of month')`,
    plusDays: (e, days) => sql`date(${code(e)}, ${raw(`'${Math.trunc(days) >= 0 ? '+' : ''}${Math.trunc(days)} days'`)})`,
    fromDayNumber: (e) => sql`date((${code(e)}) * 86400, 'unixepoch')`,
  };
}

export function postgresDialect(time: TimeSettings): Dialect {
  const zone = time.useTz ? 'UTC' : time.timeZone;
  const helpers = bucketHelpers(zone);
  // Zone names reach SQL as literals only after validation (settings.ts checks them against Intl).
  const zoneLit = raw(`'${zone.replace(/'/g, "''")}'`);
  const ts = (expr: SqlCode) => sql`(TIMESTAMPTZ 'epoch' + (${code(expr)}) * INTERVAL '1 microsecond')`;
  const us = (tsExpr: SqlCode) => sql`(EXTRACT(EPOCH FROM ${code(tsExpr)}) * 1000000)::bigint`;
  return {
    engine: 'postgres',
    time,
    bucketZone: zone,
    TRUE: raw('TRUE'),
    FALSE: raw('FALSE'),
    bool: (v) => v,
    readBool: (v) => v === true || v === 't' || v === 'true',
    dateTimeParam: (u) => {
      const w = utcWall(u);
      return formatNaive(w).replace(' ', 'T') + 'Z';
    },
    readDateTime: (v) => {
      if (v instanceof Date) return v.getTime() * 1000;
      const parsed = parseWallClock(String(v));
      if (!parsed) throw new AppError('INTERNAL', `unreadable datetime value "${String(v)}"`);
      return wallAsUtc(parsed.wall) - (parsed.offsetMinutes ?? 0) * 60_000_000;
    },
    micros: (col) => us(col),
    fromMicros: (expr) => ts(expr),
    hourOf: (expr) => us(sql`date_trunc('hour', ${ts(expr)}, ${zoneLit})`),
    dayOf: (expr) => sql`(${ts(expr)} AT TIME ZONE ${zoneLit})::date`,
    ...helpers,
    dateParam: (date) => date,
    readDate: (v) => (v instanceof Date ? formatDate(utcWall(v.getTime() * 1000)) : String(v).slice(0, 10)),
    durationParam: (u) => `${Math.round(u)} microseconds`,
    durationMicros: (col) => us(col),
    durationFromMicros: (expr) => sql`((${code(expr)}) * INTERVAL '1 microsecond')`,
    greatest: (a, b) => sql`GREATEST(${code(a)}, ${code(b)})`,
    least: (a, b) => sql`LEAST(${code(a)}, ${code(b)})`,
    ilike: (col, pattern) => sql`${code(col)} ILIKE ${code(pattern)} ${ESCAPE}`,
    int: (expr) => sql`(${code(expr)})::bigint`,
    unindexed: (expr) => code(expr),
    dayNumber: (e) => sql`((${code(e)}) - DATE '1970-01-01')`,
    monthNumber: (e) => sql`(CAST(EXTRACT(YEAR FROM ${code(e)}) AS integer) * 12 + CAST(EXTRACT(MONTH FROM ${code(e)}) AS integer) - 1)`,
    monthStart: (e) => sql`CAST(date_trunc('month', ${code(e)}) AS date)`,
    plusDays: (e, days) => sql`(${code(e)} + ${literal(Math.trunc(days))})`,
    fromDayNumber: (e) => sql`(DATE '1970-01-01' + (${code(e)}))`,
  };
}

/** SQLite functions backing the naive-local-time expressions above (USE_TZ = false). */
export function sqliteLocalTimeFunctions(zone: string) {
  const h = bucketHelpers(zone);
  const toMicros = (text: unknown): number | null => {
    if (text === null || text === undefined) return null;
    const parsed = parseWallClock(String(text));
    if (!parsed) return null;
    if (parsed.offsetMinutes !== null) return wallAsUtc(parsed.wall) - parsed.offsetMinutes * 60_000_000;
    return zonedWallToInstant(parsed.wall, zone);
  };
  return {
    aac_local_micros: toMicros,
    aac_local_text: (u: unknown) => (u === null ? null : formatNaive(zonedWall(Number(u), zone))),
    aac_local_hour: (u: unknown) => (u === null ? null : h.hourStart(Number(u))),
    aac_local_day: (u: unknown) => (u === null ? null : h.dayOfInstant(Number(u))),
  };
}

// Instants are carried as integer microseconds since the Unix epoch (UTC): exact, and safe up to
// the year 2255 within Number's 53 bits. Django keeps microseconds, so we do too.
import { AppError } from '../errors';

export type EpochMicros = number;

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_HOUR = 3_600 * MICROS_PER_SECOND;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number; // 0-999999
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses the wall-clock part of `YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]]` and the offset, if any. */
export function parseWallClock(text: string): { wall: WallClock; offsetMinutes: number | null } | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', off] = m;
  const wall: WallClock = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    micro: Number((frac + '000000').slice(0, 6)),
  };
  if (!isValidWall(wall)) return null;
  let offsetMinutes: number | null = null;
  if (off) {
    if (off.toUpperCase() === 'Z') offsetMinutes = 0;
    else {
      const sign = off.startsWith('-') ? -1 : 1;
      const digits = off.slice(1).replace(':', '');
      offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
    }
  }
  return { wall, offsetMinutes };
}

function isValidWall(w: WallClock): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  const probe = new Date(Date.UTC(w.year, w.month - 1, w.day));
  return probe.getUTCDate() === w.day && probe.getUTCMonth() === w.month - 1;
}

/** The instant of a wall clock read as UTC. */
export function wallAsUtc(w: WallClock): EpochMicros {
  const ms = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return ms * 1000 + w.micro;
}

export function utcWall(us: EpochMicros): WallClock {
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micro: us - Math.floor(us / MICROS_PER_SECOND) * MICROS_PER_SECOND,
  };
}

/**
 * Parses an ISO 8601 instant. Text without an offset is read as UTC, unless `naiveZone` says in
 * which zone a naive wall clock should be read (see zoned.ts).
 */
export function parseInstant(text: string, label = 'time'): EpochMicros {
  const parsed = parseWallClock(text);
  if (!parsed) {
    throw new AppError('INVALID_INPUT', `${label} "${text}" is not an ISO 8601 date-time (e.g. 2026-11-24T13:15:00Z)`);
  }
  const offset = parsed.offsetMinutes ?? 0;
  return wallAsUtc(parsed.wall) - offset * 60 * MICROS_PER_SECOND;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:MM:SS` plus `.ffffff` only when the microseconds are not zero: Python's str(datetime). */
export function formatNaive(w: WallClock): string {
  const base = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  return w.micro ? `${base}.${pad(w.micro, 6)}` : base;
}

export function formatDate(w: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** ISO 8601 in UTC with a `Z`, microseconds only when present. */
export function formatInstant(us: EpochMicros): string {
  return formatNaive(utcWall(us)).replace(' ', 'T') + 'Z';
}

export function floorTo(us: EpochMicros, unit: number): EpochMicros {
  return Math.floor(us / unit) * unit;
}

// Wall clocks in an IANA time zone, for Django's USE_TZ = False storage (naive local times).
// Ambiguous wall clocks (the repeated hour when DST ends) resolve to the earlier instant and
// non-existent ones (the skipped hour) use the offset before the change: Python's fold = 0.
import { AppError } from '../errors';
import { type EpochMicros, type WallClock, MICROS_PER_SECOND, utcWall, wallAsUtc } from './instant';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

export function assertTimeZone(zone: string): void {
  if (!isValidTimeZone(zone)) throw new AppError('SETTINGS', `TIME_ZONE: "${zone}" is not an IANA time zone name (e.g. UTC, America/Chicago)`);
}

const isUtc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT';

/** The wall clock in `zone` at an instant. */
export function zonedWall(us: EpochMicros, zone: string): WallClock {
  if (isUtc(zone)) return utcWall(us);
  const seconds = Math.floor(us / MICROS_PER_SECOND);
  const parts = formatterFor(zone).formatToParts(new Date(seconds * 1000));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
    micro: us - seconds * MICROS_PER_SECOND,
  };
}

/** Offset of `zone` from UTC at an instant, in microseconds (local = utc + offset). */
export function zoneOffset(us: EpochMicros, zone: string): number {
  const w = zonedWall(us, zone);
  return wallAsUtc({ ...w, micro: 0 }) - (us - w.micro);
}

/** The instant of a wall clock in `zone` (fold = 0). */
export function zonedWallToInstant(w: WallClock, zone: string): EpochMicros {
  if (isUtc(zone)) return wallAsUtc(w);
  const asUtc = wallAsUtc(w);
  // Candidate offsets: those in force a day before and a day after cover any single transition.
  const before = zoneOffset(asUtc - 86_400 * MICROS_PER_SECOND, zone);
  const after = zoneOffset(asUtc + 86_400 * MICROS_PER_SECOND, zone);
  const candidates = [...new Set([before, after])]
    .map((off) => asUtc - off)
    .filter((inst) => {
      const back = zonedWall(inst, zone);
      return wallAsUtc(back) === asUtc;
    });
  if (candidates.length > 0) return Math.min(...candidates); // fold = 0: the earlier one
  // The wall clock does not exist (skipped by DST): read it with the offset before the change.
  return asUtc - before;
}

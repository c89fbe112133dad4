import { describe, expect, it } from 'vitest';
import { formatInstant, formatNaive, parseInstant, utcWall } from '../../src-main/core/time/instant';
import { zonedWall, zonedWallToInstant } from '../../src-main/core/time/zoned';

describe('instants', () => {
  it('parses ISO 8601 with offsets and microseconds', () => {
    expect(formatInstant(parseInstant('2024-07-02T00:10:00.123456Z'))).toBe('2024-07-02T00:10:00.123456Z');
    expect(formatInstant(parseInstant('2024-07-02T02:10:00+02:00'))).toBe('2024-07-02T00:10:00Z');
    expect(formatInstant(parseInstant('2024-07-02 00:10:00.5'))).toBe('2024-07-02T00:10:00.500000Z');
    expect(() => parseInstant('2024-02-30T00:00:00Z')).toThrow(/ISO 8601/);
    expect(() => parseInstant('yesterday')).toThrow(/ISO 8601/);
  });

  it("formats naive datetimes like Python's str(datetime)", () => {
    expect(formatNaive(utcWall(parseInstant('2024-07-02T00:10:00Z')))).toBe('2024-07-02 00:10:00');
    expect(formatNaive(utcWall(parseInstant('2024-07-02T00:10:00.000001Z')))).toBe('2024-07-02 00:10:00.000001');
  });
});

describe('zoned wall clocks (fold = 0)', () => {
  const zone = 'America/Chicago';
  it('maps the repeated hour to its first occurrence and the skipped hour forward', () => {
    const wall = (h: number, mi: number, d = 3, m = 11) => ({ year: 2024, month: m, day: d, hour: h, minute: mi, second: 0, micro: 0 });
    expect(formatInstant(zonedWallToInstant(wall(1, 30), zone))).toBe('2024-11-03T06:30:00Z');
    expect(formatInstant(zonedWallToInstant(wall(2, 30, 10, 3), zone))).toBe('2024-03-10T08:30:00Z');
    expect(zonedWall(parseInstant('2024-11-03T07:30:00Z'), zone)).toMatchObject({ hour: 1, minute: 30 });
  });
});

import { describe, expect, it } from 'vitest';
import { DATE_PRESETS, previousPeriod, resolveDateRange, todayIn } from '../../src-main/core/reports/dates';
import { sqliteDialect, postgresDialect } from '../../src-main/core/db/dialect';
import { parseInstant } from '../../src-main/core/time/instant';
import { AppError } from '../../src-main/core/errors';

const r = (spec: string, today: string, earliest?: string) => resolveDateRange(spec, { today, earliest });

describe('date ranges', () => {
  it('resolves every preset on a fixed today (2026-03-15), both ends inclusive', () => {
    const t = '2026-03-15';
    expect(r('last-7-days', t)).toEqual({ start: '2026-03-09', end: '2026-03-15', partial: true, preset: 'last-7-days' });
    expect(r('last-30-days', t)).toEqual({ start: '2026-02-14', end: '2026-03-15', partial: true, preset: 'last-30-days' });
    expect(r('this-month', t)).toEqual({ start: '2026-03-01', end: '2026-03-15', partial: true, preset: 'this-month' });
    expect(r('last-month', t)).toEqual({ start: '2026-02-01', end: '2026-02-28', partial: false, preset: 'last-month' });
    expect(r('last-3-months', t)).toEqual({ start: '2025-12-01', end: '2026-02-28', partial: false, preset: 'last-3-months' });
    expect(r('last-6-months', t)).toEqual({ start: '2025-09-01', end: '2026-02-28', partial: false, preset: 'last-6-months' });
    expect(r('this-year', t)).toEqual({ start: '2026-01-01', end: '2026-03-15', partial: true, preset: 'this-year' });
    expect(r('last-year', t)).toEqual({ start: '2025-01-01', end: '2025-12-31', partial: false, preset: 'last-year' });
    expect(r('all-time', t, '2024-06-30')).toEqual({ start: '2024-06-30', end: '2026-03-15', partial: true, preset: 'all-time' });
    expect(DATE_PRESETS).toHaveLength(9);
  });

  it('crosses year boundaries and leap days', () => {
    expect(r('last-month', '2026-01-10')).toMatchObject({ start: '2025-12-01', end: '2025-12-31' });
    expect(r('last-3-months', '2026-01-10')).toMatchObject({ start: '2025-10-01', end: '2025-12-31' });
    expect(r('last-6-months', '2026-02-01')).toMatchObject({ start: '2025-08-01', end: '2026-01-31' });
    expect(r('last-month', '2024-03-05')).toMatchObject({ start: '2024-02-01', end: '2024-02-29' });
    expect(r('last-30-days', '2024-03-01')).toMatchObject({ start: '2024-02-01', end: '2024-03-01' }); // Feb 2024 has 29 days
    expect(r('this-month', '2026-03-01')).toMatchObject({ start: '2026-03-01', end: '2026-03-01', partial: true });
  });

  it('all-time starts today when there are no summaries, and never after today', () => {
    expect(r('all-time', '2026-03-15')).toMatchObject({ start: '2026-03-15', end: '2026-03-15' });
    expect(r('all-time', '2026-03-15', '2026-04-01')).toMatchObject({ start: '2026-03-15' });
  });

  it('accepts custom ranges; partial only when they reach today', () => {
    expect(r('2026-01-05..2026-02-10', '2026-03-15')).toEqual({ start: '2026-01-05', end: '2026-02-10', partial: false });
    expect(r(' 2026-03-01..2026-03-15 ', '2026-03-15')).toEqual({ start: '2026-03-01', end: '2026-03-15', partial: true });
    expect(r('2026-03-10..2026-03-10', '2026-03-15')).toEqual({ start: '2026-03-10', end: '2026-03-10', partial: false });
  });

  it('rejects invalid input with an error naming the accepted forms', () => {
    for (const bad of [
      '',
      'yesterday',
      '2026-02-30..2026-03-01',
      '2026-03-01..2026-13-01',
      '2026-03-05..2026-03-01',
      '2026-03-01',
      '2026-3-1..2026-3-5',
      '2026-03-01..2026-03-05..2026-03-06',
      'LAST-7-DAYS',
    ]) {
      let err: unknown;
      try {
        r(bad, '2026-03-15');
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INVALID_INPUT');
      expect((err as AppError).message).toMatch(/YYYY-MM-DD/);
    }
    expect(() => r('2026-03-05..2026-03-01', '2026-03-15')).toThrow(/ends before it starts/);
    expect(() => r('nonsense', '2026-03-15')).toThrow(/last-7-days, last-30-days/);
  });

  it('gives the previous period of equal length', () => {
    expect(previousPeriod({ start: '2026-02-14', end: '2026-03-15' })).toEqual({ start: '2026-01-15', end: '2026-02-13', partial: false });
    expect(previousPeriod({ start: '2026-03-01', end: '2026-03-01' })).toEqual({ start: '2026-02-28', end: '2026-02-28', partial: false });
    expect(previousPeriod({ start: '2024-03-01', end: '2024-03-31' })).toEqual({ start: '2024-01-30', end: '2024-02-29', partial: false });
  });

  it('takes today in the bucket zone', () => {
    const now = parseInstant('2026-03-15T03:00:00Z');
    expect(todayIn(sqliteDialect({ useTz: true, timeZone: 'UTC' }), now)).toBe('2026-03-15');
    expect(todayIn(sqliteDialect({ useTz: false, timeZone: 'America/Chicago' }), now)).toBe('2026-03-14');
    expect(todayIn(postgresDialect({ useTz: false, timeZone: 'Asia/Tokyo' }), parseInstant('2026-03-15T16:00:00Z'))).toBe('2026-03-16');
    // With USE_TZ = true the buckets are UTC whatever TIME_ZONE says.
    expect(todayIn(postgresDialect({ useTz: true, timeZone: 'Asia/Tokyo' }), parseInstant('2026-03-15T16:00:00Z'))).toBe('2026-03-15');
  });
});

describe('date range limits', () => {
  const t = '2026-03-15';
  const refusal = (spec: string) => {
    try {
      r(spec, t);
    } catch (e) {
      return e instanceof AppError ? `${e.code}: ${e.message}` : String(e);
    }
    return 'accepted';
  };

  it('accepts 1900-01-01 .. 9998-12-31 and a century at most', () => {
    expect(r('1900-01-01..1999-12-31', t)).toMatchObject({ start: '1900-01-01', end: '1999-12-31', partial: false });
    expect(r('9998-12-01..9998-12-31', t)).toMatchObject({ start: '9998-12-01', end: '9998-12-31', partial: true });
    expect(refusal('9999-12-01..9999-12-31')).toBe('INVALID_INPUT: range start 9999-12-01 is outside the dates reports cover (1900-01-01 .. 9998-12-31)');
    expect(refusal('1899-12-31..1900-01-02')).toContain('range start 1899-12-31 is outside');
    expect(r('1900-01-01..2000-01-01', t)).toMatchObject({ start: '1900-01-01' });
    expect(refusal('1900-01-01..2000-01-02')).toBe(
      'INVALID_INPUT: date range "1900-01-01..2000-01-02" spans 36526 days: a range covers at most 36525 days (100 years)',
    );
    expect(refusal('1000-01-01..1000-01-02')).toContain('range start 1000-01-01 is outside the dates');
  });

  it('all-time leaves out summaries dated before 1900 instead of refusing', () => {
    expect(r('all-time', t, '1850-01-01')).toMatchObject({ start: '1900-01-01', end: t });
  });
});

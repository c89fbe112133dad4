// The one duration formatting (src-shared/duration.ts) that the app, the command line and the export
// files use, with its edge cases; and the Users drill-down's default sort, declared once.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationWords } from '../../src-shared/duration';
import { defaultUsersOrder, defaultUsersSort } from '../../src-shared/users-sort';
import { cellText } from '../../src-main/core/export/cells';
import { figureText } from '../../src-main/core/reports/overview-figures';
import { formatMetric, formatSpan } from '../../src-renderer/src/format';

describe('formatDuration (h:mm:ss)', () => {
  it('writes zero, seconds, minutes and hours, hours not capped at 24', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(45)).toBe('0:00:45');
    expect(formatDuration(65)).toBe('0:01:05');
    expect(formatDuration(3 * 3600 + 5 * 60 + 7)).toBe('3:05:07');
    expect(formatDuration(86_400)).toBe('24:00:00');
    expect(formatDuration(2 * 86_400 + 3600)).toBe('49:00:00');
  });

  it('rounds to whole seconds first, halves away from zero, so the sign never changes the digits', () => {
    expect(formatDuration(59.5)).toBe('0:01:00');
    expect(formatDuration(0.4)).toBe('0:00:00');
    expect(formatDuration(1.5)).toBe('0:00:02');
    expect(formatDuration(-1.5)).toBe('-0:00:02');
  });

  it('keeps the sign of a negative duration, but not of one that rounds to zero', () => {
    expect(formatDuration(-65)).toBe('-0:01:05');
    expect(formatDuration(-3 * 3600)).toBe('-3:00:00');
    expect(formatDuration(-0.4)).toBe('0:00:00');
    expect(formatDuration(-0)).toBe('0:00:00');
  });

  it('gives the caller’s empty text for no value: null, undefined, NaN, infinities', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(formatDuration(v)).toBe('');
      expect(formatDuration(v, '—')).toBe('—');
    }
  });

  it('is what the exports, the Overview figures and the Users view write', () => {
    expect(cellText('duration', 3725)).toBe('1:02:05');
    expect(cellText('duration', -3725)).toBe('-1:02:05');
    expect(cellText('duration', 'not a number')).toBe('');
    expect(figureText('seconds', 90_000)).toBe('25:00:00');
    expect(formatMetric('time_on_site_seconds', 3725)).toBe('1:02:05');
    expect(formatMetric('time_on_site_seconds', -65)).toBe('-0:01:05');
    expect(formatMetric('time_on_site_seconds', null)).toBe('—');
  });
});

describe('formatDurationWords (at a glance)', () => {
  it('writes the unit that matters', () => {
    expect(formatDurationWords(0)).toBe('0 s');
    expect(formatDurationWords(45)).toBe('45 s');
    expect(formatDurationWords(12 * 60 + 10)).toBe('12 min');
    expect(formatDurationWords(3 * 3600 + 5 * 60)).toBe('3 h 05 min');
    expect(formatDurationWords(47 * 3600)).toBe('47 h 00 min');
    expect(formatDurationWords(2 * 86_400 + 4 * 3600 + 10)).toBe('2 d 4 h');
  });

  it('never shows a full unit below the next one after rounding', () => {
    expect(formatDurationWords(59.6)).toBe('1 min');
    expect(formatDurationWords(3590)).toBe('1 h 00 min');
    expect(formatDurationWords(2 * 3600 - 10)).toBe('2 h 00 min');
    expect(formatDurationWords(48 * 3600 - 10)).toBe('48 h 00 min');
    expect(formatDurationWords(3 * 86_400 - 60)).toBe('3 d 0 h');
  });

  it('keeps a negative sign and has the same empty cases', () => {
    expect(formatDurationWords(-45)).toBe('-45 s');
    expect(formatDurationWords(-0.4)).toBe('0 s');
    expect(formatDurationWords(Number.NaN)).toBe('');
    expect(formatSpan(null)).toBe('—');
    expect(formatSpan(-600)).toBe('-10 min');
  });
});

describe('the Users drill-down’s default sort', () => {
  it('keeps the segments in their configured order and sorts organizations and users by name', () => {
    expect(defaultUsersSort('segments')).toBeNull();
    expect(defaultUsersSort('groups')).toBe('name');
    expect(defaultUsersSort('users')).toBe('name');
  });

  it('sorts names A to Z and counters largest first', () => {
    expect(defaultUsersOrder(null)).toBe('asc');
    expect(defaultUsersOrder('name')).toBe('asc');
    expect(defaultUsersOrder('num_questions')).toBe('desc');
    expect(defaultUsersOrder('time_on_site_seconds')).toBe('desc');
  });
});

// How the Overview's figures are written as text on the command line and in exports.
import { describe, expect, it } from 'vitest';
import { OVERVIEW_FIGURE_INFO, changePctText, changeText, figureText } from '../../src-main/core/reports/overview-figures';
import { OVERVIEW_FIGURES } from '../../src-main/core/types/reports';

describe('Overview figure text', () => {
  it('names every figure, in the report order', () => {
    expect(Object.keys(OVERVIEW_FIGURE_INFO)).toEqual([...OVERVIEW_FIGURES]);
    expect(new Set(Object.values(OVERVIEW_FIGURE_INFO).map((x) => x.label)).size).toBe(OVERVIEW_FIGURES.length);
  });

  it('writes counts, averages, shares and durations; a missing value is a dash', () => {
    expect(figureText('count', 12)).toBe('12');
    expect(figureText('average', 12.345)).toBe('12.3');
    expect(figureText('share', 0.5)).toBe('50.0%');
    expect(figureText('share', 1 / 3)).toBe('33.3%');
    expect(figureText('seconds', 3725.4)).toBe('1:02:05');
    expect(figureText('seconds', 90_000)).toBe('25:00:00');
    expect(figureText('count', null)).toBe('–');
  });

  it('signs changes, shares in percentage points', () => {
    expect(changeText('count', 3)).toBe('+3');
    expect(changeText('count', -3)).toBe('-3');
    expect(changeText('count', 0)).toBe('±0');
    expect(changeText('share', -0.125)).toBe('-12.5 pt');
    expect(changeText('seconds', -65)).toBe('-0:01:05');
    expect(changeText('average', null)).toBe('–');
    expect(changePctText(12.5)).toBe('+12.5%');
    expect(changePctText(-4)).toBe('-4.0%');
    expect(changePctText(null)).toBe('–');
  });
});

import { describe, expect, it } from 'vitest';
import type { OverviewReportData, RetentionReportData } from '../../src-preload/contract';
import { addMonths, heatMix, heatStyle } from '../../src-renderer/src/heat';
import { formatChange, formatChangePct, formatFigure, formatMonth, formatSpan } from '../../src-renderer/src/format';
import { DEFAULT_NAV } from '../../src-renderer/src/stores/navigation';
import { createHealthStore, questionsRequest, segmentDatesRequest } from '../../src-renderer/src/stores/overview';
import { createStaffStore } from '../../src-renderer/src/stores/staff';
import { fail, fakeApi, ok } from './stores-fake-api';

const RANGE = { start: '2026-01-01', end: '2026-01-31', partial: false };

function overview(segment: string): OverviewReportData {
  return {
    segment,
    name: segment,
    range: RANGE,
    previous_range: { start: '2025-12-01', end: '2025-12-31', partial: false },
    excludeStaff: false,
    zone: 'UTC',
    figures: {} as OverviewReportData['figures'],
    granularity: 'day',
    points: [],
    top: { askers: [], answerers: [], viewed: [] },
  };
}

const retention: RetentionReportData = {
  segment: 'all-users',
  name: 'All Users',
  range: RANGE,
  excludeStaff: true,
  zone: 'UTC',
  current_month: '2026-02',
  months: 2,
  cohorts: [{ month: '2026-01', size: 4, active: [4, 1], share: [1, 0.25] }],
  average: [1, 0.25],
};

describe('health store (Overview, Retention, questions)', () => {
  it('asks for the view’s segment and dates; an empty segment is all users', async () => {
    expect(segmentDatesRequest({ segment: ' ', dates: 'last-month' })).toEqual({ segment: 'all-users', dates: 'last-month' });
    expect(questionsRequest({ segment: 'group:2', dates: '2026-01-01..2026-01-31', which: 'answered-24h', page: 2 })).toEqual({
      segment: 'group:2',
      dates: '2026-01-01..2026-01-31',
      which: 'answered-24h',
      page: 2,
    });
    const f = fakeApi({ 'report/retention': () => ok(retention) });
    const store = createHealthStore(f.api);
    await store.getState().loadRetention(DEFAULT_NAV.retention);
    expect(f.callsOf('report/retention')).toEqual([{ segment: 'all-users', dates: 'last-6-months' }]);
    expect(store.getState().retention).toMatchObject({ data: retention, loading: false, error: null });
  });

  it('keeps only the newest Overview when an older answer arrives late', async () => {
    const pending: Array<() => void> = [];
    const f = fakeApi({ 'report/overview': (r) => new Promise((resolve) => pending.push(() => resolve(ok(overview(r.segment ?? '?'))))) });
    const store = createHealthStore(f.api);
    const first = store.getState().loadOverview({ segment: 'group:1', dates: 'last-30-days' });
    const second = store.getState().loadOverview({ segment: 'group:2', dates: 'last-30-days' });
    expect(store.getState().overview.loading).toBe(true);
    pending[1]!();
    await second;
    pending[0]!();
    await first;
    expect(store.getState().overview.data?.segment).toBe('group:2');
    expect(store.getState().overview.loading).toBe(false);
  });

  it('shows an error, keeps the last report, and says a cancelled report stopped (not an error)', async () => {
    let answer = ok(overview('all-users')) as ReturnType<typeof fail> | ReturnType<typeof ok<OverviewReportData>>;
    const f = fakeApi({ 'report/overview': () => answer });
    const store = createHealthStore(f.api);
    await store.getState().loadOverview(DEFAULT_NAV.overview);
    answer = fail('INVALID_INPUT', 'user 99 does not exist');
    await store.getState().loadOverview({ segment: 'user:99', dates: 'last-30-days' });
    expect(store.getState().overview).toMatchObject({ error: 'user 99 does not exist', stopped: null, loading: false });
    expect(store.getState().overview.data?.segment).toBe('all-users');
    store.getState().dismissError('overview');
    expect(store.getState().overview.error).toBeNull();
    answer = fail('CANCELLED', 'The report was cancelled.');
    await store.getState().loadOverview(DEFAULT_NAV.overview);
    expect(store.getState().overview).toMatchObject({ error: null, stopped: 'The report was cancelled.' });
  });

  it('drops answers of the previous database after a reset', async () => {
    let resolve: (() => void) | undefined;
    const f = fakeApi({ 'report/retention': () => new Promise((r) => (resolve = () => r(ok(retention)))) });
    const store = createHealthStore(f.api);
    const loading = store.getState().loadRetention(DEFAULT_NAV.retention);
    store.getState().reset();
    resolve!();
    await loading;
    expect(store.getState().retention.data).toBeNull();
  });
});

describe('staff store ("Leave staff out")', () => {
  it('reads the switch from report/options and sets it through settings/setExcludeStaff, counting changes', async () => {
    let saved = false;
    const f = fakeApi({
      'report/options': () => ok({ presets: [], activitySegments: [], today: '2026-01-31', segments: [], organizations: [], excludeStaff: saved }),
      'settings/setExcludeStaff': (r) => ok({ excludeStaff: (saved = r.excludeStaff) }),
    });
    const store = createStaffStore(f.api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ excludeStaff: false, changes: 0 });
    const setting = store.getState().set(true);
    // The switch moves at once, while main saves it.
    expect(store.getState()).toMatchObject({ excludeStaff: true, saving: true });
    await setting;
    expect(store.getState()).toMatchObject({ excludeStaff: true, saving: false, changes: 1 });
    expect(f.callsOf('settings/setExcludeStaff')).toEqual([{ excludeStaff: true }]);
    // Another window of the same connection reads the remembered value.
    const other = createStaffStore(f.api);
    await other.getState().load();
    expect(other.getState().excludeStaff).toBe(true);
  });

  it('moves the switch back when main refuses, and says why', async () => {
    const f = fakeApi({
      'report/options': () => ok({ presets: [], activitySegments: [], today: '2026-01-31', segments: [], organizations: [], excludeStaff: false }),
      'settings/setExcludeStaff': () => fail('NOT_CONNECTED', 'no database is open'),
    });
    const store = createStaffStore(f.api);
    await store.getState().load();
    await store.getState().set(true);
    expect(store.getState()).toMatchObject({ excludeStaff: false, changes: 0, saving: false });
    expect(store.getState().error).toContain('no database is open');
  });

  it('a read still on its way does not undo the switch', async () => {
    let answerOptions: (() => void) | undefined;
    const f = fakeApi({
      'report/options': () =>
        new Promise(
          (r) =>
            (answerOptions = () => r(ok({ presets: [], activitySegments: [], today: '2026-01-31', segments: [], organizations: [], excludeStaff: false }))),
        ),
      'settings/setExcludeStaff': (r) => ok({ excludeStaff: r.excludeStaff }),
    });
    const store = createStaffStore(f.api);
    const loading = store.getState().load();
    await store.getState().set(true);
    answerOptions!();
    await loading;
    expect(store.getState().excludeStaff).toBe(true);
  });
});

describe('figure formatting', () => {
  it('writes counts, averages, shares and durations, and their changes', () => {
    expect(formatFigure('count', 1234)).toBe('1,234');
    expect(formatFigure('average', 26.14)).toBe('26.1');
    expect(formatFigure('share', 0.1234)).toBe('12.3%');
    expect(formatFigure('share', null)).toBe('—');
    expect(formatSpan(45)).toBe('45 s');
    expect(formatSpan(12 * 60 + 10)).toBe('12 min');
    expect(formatSpan(3 * 3600 + 5 * 60)).toBe('3 h 05 min');
    expect(formatSpan(2 * 86_400 + 4 * 3600 + 10)).toBe('2 d 4 h');
    expect(formatChange('count', 35)).toBe('+35');
    expect(formatChange('count', -3)).toBe('−3');
    expect(formatChange('count', 0)).toBe('±0');
    // Shares change in percentage points.
    expect(formatChange('share', 0.042)).toBe('+4.2 pts');
    expect(formatChange('duration', -600)).toBe('−10 min');
    expect(formatChange('count', null)).toBeNull();
    expect(formatChangePct(18.66)).toBe('+18.7%');
    expect(formatChangePct(-15.4)).toBe('−15.4%');
    expect(formatChangePct(null)).toBeNull();
    expect(formatMonth('2026-08')).toBe('Aug 2026');
  });
});

describe('retention heat map', () => {
  it('counts months across years and shades by share, clamped, with readable text on strong cells', () => {
    expect(addMonths('2025-11', 0)).toBe('2025-11');
    expect(addMonths('2025-11', 2)).toBe('2026-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2024-02', 24)).toBe('2026-02');
    expect(heatMix(0)).toBe(8);
    expect(heatMix(1)).toBe(92);
    expect(heatMix(0.5)).toBe(50);
    expect(heatMix(1.7)).toBe(92);
    expect(heatMix(-0.2)).toBe(8);
    expect(heatStyle(0.25)).toEqual({ background: 'color-mix(in srgb, var(--heat) 29%, var(--panel))', color: 'var(--text)' });
    expect(heatStyle(0.9).color).toBe('var(--heat-text)');
  });
});

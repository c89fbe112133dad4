// report/*: the Users drill-down, the Activity log, series for charts, and the choices the pickers offer.
import { ACTIVITY_SEGMENTS, DATE_PRESETS, reportActivity, reportSeries, reportUsers, todayIn } from '../core/reports';
import { topLevelSets } from '../core/reports/segments';
import type { DomainHandlers } from './registry';

const nowMicros = () => Date.now() * 1000;

export const reportHandlers: DomainHandlers<'report/options' | 'report/users' | 'report/activity' | 'report/series'> = {
  'report/options': async (_req, { state }) => {
    state.requireUser();
    const db = state.requireDb();
    return {
      presets: [...DATE_PRESETS],
      activitySegments: Object.entries(ACTIVITY_SEGMENTS).map(([key, s]) => ({ key, label: s.label })),
      today: todayIn(db.dialect, nowMicros()),
      segments: topLevelSets(state.settings).map((s) => ({ key: s.key, name: s.name })),
    };
  },
  'report/users': async (req, { state }) => {
    state.requireUser();
    return reportUsers(state.requireDb(), state.settings, { ...req, now: nowMicros() });
  },
  'report/activity': async (req, { state }) => {
    state.requireUser();
    return reportActivity(state.requireDb(), state.settings, { ...req, now: nowMicros() });
  },
  'report/series': async (req, { state }) => {
    state.requireUser();
    return reportSeries(state.requireDb(), state.settings, { ...req, now: nowMicros() });
  },
};

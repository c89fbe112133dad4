// report/*: the Users drill-down, the Activity log, series for charts, and the choices the pickers offer.
// Reports run through the state's ReportGuard: on PostgreSQL read-only, time-limited and cancellable.
import { sql } from '../core/db/sql';
import type { Db } from '../core/db/types';
import {
  ACTIVITY_SEGMENTS,
  DATE_PRESETS,
  reportActivity,
  reportOverview,
  reportQuestions,
  reportRetention,
  reportSeries,
  reportUsers,
  todayIn,
} from '../core/reports';
import { organizationsSql, topLevelSets } from '../core/reports/segments';
import type { AppState } from './state';
import type { DomainHandlers } from './registry';

const nowMicros = () => Date.now() * 1000;

/** Runs a report for the signed-in user on the open database, guarded. */
function guarded<T>(state: AppState, report: (db: Db) => Promise<T>): Promise<T> {
  state.requireUser();
  return state.reports.run(state.requireDb(), state.settings.REPORT_TIMEOUT_SECONDS, report);
}

export const reportHandlers: DomainHandlers<
  'report/options' | 'report/users' | 'report/activity' | 'report/series' | 'report/overview' | 'report/retention' | 'report/questions' | 'report/cancel'
> = {
  'report/options': async (_req, { state }) => {
    state.requireUser();
    const db = state.requireDb();
    const orgs = await state.reports.run(db, state.settings.REPORT_TIMEOUT_SECONDS, (tx) =>
      tx.all<{ id: unknown; name: unknown }>(
        sql`SELECT o.id AS id, o.name AS name FROM (${organizationsSql(state.settings, db.dialect)}) o ORDER BY lower(o.name), o.id`,
      ),
    );
    return {
      presets: [...DATE_PRESETS],
      activitySegments: Object.entries(ACTIVITY_SEGMENTS).map(([key, s]) => ({ key, label: s.label })),
      today: todayIn(db.dialect, nowMicros()),
      segments: topLevelSets(state.settings).map((s) => ({ key: s.key, name: s.name })),
      organizations: orgs.map((o) => ({ key: `group:${Number(o.id)}`, name: String(o.name) })),
      excludeStaff: state.settings.EXCLUDE_STAFF,
    };
  },
  'report/users': async (req, { state }) => guarded(state, (db) => reportUsers(db, state.settings, { ...req, now: nowMicros() })),
  'report/activity': async (req, { state }) => guarded(state, (db) => reportActivity(db, state.settings, { ...req, now: nowMicros() })),
  'report/series': async (req, { state }) => guarded(state, (db) => reportSeries(db, state.settings, { ...req, now: nowMicros() })),
  'report/overview': async (req, { state }) => guarded(state, (db) => reportOverview(db, state.settings, { ...req, now: nowMicros() })),
  'report/retention': async (req, { state }) => guarded(state, (db) => reportRetention(db, state.settings, { ...req, now: nowMicros() })),
  'report/questions': async (req, { state }) => guarded(state, (db) => reportQuestions(db, state.settings, { ...req, now: nowMicros() })),
  'report/cancel': async (_req, { state }) => ({ cancelled: await state.reports.cancelAll() }),
};

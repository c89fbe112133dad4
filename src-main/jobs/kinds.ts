// The jobs a worker thread can run: the app's one-click actions.
import { compileAnalytics } from '../core/compile';
import { exportActivity, exportAll, exportOverview, exportRetention, exportUsers } from '../core/export';
import { createEmailDomainGroups } from '../core/groups';
import { seedDemo, seedEventsFromForum } from '../core/seed';
import type { JobFunction } from './serve';

const nowMicros = () => Date.now() * 1000;

/** Jobs that only read the database (their SQLite file is opened read-only). */
export const READING_JOB_KINDS: ReadonlySet<string> = new Set(['export']);

export const JOB_KINDS: Record<string, JobFunction> = {
  compile: (db, settings, params, t) => {
    const p = params as { rebuild?: boolean; from?: string };
    return compileAnalytics(db, { now: nowMicros(), settings, rebuild: p.rebuild, from: p.from, ...t });
  },
  export: (db, settings, params, t) => {
    const p = params as { what: 'users' | 'activity' | 'all' | 'overview' | 'retention'; format: 'csv' | 'xlsx' | 'html'; out: string; filters: Record<string, string | undefined> };
    // The save dialog already asked about replacing an existing file.
    const common = { out: p.out, overwrite: true, ...t };
    if (p.what === 'users') return exportUsers(db, settings, { ...p.filters, format: p.format, ...common });
    if (p.what === 'activity') return exportActivity(db, settings, { ...p.filters, format: p.format, ...common });
    if (p.what === 'overview') return exportOverview(db, settings, { segment: p.filters.segment, dates: p.filters.dates, format: p.format, ...common });
    if (p.what === 'retention') return exportRetention(db, settings, { segment: p.filters.segment, dates: p.filters.dates, format: p.format, ...common });
    return exportAll(db, settings, { dates: p.filters.dates, format: p.format === 'csv' ? 'xlsx' : p.format, ...common });
  },
  createGroups: (db, settings, _params, t) => createEmailDomainGroups(db, settings, { now: nowMicros(), ...t }),
  seedEvents: (db, settings, _params, t) => seedEventsFromForum(db, settings, t),
  seedDemo: async (db, settings, params, t) => {
    // The demo opens with real numbers: the forum is seeded, then compiled.
    const p = params as { users: number; days: number; seed: number };
    const now = nowMicros();
    const demo = await seedDemo(db, { ...p, now, sessionTimeoutMinutes: settings.ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES, ...t });
    const compiled = await compileAnalytics(db, { now, settings, ...t });
    return { ...demo, compiled };
  },
};

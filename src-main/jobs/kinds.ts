// The jobs a worker thread can run: the app's one-click actions and the exports, each with the
// contract's schema of its params (JOB_PARAMS), so every function gets them typed.
import { JOB_PARAMS, type JobKinds } from '../../src-preload/contract';
import { compileAnalytics } from '../core/compile';
import { exportActivity, exportAll, exportOverview, exportRetention, exportUsers } from '../core/export';
import { createEmailDomainGroups } from '../core/groups';
import { seedDemo, seedEventsFromForum } from '../core/seed';
import type { JobDefinitions } from './serve';

const nowMicros = () => Date.now() * 1000;

/** The kinds a worker runs: every job kind but exportPdf, which runs in main (its print needs the app). */
export type WorkerKinds = Omit<JobKinds, 'exportPdf'>;

export const JOB_KINDS: JobDefinitions<WorkerKinds> = {
  compile: {
    params: JOB_PARAMS.compile,
    run: (db, settings, p, t) => compileAnalytics(db, { now: nowMicros(), rebuild: p.rebuild, from: p.from, ...t }),
  },
  export: {
    params: JOB_PARAMS.export,
    reads: true,
    run: (db, settings, p, t) => {
      // The save dialog already asked about replacing an existing file.
      const common = { out: p.out, overwrite: true, ...t };
      const f = p.filters;
      if (p.what === 'users') return exportUsers(db, settings, { ...f, format: p.format, ...common });
      if (p.what === 'activity') return exportActivity(db, settings, { ...f, format: p.format, ...common });
      if (p.what === 'overview') return exportOverview(db, settings, { segment: f.segment, dates: f.dates, format: p.format, ...common });
      if (p.what === 'retention') return exportRetention(db, settings, { segment: f.segment, dates: f.dates, format: p.format, ...common });
      return exportAll(db, settings, { dates: f.dates, format: p.format === 'csv' ? 'xlsx' : p.format, ...common });
    },
  },
  createGroups: {
    params: JOB_PARAMS.createGroups,
    run: (db, settings, _p, t) => createEmailDomainGroups(db, settings, { now: nowMicros(), ...t }),
  },
  seedEvents: {
    params: JOB_PARAMS.seedEvents,
    run: (db, settings, _p, t) => seedEventsFromForum(db, settings, t),
  },
  seedDemo: {
    params: JOB_PARAMS.seedDemo,
    run: async (db, settings, p, t) => {
      // The demo opens with real numbers: the forum is seeded, then compiled.
      const now = nowMicros();
      const demo = await seedDemo(db, { ...p, now, sessionTimeoutMinutes: settings.ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES, ...t });
      const compiled = await compileAnalytics(db, { now, ...t });
      return { ...demo, compiled };
    },
  },
};

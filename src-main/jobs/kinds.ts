// The jobs a worker thread can run: the app's one-click actions.
import { compileAnalytics } from '../core/compile';
import { createEmailDomainGroups } from '../core/groups';
import { seedDemo, seedEventsFromForum } from '../core/seed';
import type { JobFunction } from './serve';

const nowMicros = () => Date.now() * 1000;

export const JOB_KINDS: Record<string, JobFunction> = {
  compile: (db, settings, params, t) => {
    const p = params as { rebuild?: boolean; from?: string };
    return compileAnalytics(db, { now: nowMicros(), settings, rebuild: p.rebuild, from: p.from, ...t });
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

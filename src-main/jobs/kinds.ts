// The jobs a worker thread can run: the app's one-click actions.
import { createEmailDomainGroups } from '../core/groups';
import { seedDemo, seedEventsFromForum } from '../core/seed';
import type { JobFunction } from './serve';

const nowMicros = () => Date.now() * 1000;

export const JOB_KINDS: Record<string, JobFunction> = {
  createGroups: (db, settings, _params, t) => createEmailDomainGroups(db, settings, { now: nowMicros(), ...t }),
  seedEvents: (db, settings, _params, t) => seedEventsFromForum(db, settings, t),
  seedDemo: async (db, settings, params, t) => {
    const p = params as { users: number; days: number; seed: number };
    return seedDemo(db, { ...p, now: nowMicros(), sessionTimeoutMinutes: settings.ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES, ...t });
  },
};

// db/*: connecting, the demo database, status figures.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type ConnectionSpec } from '../core/db/connect';
import { initSchema } from '../core/db/init';
import { AppError } from '../core/errors';
import { DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, DEMO_DEFAULTS, DEMO_MODERATOR_PASSWORD, DEMO_MODERATOR_USERNAME } from '../core/seed';
import { getStatus } from '../core/status';
import { connectionInfo, specOf } from './profiles';
import type { AppState } from './state';
import type { DomainHandlers } from './registry';

export function demoPath(state: AppState): string {
  return join(state.config.dataDir, 'demo.sqlite');
}

const DEMO_ACCOUNTS = [
  { username: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD, role: 'administrator' },
  { username: DEMO_MODERATOR_USERNAME, password: DEMO_MODERATOR_PASSWORD, role: 'moderator' },
];

/** Creates a demo forum at `path`: schema here, then the seeder in a worker with progress events. */
async function buildDemo(state: AppState, path: string, size: { users: number; days: number; seed: number }): Promise<void> {
  const spec: ConnectionSpec = { engine: 'sqlite', path };
  const db = await openDatabase(spec, { create: true, write: true });
  try {
    await initSchema(db);
  } finally {
    await db.close();
  }
  const runner = state.jobs();
  const job = runner.start('seedDemo', spec, state.settings, size);
  const end = await runner.wait(job.jobId);
  if (end.state !== 'done') {
    // Nothing half-made stays behind: the file is removed with its WAL files.
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    throw new AppError(
      end.error?.code === 'CANCELLED' ? 'CANCELLED' : 'INTERNAL',
      `The demo database could not be created: ${end.error?.message ?? end.state}`,
    );
  }
}

export const dbHandlers: DomainHandlers<'db/connect' | 'db/createDemo' | 'db/current' | 'db/status' | 'db/disconnect' | 'dialog/openSqliteFile'> = {
  'dialog/openSqliteFile': async (_req, { state }) => (state.config.chooseOpenPath ? state.config.chooseOpenPath() : null),
  'db/connect': async (req, { state }) => {
    await state.connect(specOf(req));
    return connectionInfo(state);
  },
  'db/createDemo': async (req, { state }) => {
    const path = req.path ?? demoPath(state);
    const isDefault = req.path === undefined;
    if (!(isDefault && existsSync(path))) {
      await buildDemo(state, path, { users: req.users ?? DEMO_DEFAULTS.users, days: req.days ?? DEMO_DEFAULTS.days, seed: req.seed ?? DEMO_DEFAULTS.seed });
    }
    // The demo is a saved profile like any other, with its accounts shown on its sign-in screen.
    const existing = state.profiles.list().find((p) => p.demo && p.connection.path === path);
    const profile =
      existing ??
      state.profiles.save({ name: isDefault ? 'Demo forum' : `Demo (${path})`, connection: { engine: 'sqlite', path }, demoAccounts: DEMO_ACCOUNTS });
    await state.connect({ engine: 'sqlite', path }, { profileId: profile.id, settings: profile.settings });
    state.demoAccounts = profile.demoAccounts ?? DEMO_ACCOUNTS;
    return connectionInfo(state);
  },
  'db/current': async (_req, { state }) => (state.db ? connectionInfo(state) : null),
  'db/status': async (_req, { state }) => getStatus(state.requireDb()),
  'db/disconnect': async (_req, { state }) => {
    await state.disconnect();
    return null;
  },
};

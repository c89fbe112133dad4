// db/*: connecting, the demo database, status figures.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type ConnectionSpec } from '../core/db/connect';
import { timeSettings } from '../core/settings';
import { initSchema } from '../core/db/init';
import { getStatus } from '../core/status';
import type { ConnectionInfo } from '../../src-preload/contract';
import type { AppState } from './state';
import type { DomainHandlers } from './registry';

async function info(state: AppState): Promise<ConnectionInfo> {
  const db = state.requireDb();
  return {
    engine: db.engine,
    database: db.description,
    readOnly: db.readOnly,
    status: await getStatus(db),
    ...(state.demoAccounts ? { demoAccounts: state.demoAccounts } : {}),
  };
}

export function demoPath(state: AppState): string {
  return join(state.config.dataDir, 'demo.sqlite');
}

export const dbHandlers: DomainHandlers<'db/connect' | 'db/createDemo' | 'db/current' | 'db/status' | 'db/disconnect'> = {
  'db/connect': async (req, { state }) => {
    const spec: ConnectionSpec = req.engine === 'sqlite' ? { engine: 'sqlite', path: req.path, readOnly: req.readOnly } : { ...req };
    await state.connect(spec);
    return info(state);
  },
  'db/createDemo': async (req, { state }) => {
    const path = req.path ?? demoPath(state);
    const spec: ConnectionSpec = { engine: 'sqlite', path };
    if (req.path === undefined && existsSync(path)) {
      // The default demo is created on first run and reopened afterwards.
      await state.connect(spec);
      return info(state);
    }
    // Build the new database on its own handle; switch the app to it only once it is complete.
    const db = await openDatabase(spec, { create: true, time: timeSettings(state.settings) });
    try {
      await initSchema(db);
    } finally {
      await db.close();
    }
    await state.connect(spec);
    return info(state);
  },
  'db/current': async (_req, { state }) => (state.db ? info(state) : null),
  'db/status': async (_req, { state }) => getStatus(state.requireDb()),
  'db/disconnect': async (_req, { state }) => {
    await state.disconnect();
    return null;
  },
};

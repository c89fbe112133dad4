// What the main process holds between calls: the open database, its settings, the signed-in user.
// Electron-free: the app, the handler unit tests and the e2e bridge all build one of these.
import { AppError } from '../core/errors';
import { openDatabase, type ConnectionSpec } from '../core/db/connect';
import { requireAskbotSchema } from '../core/db/schema';
import type { Db } from '../core/db/types';
import { DEFAULT_SETTINGS, timeSettings, type AnalyticsSettings } from '../core/settings';

export interface AppConfig {
  /** The app's data folder (Electron's userData); the demo database lives here. */
  dataDir: string;
}

export class AppState {
  private current: { db: Db; spec: ConnectionSpec } | undefined;
  settings: AnalyticsSettings = DEFAULT_SETTINGS;
  demoAccounts: Array<{ username: string; password: string; role: string }> | undefined;

  constructor(readonly config: AppConfig) {}

  get db(): Db | undefined {
    return this.current?.db;
  }

  requireDb(): Db {
    if (!this.current) throw new AppError('NOT_CONNECTED', 'Not connected to a database: open one first');
    return this.current.db;
  }

  /** Opens and checks a database; the previous connection is closed only once the new one works. */
  async connect(spec: ConnectionSpec, opts: { create?: boolean; requireAskbot?: boolean } = {}): Promise<Db> {
    const db = await openDatabase(spec, { time: timeSettings(this.settings), create: opts.create });
    try {
      if (opts.requireAskbot ?? true) await requireAskbotSchema(db);
    } catch (err) {
      await db.close().catch(() => undefined);
      throw err;
    }
    await this.disconnect();
    this.current = { db, spec };
    return db;
  }

  async disconnect(): Promise<void> {
    const prev = this.current;
    this.current = undefined;
    this.demoAccounts = undefined;
    await prev?.db.close().catch(() => undefined);
  }
}

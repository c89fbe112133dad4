// What the main process holds between calls: the open database and its profile and settings, the
// signed-in user, saved profiles and the job runner. Electron-free: the app, the handler tests and the
// e2e bridge all build one of these (the app passes Electron's safeStorage as the SecretBox).
import { JOB_PARAMS, type Events, type JobKinds } from '../../src-preload/contract';
import type { StaffUser } from '../core/auth/sign-in';
import { SignInRateLimiter } from '../core/auth/sign-in';
import { openDatabase, type ConnectionSpec } from '../core/db/connect';
import { assertWritable, requireAskbotSchema } from '../core/db/schema';
import type { Db } from '../core/db/types';
import { AppError } from '../core/errors';
import { DEFAULT_SETTINGS, parseSettings, timeSettings, type AnalyticsSettings } from '../core/settings';
import type { PrintToPdf } from '../jobs/export-pdf';
import { JobRunner } from '../jobs/runner';
import { ReportGuard } from '../core/reports/guard';
import { KnownHosts } from './known-hosts';
import { NO_SECRETS, ProfileStore, type SecretBox } from './profiles-store';

export interface AppConfig {
  /** The app's data folder (Electron's userData): profiles.json and the demo database live here. */
  dataDir: string;
  /** The built job worker script (out/main/job-worker.js in the app). */
  workerFile?: string | URL;
  /**
   * The built SQLite reader script (out/main/sqlite-reader.js in the app): the app reads a SQLite file
   * on worker threads, so a report never blocks the main process. Without it, on the main thread.
   */
  readerFile?: string | URL;
  secrets?: SecretBox;
  /** Asks which SQLite file to open (the app shows a native dialog); null when cancelled. */
  chooseOpenPath?: () => Promise<string | null>;
  /** Asks where to save an export (the app shows a native dialog); null when cancelled. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
  /** Prints a self-contained HTML file to PDF (the app uses a hidden, script-less window). */
  printToPdf?: PrintToPdf;
}

export type Emit = <E extends keyof Events>(event: E, payload: Events[E]) => void;

export class AppState {
  private current: { db: Db; spec: ConnectionSpec; profileId?: string } | undefined;
  settings: AnalyticsSettings = DEFAULT_SETTINGS;
  demoAccounts: Array<{ username: string; password: string; role: string }> | undefined;
  user: StaffUser | undefined;
  readonly rateLimiter = new SignInRateLimiter();
  /** PostgreSQL reports: read-only, time-limited, cancellable (report/cancel). */
  readonly reports = new ReportGuard();
  readonly profiles: ProfileStore;
  /** SSH host keys the moderator trusted (the app's known_hosts). */
  readonly knownHosts: KnownHosts;
  private runner: JobRunner | undefined;

  constructor(
    readonly config: AppConfig,
    private readonly emit: Emit = () => undefined,
  ) {
    this.profiles = new ProfileStore(config.dataDir, config.secrets ?? NO_SECRETS);
    this.knownHosts = new KnownHosts(config.dataDir);
  }

  get db(): Db | undefined {
    return this.current?.db;
  }

  get spec(): ConnectionSpec | undefined {
    return this.current?.spec;
  }

  get profileId(): string | undefined {
    return this.current?.profileId;
  }

  requireDb(): Db {
    if (!this.current) throw new AppError('NOT_CONNECTED', 'Not connected to a database: open one first');
    return this.current.db;
  }

  /** Forum data is shown only to a signed-in administrator or moderator (DESIGN.md §10). */
  requireUser(): StaffUser {
    this.requireDb();
    if (!this.user) throw new AppError('AUTH', 'Sign in with a forum administrator or moderator account first');
    return this.user;
  }

  /** A connection for jobs: signed in, writable. */
  requireWritable(what: string): Db {
    this.requireUser();
    const db = this.requireDb();
    assertWritable(db, what);
    return db;
  }

  /**
   * Runs a short write (the tracking ID) on a connection opened to write: the app's own SQLite
   * connection only reads, so that browsing never changes a byte of the forum's file.
   */
  async withWriter<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const cur = this.current;
    if (!cur) throw new AppError('NOT_CONNECTED', 'Not connected to a database: open one first');
    if (cur.db.engine !== 'sqlite') return fn(cur.db);
    const db = await openDatabase(cur.spec, { time: timeSettings(this.settings), write: true });
    try {
      return await fn(db);
    } finally {
      await db.close().catch(() => undefined);
    }
  }

  /**
   * Opens and checks a database with the given settings; the previous connection is closed only once
   * the new one works. Signing in starts afresh on every new connection.
   */
  async connect(requested: ConnectionSpec, opts: { profileId?: string; settings?: Record<string, unknown> } = {}): Promise<Db> {
    const settings = opts.settings ? parseSettings(opts.settings) : DEFAULT_SETTINGS;
    const spec = this.withTrustedHostKey(requested);
    const db = await this.open(spec, settings);
    // The key that let the connection through is the server's: every later connection must show it too.
    if (spec.engine === 'postgres' && spec.ssh?.hostKey) this.knownHosts.remember(spec.ssh.host, spec.ssh.port, spec.ssh.hostKey);
    try {
      await requireAskbotSchema(db);
    } catch (err) {
      await db.close().catch(() => undefined);
      throw err;
    }
    await this.disconnect();
    this.current = { db, spec, profileId: opts.profileId };
    this.settings = settings;
    return db;
  }

  /** The app's connection: it only reads (jobs and withWriter write on connections of their own). */
  private open(spec: ConnectionSpec, settings: AnalyticsSettings): Promise<Db> {
    return openDatabase(spec, { time: timeSettings(settings), readerWorker: this.config.readerFile });
  }

  /** An SSH tunnel without a key just checked by the moderator uses the one trusted earlier (none: first use). */
  private withTrustedHostKey(spec: ConnectionSpec): ConnectionSpec {
    if (spec.engine !== 'postgres' || !spec.ssh || spec.ssh.hostKey) return spec;
    const hostKey = this.knownHosts.get(spec.ssh.host, spec.ssh.port);
    return hostKey ? { ...spec, ssh: { ...spec.ssh, hostKey } } : spec;
  }

  /** Applies new settings: reopens the database when the time-zone settings changed. */
  async applySettings(settings: AnalyticsSettings): Promise<void> {
    const cur = this.current;
    const timeChanged = settings.USE_TZ !== this.settings.USE_TZ || settings.TIME_ZONE !== this.settings.TIME_ZONE;
    if (cur && timeChanged) {
      const db = await this.open(cur.spec, settings);
      await cur.db.close().catch(() => undefined);
      this.current = { ...cur, db };
    }
    this.settings = settings;
  }

  async disconnect(): Promise<void> {
    const prev = this.current;
    this.current = undefined;
    this.demoAccounts = undefined;
    this.user = undefined;
    this.settings = DEFAULT_SETTINGS;
    await prev?.db.close().catch(() => undefined);
  }

  jobs(): JobRunner {
    if (!this.runner) {
      if (!this.config.workerFile) throw new AppError('INTERNAL', 'No job worker is configured');
      this.runner = new JobRunner<JobKinds>({
        workerFile: this.config.workerFile,
        params: JOB_PARAMS,
        events: { progress: (i) => this.emit('job/progress', i), finished: (i) => this.emit('job/finished', i) },
      });
    }
    return this.runner;
  }

  /** Shutdown: stop taking jobs, let the running one roll back, close the database. */
  async shutdown(): Promise<void> {
    await this.runner?.drain();
    await this.disconnect();
  }
}

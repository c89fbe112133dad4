// Opening a database from a connection spec: a SQLite path or a PostgreSQL URL/fields.
import { AppError } from '../errors';
import { DEFAULT_TIME, type TimeSettings } from './dialect';
import { openPostgres, type PostgresTarget } from './postgres';
import { openPostgresThroughSsh } from './postgres-ssh';
import type { SshOptions } from './ssh-tunnel';
import { openSqlite } from './sqlite';
import { openSqliteReader } from './sqlite-reader';
import type { Db } from './types';

export type ConnectionSpec =
  | { engine: 'sqlite'; path: string; readOnly?: boolean }
  | ({
      engine: 'postgres';
      readOnly?: boolean;
      /** Connect through an SSH tunnel (postgres-ssh.ts). */
      ssh?: SshOptions;
    } & PostgresTarget);

/** `--db` values: a `postgres://` / `postgresql://` URL, otherwise a SQLite file path. */
export function parseDbArgument(value: string): ConnectionSpec {
  const v = value.trim();
  if (!v) throw new AppError('INVALID_INPUT', 'No database given: pass --db <sqlite file | postgres URL> or set ASKBOT_ANALYTICS_DB');
  if (/^postgres(ql)?:\/\//i.test(v)) return { engine: 'postgres', url: v };
  return { engine: 'sqlite', path: v };
}

export interface OpenOptions {
  time?: TimeSettings;
  /** Create a SQLite file that does not exist yet (init / demo only). */
  create?: boolean;
  /** A job that writes will run on this connection; otherwise a SQLite file is opened for reading only. */
  write?: boolean;
  /**
   * The built SQLite reader script (the app's): a SQLite file opened for reading is then read on worker
   * threads (sqlite-reader.ts), off the calling thread. Without it (the CLI, jobs) statements run on
   * the calling thread.
   */
  readerWorker?: string | URL;
}

export async function openDatabase(spec: ConnectionSpec, opts: OpenOptions = {}): Promise<Db> {
  const time = opts.time ?? DEFAULT_TIME;
  if (spec.engine === 'sqlite') {
    if (opts.readerWorker && !opts.write && !opts.create && spec.path !== ':memory:') {
      return openSqliteReader({ path: spec.path, readOnly: spec.readOnly, time, workerFile: opts.readerWorker });
    }
    return openSqlite({ path: spec.path, readOnly: spec.readOnly, create: opts.create, write: opts.write, time });
  }
  if (spec.ssh) return openPostgresThroughSsh({ ...spec, ssh: spec.ssh, time });
  return openPostgres({ ...spec, time });
}

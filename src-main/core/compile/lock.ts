// One compile per database at a time. A second one fails at once with LOCKED, never waits.
// - PostgreSQL: a transaction-scoped advisory lock held by one pooled connection for the whole run
//   (released by commit, rollback or a dropped connection, so a crash never leaves it behind).
// - SQLite: the compile commits a batch at a time, so the database's own write lock cannot span the
//   run; an exclusive lock on a small side file (`<db>-aac-compile.lock`) does. SQLite's file locks
//   are released by the OS when the process dies and are honoured between connections of one process.
import Database from 'better-sqlite3';
import { AppError } from '../errors';
import { sql } from '../db/sql';
import type { Db } from '../db/types';

// An arbitrary, fixed key pair: ("aac1", 3) for "compile".
const PG_LOCK_KEY = [0x61616331, 3] as const;

const LOCKED_MESSAGE = (db: Db) => `Another compile is running on ${db.description}; try again when it has finished`;

export async function withCompileLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (db.engine === 'postgres') {
    return db.transaction(async (lockTx) => {
      const row = await lockTx.one<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${PG_LOCK_KEY[0]}, ${PG_LOCK_KEY[1]}) AS ok`);
      if (!row?.ok) throw new AppError('LOCKED', LOCKED_MESSAGE(db));
      return fn();
    });
  }
  if (db.description === ':memory:') return fn(); // a private database: nobody else can compile it
  let lock: Database.Database | undefined;
  try {
    lock = new Database(`${db.description}-aac-compile.lock`, { timeout: 0 });
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    lock?.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY' || /locked|busy/i.test(String((err as Error).message))) {
      throw new AppError('LOCKED', LOCKED_MESSAGE(db));
    }
    throw new AppError('INTERNAL', `Cannot take the compile lock next to ${db.description}: ${(err as Error).message}`);
  }
  try {
    return await fn();
  } finally {
    lock.close(); // ends the empty transaction and releases the file lock
  }
}

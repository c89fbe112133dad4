// Waiting for the test PostgreSQL to be in a state (a statement running, a session waiting on a lock):
// readiness polled from pg_stat_activity, never a fixed sleep.
import type { Db } from '../../src-main/core/db/types';
import { type Sql, sql } from '../../src-main/core/db/sql';

/** Resolves once some other session matches `condition` (SQL over pg_stat_activity); fails after ~5 s. */
export async function untilSessions(db: Db, condition: Sql): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const row = await db.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (${condition})`);
    if (Number(row?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  const { text, values } = condition.numbered();
  throw new Error(`no session matched: ${text} ${JSON.stringify(values)}`);
}

/** Until a statement containing `marker` is running. */
export const untilRunning = (db: Db, marker: string) => untilSessions(db, sql`state = 'active' AND query LIKE ${`%${marker}%`}`);

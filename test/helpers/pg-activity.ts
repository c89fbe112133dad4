// Waiting for the test PostgreSQL to be in a state (a statement running, a session waiting on a lock):
// readiness polled from pg_stat_activity, never a fixed sleep.
import type { Db } from '../../src-main/core/db/types';

/** Resolves once some other session matches `condition` (SQL over pg_stat_activity); fails after ~5 s. */
export async function untilSessions(db: Db, condition: string, params: unknown[] = []): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const row = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (${condition})`, params);
    if (Number(row?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no session matched: ${condition} ${JSON.stringify(params)}`);
}

/** Until a statement containing `marker` is running. */
export const untilRunning = (db: Db, marker: string) => untilSessions(db, `state = 'active' AND query LIKE $1`, [`%${marker}%`]);

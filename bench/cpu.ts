// CPU time spent on a database's behalf: this process (SQLite runs in it) plus, for a PostgreSQL server
// on this machine, the backends connected to the database (read from /proc). On a machine shared with
// other work, wall time stretches with the load while CPU time hardly does, so the compile benchmark
// prints both and its ratios from each.
import { readFileSync } from 'node:fs';
import type { Db } from '../src-main/core/db/types';
import { sql } from '../src-main/core/db/sql';

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

function processTicks(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
    // utime and stime are the 14th and 15th fields of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return null;
  }
}

const ownMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * A clock of CPU milliseconds for `db`. Backends are found again at each reading; one that ended
 * keeps its last reading. Null when a PostgreSQL server's processes are not visible here.
 */
export async function cpuClock(db: Db): Promise<(() => Promise<number>) | null> {
  if (db.engine === 'sqlite') return async () => ownMs();
  const seen = new Map<number, number>();
  const read = async () => {
    const rows = await db.all<{ pid: number }>(sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
    for (const { pid } of rows) {
      const t = processTicks(pid);
      if (t !== null) seen.set(pid, t);
    }
    let ticks = 0;
    for (const t of seen.values()) ticks += t;
    return (ticks * 1000) / TICKS_PER_SECOND + ownMs();
  };
  await read();
  return seen.size > 0 ? read : null;
}

/** Wall and CPU milliseconds of `fn` (cpuMs NaN without a clock). */
export async function measured<T>(clock: (() => Promise<number>) | null, fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = clock ? await clock() : NaN;
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const cpuMs = clock ? (await clock()) - c0 : NaN;
  return { ms, cpuMs, value };
}

// SQL building blocks shared by the compiler's steps. Instants are integer microseconds; datetime
// columns are compared in their storage form so that the indexes on them are used, and the few
// engine differences the compiler needs beyond dialect.ts (typed work tables, a max-duration probe)
// are kept here, small and documented.
import type { Db } from '../db/types';
import { MICROS_PER_HOUR } from '../time/instant';

export const HOUR = MICROS_PER_HOUR;

/** `CAST($n AS bigint)`: PostgreSQL needs the type of a parameter used in arithmetic. */
export const big = (n: number) => `CAST($${n} AS bigint)`;

/**
 * True when datetimes are stored as naive local wall clocks (SQLite, USE_TZ = false, a zone other than
 * UTC). Their text order then differs from instant order by up to the DST shift, so storage-form range
 * bounds get a margin and the exact test is made on microseconds.
 */
export function naiveLocal(db: Db): boolean {
  const t = db.dialect.time;
  return db.engine === 'sqlite' && !t.useTz && t.timeZone !== 'UTC';
}

export function margin(db: Db): number {
  return naiveLocal(db) ? 2 * HOUR : 0;
}

/**
 * SQL: the datetime column `col` lies in [lo, hi) where lo and hi are SQL expressions in µs.
 * Index-friendly (storage-form bounds), exact (micros test where storage order is not instant order).
 */
export function inRange(db: Db, col: string, lo: string, hi: string): string {
  const d = db.dialect;
  if (!naiveLocal(db)) return `${col} >= ${d.fromMicros(lo)} AND ${col} < ${d.fromMicros(hi)}`;
  const m = margin(db);
  return (
    `${col} >= ${d.fromMicros(`(${lo}) - ${m}`)} AND ${col} < ${d.fromMicros(`(${hi}) + ${m}`)}` +
    ` AND ${d.micros(col)} >= (${lo}) AND ${d.micros(col)} < (${hi})`
  );
}

/**
 * The longest session (µs), read from the `aac_session_duration` expression index, so that
 * "sessions overlapping [a, b)" can be found as "sessions created in [a - longest, b)" on an index.
 * A safety hour covers sessions touched while the compile runs and julianday() rounding.
 */
export async function longestSessionMicros(db: Db): Promise<number> {
  const row =
    db.engine === 'postgres'
      ? await db.one<{ s: number | null }>(`SELECT EXTRACT(EPOCH FROM max("updated_at" - "created_at"))::float8 AS s FROM "askbot_session"`)
      : await db.one<{ s: number | null }>(
          `SELECT max(julianday("updated_at") - julianday("created_at")) AS s FROM "askbot_session"`,
        );
  // SQLite answers in days (the bare max(expr) is what the min/max optimisation serves from the index).
  const seconds = Math.max(0, Number(row?.s ?? 0) * (db.engine === 'sqlite' ? 86_400 : 1));
  return Math.ceil(seconds) * 1_000_000 + HOUR + margin(db);
}

/** SQLite `INDEXED BY` for the few scans whose index the planner cannot pick without statistics. */
export function indexedBy(db: Db, name: string): string {
  return db.engine === 'sqlite' ? ` INDEXED BY "${name}"` : '';
}

/** SQL: the datetime column is at or after the µs expression (index-friendly, exact). */
export function atOrAfter(db: Db, col: string, expr: string): string {
  const d = db.dialect;
  if (!naiveLocal(db)) return `${col} >= ${d.fromMicros(expr)}`;
  return `${col} >= ${d.fromMicros(`(${expr}) - ${margin(db)}`)} AND ${d.micros(col)} >= (${expr})`;
}

/** SQL: the datetime column is before the µs expression (a storage comparison where that is exact). */
export function before(db: Db, col: string, expr: string): string {
  return naiveLocal(db) ? `${db.dialect.micros(col)} < (${expr})` : `${col} < ${db.dialect.fromMicros(expr)}`;
}


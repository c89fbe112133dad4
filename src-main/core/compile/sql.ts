// SQL building blocks shared by the compiler's steps. Instants are integer microseconds; datetime
// columns are compared in their storage form so that the indexes on them are used, and the few
// engine differences the compiler needs beyond dialect.ts (typed work tables, a max-duration probe)
// are kept here, small and documented. Every builder returns a fragment (db/sql.ts): a bound value
// travels inside the fragment that uses it, so no step numbers parameters.
import type { Db } from '../db/types';
import { code, literal, raw, sql, type Sql, type SqlCode } from '../db/sql';
import { MICROS_PER_HOUR } from '../time/instant';

export const HOUR = MICROS_PER_HOUR;

/** The hour's length in µs, as SQL text. */
export const HOUR_SQL = literal(HOUR);

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

/** SQL: the µs expression `expr` less the storage margin (a lower storage-form bound). */
function minusMargin(db: Db, expr: SqlCode): Sql {
  return sql`(${code(expr)}) - ${literal(margin(db))}`;
}

/**
 * SQL: the datetime column `col` lies in [lo, hi) where lo and hi are SQL expressions in µs.
 * Index-friendly (storage-form bounds), exact (micros test where storage order is not instant order).
 */
export function inRange(db: Db, col: SqlCode, lo: SqlCode, hi: SqlCode): Sql {
  const d = db.dialect;
  const [c, l, h] = [code(col), code(lo), code(hi)];
  if (!naiveLocal(db)) return sql`${c} >= ${d.fromMicros(l)} AND ${c} < ${d.fromMicros(h)}`;
  const m = literal(margin(db));
  return sql`${c} >= ${d.fromMicros(minusMargin(db, l))} AND ${c} < ${d.fromMicros(sql`(${h}) + ${m}`)} AND ${d.micros(c)} >= (${l}) AND ${d.micros(c)} < (${h})`;
}

/**
 * The longest session (µs), read from the `aac_session_duration` expression index, so that
 * "sessions overlapping [a, b)" can be found as "sessions created in [a - longest, b)" on an index.
 * A safety hour covers sessions touched while the compile runs and julianday() rounding.
 */
export async function longestSessionMicros(db: Db): Promise<number> {
  const row =
    db.engine === 'postgres'
      ? await db.one<{ s: number | null }>(sql`SELECT EXTRACT(EPOCH FROM max("updated_at" - "created_at"))::float8 AS s FROM "askbot_session"`)
      : await db.one<{ s: number | null }>(sql`SELECT max(julianday("updated_at") - julianday("created_at")) AS s FROM "askbot_session"`);
  // SQLite answers in days (the bare max(expr) is what the min/max optimisation serves from the index).
  const seconds = Math.max(0, Number(row?.s ?? 0) * (db.engine === 'sqlite' ? 86_400 : 1));
  return Math.ceil(seconds) * 1_000_000 + HOUR + margin(db);
}

/** SQLite `INDEXED BY` for the few scans whose index the planner cannot pick without statistics. */
export function indexedBy(db: Db, name: string): Sql {
  return raw(db.engine === 'sqlite' ? ` INDEXED BY "${name}"` : '');
}

/** SQL: the datetime column is at or after the µs expression (index-friendly, exact). */
export function atOrAfter(db: Db, col: SqlCode, expr: SqlCode): Sql {
  const d = db.dialect;
  const [c, e] = [code(col), code(expr)];
  if (!naiveLocal(db)) return sql`${c} >= ${d.fromMicros(e)}`;
  return sql`${c} >= ${d.fromMicros(minusMargin(db, e))} AND ${d.micros(c)} >= (${e})`;
}

/** SQL: the datetime column is before the µs expression (a storage comparison where that is exact). */
export function before(db: Db, col: SqlCode, expr: SqlCode): Sql {
  const [c, e] = [code(col), code(expr)];
  return naiveLocal(db) ? sql`${db.dialect.micros(c)} < (${e})` : sql`${c} < ${db.dialect.fromMicros(e)}`;
}

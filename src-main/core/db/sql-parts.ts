// SQL building blocks the compiler, the derived tables and the reports share: work tables (temporary,
// per transaction), the date column type, and an index-friendly `IN (subquery)`.
import type { Db } from './types';

/** Column type of a bucket date in a work table (PostgreSQL `date`; SQLite text as Django stores it). */
export function dateType(db: Db): string {
  return db.engine === 'postgres' ? 'date' : 'text';
}

/**
 * Creates an empty work table for the current transaction (replacing one of the same name). PostgreSQL
 * temp tables are per connection, so they are dropped on commit; SQLite's live on the connection and are dropped first if a failed batch
 * left one behind.
 */
export async function createWorkTable(tx: Db, name: string, columns: string): Promise<void> {
  if (tx.engine === 'postgres') {
    await tx.exec(`DROP TABLE IF EXISTS pg_temp.${name}; CREATE TEMP TABLE ${name} (${columns}) ON COMMIT DROP`);
  } else {
    await tx.exec(`DROP TABLE IF EXISTS temp.${name}; CREATE TEMP TABLE ${name} (${columns})`);
  }
}

/** Drops the work tables at the end of a batch (SQLite; PostgreSQL drops them on commit). */
export async function dropWorkTables(tx: Db, names: readonly string[]): Promise<void> {
  if (tx.engine === 'sqlite') await tx.exec(names.map((n) => `DROP TABLE IF EXISTS temp.${n};`).join(' '));
}

/** Planner statistics for work tables (PostgreSQL never auto-analyzes temp tables). */
export async function analyzeWorkTables(tx: Db, names: readonly string[]): Promise<void> {
  if (tx.engine === 'postgres') await tx.exec(names.map((n) => `ANALYZE ${n};`).join(' '));
}

/**
 * SQL: `col` is one of the values the subquery returns, found on the column's index. PostgreSQL
 * plans `IN (subquery)` as a semi-join that may scan the whole (growing) summary table; `= ANY(ARRAY(…))`
 * evaluates the small list first and probes the index with it.
 */
export function inSubquery(db: Pick<Db, 'engine'>, col: string, subquery: string): string {
  return db.engine === 'postgres' ? `${col} = ANY(ARRAY(${subquery}))` : `${col} IN (${subquery})`;
}

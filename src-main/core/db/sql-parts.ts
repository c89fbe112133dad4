// SQL building blocks the compiler, the derived tables and the reports share: work tables (temporary,
// per transaction), the date column type, and an index-friendly `IN (subquery)`.
import { code, raw, sql, type Sql, type SqlCode } from './sql';
import type { Db } from './types';

/** Column type of a bucket date in a work table (PostgreSQL `date`; SQLite text as Django stores it). */
export function dateType(db: Pick<Db, 'engine'>): Sql {
  return raw(db.engine === 'postgres' ? 'date' : 'text');
}

/**
 * Runs statements that take no bound values (DDL: CREATE, DROP, ANALYZE) as one script, one round
 * trip. A fragment with values is refused (its text would lose them).
 */
export async function execScript(db: Db, statements: readonly Sql[]): Promise<void> {
  await db.exec(statements.map((s) => s.toString()).join('; '));
}

/** A work table's name as SQL: unquoted, as every statement that reads it spells it (a plain lower-case name from code). */
function workTable(name: string): Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a work table name: ${name}`);
  return raw(name);
}

/**
 * Creates an empty work table for the current transaction (replacing one of the same name). PostgreSQL
 * temp tables are per connection, so they are dropped on commit; SQLite's live on the connection and are dropped first if a failed batch
 * left one behind. `columns`: the column definitions (code, no bound values: DDL takes none).
 */
export async function createWorkTable(tx: Db, name: string, columns: SqlCode): Promise<void> {
  const table = workTable(name);
  const schema = raw(tx.engine === 'postgres' ? 'pg_temp' : 'temp');
  const onCommit = raw(tx.engine === 'postgres' ? ' ON COMMIT DROP' : '');
  await execScript(tx, [sql`DROP TABLE IF EXISTS ${schema}.${table}`, sql`CREATE TEMP TABLE ${table} (${code(columns)})${onCommit}`]);
}

/** Drops the work tables at the end of a batch (SQLite; PostgreSQL drops them on commit). */
export async function dropWorkTables(tx: Db, names: readonly string[]): Promise<void> {
  if (tx.engine === 'sqlite')
    await execScript(
      tx,
      names.map((n) => sql`DROP TABLE IF EXISTS temp.${workTable(n)}`),
    );
}

/** Planner statistics for work tables (PostgreSQL never auto-analyzes temp tables). */
export async function analyzeWorkTables(tx: Db, names: readonly string[]): Promise<void> {
  if (tx.engine === 'postgres')
    await execScript(
      tx,
      names.map((n) => sql`ANALYZE ${workTable(n)}`),
    );
}

/**
 * SQL: `col` is one of the values the subquery returns, found on the column's index. PostgreSQL
 * plans `IN (subquery)` as a semi-join that may scan the whole (growing) summary table; `= ANY(ARRAY(…))`
 * evaluates the small list first and probes the index with it.
 */
export function inSubquery(db: Pick<Db, 'engine'>, col: SqlCode, subquery: SqlCode): Sql {
  const [c, q] = [code(col), code(subquery)];
  return db.engine === 'postgres' ? sql`${c} = ANY(ARRAY(${q}))` : sql`${c} IN (${q})`;
}

// Multi-row INSERTs in batches: one statement per batch of rows, never one per row.
import { ident, join, list, sql, type Sql } from './sql';
import type { Db } from './types';

/** Max bound parameters per statement: SQLite allows 32766, PostgreSQL 65535. */
const MAX_PARAMS = 30_000;

/** Inserts `rows` into `table`. Column names come from code; values are bound as parameters. */
export async function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  opts: { returning?: string } = {},
): Promise<unknown[]> {
  if (rows.length === 0) return [];
  const perBatch = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const columnList = join(columns.map(ident));
  const returned: unknown[] = [];
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const insert = sql`INSERT INTO ${ident(table)} (${columnList}) VALUES ${valueTuples(batch, columns)}`;
    if (opts.returning) {
      const got = await db.all<Record<string, unknown>>(sql`${insert} RETURNING ${ident(opts.returning)}`);
      returned.push(...got.map((r) => r[opts.returning!]));
    } else {
      await db.run(insert);
    }
  }
  return returned;
}

/** Inserts `rows` into `table` and returns the new rows' `id`s, in row order. */
export async function insertRowsReturningIds(db: Db, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): Promise<number[]> {
  return (await insertRows(db, table, columns, rows, { returning: 'id' })).map(Number);
}

/** `(…), (…)`: one tuple of bound values per row, one value per column. */
function valueTuples(rows: ReadonlyArray<readonly unknown[]>, columns: readonly string[]): Sql {
  return join(rows.map((row) => sql`(${list(columns.map((_, i) => row[i]))})`));
}

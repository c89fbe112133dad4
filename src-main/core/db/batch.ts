// Multi-row INSERTs in batches: one statement per batch of rows, never one per row.
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
  const colList = columns.map((c) => `"${c}"`).join(', ');
  const returned: unknown[] = [];
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const cells = columns.map((_, i) => {
        params.push(row[i]);
        return `$${params.length}`;
      });
      return `(${cells.join(', ')})`;
    });
    const sql = `INSERT INTO "${table}" (${colList}) VALUES ${tuples.join(', ')}${opts.returning ? ` RETURNING "${opts.returning}"` : ''}`;
    if (opts.returning) {
      const got = await db.all<Record<string, unknown>>(sql, params);
      returned.push(...got.map((r) => r[opts.returning!]));
    } else {
      await db.run(sql, params);
    }
  }
  return returned;
}

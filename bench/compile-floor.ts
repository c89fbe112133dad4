// Helpers of the compile benchmark that touch the database around the measured compile: the writes
// floor, and a database without planner statistics.
import type { Db } from '../src-main/core/db/types';
import { list, sql } from '../src-main/core/db/sql';
import { cpuClock } from './cpu';

const SUMMARY_TABLES = ['askbot_hourlyusersummary', 'askbot_dailyusersummary', 'askbot_hourlygroupsummary', 'askbot_dailygroupsummary'];

/** Thrown to roll the floor's transaction back. */
class Undo extends Error {}

/** The aac_ indexes (the compiler's and the reports') on Askbot's summary tables. */
async function ownIndexesOnSummaries(tx: Db): Promise<string[]> {
  const tables = list(SUMMARY_TABLES);
  const rows =
    tx.engine === 'postgres'
      ? await tx.all<{ name: string }>(
          sql`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (${tables}) AND indexname LIKE 'aac\\_%' ESCAPE '\\'`,
        )
      : await tx.all<{ name: string }>(
          sql`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN (${tables}) AND name LIKE 'aac\\_%' ESCAPE '\\'`,
        );
  return rows.map((r) => r.name);
}

/**
 * Seconds to insert the compiled summary rows into Askbot's four summary tables carrying Askbot's
 * indexes and foreign keys only. Done in one transaction that is rolled back (the rows are set aside, the tables
 * emptied and the aac_ indexes dropped first), so the database and its statistics are left as they were.
 */
export async function writeFloor(db: Db): Promise<{ seconds: number; cpuSeconds: number }> {
  let seconds = 0;
  let cpuSeconds = NaN;
  try {
    await db.transaction(async (tx) => {
      const copies = SUMMARY_TABLES.map((t, i) => ({ t, c: `bench_copy_${i}` }));
      for (const { t, c } of copies) await tx.exec(`CREATE TEMP TABLE ${c} AS SELECT * FROM "${t}"`);
      for (const name of await ownIndexesOnSummaries(tx)) await tx.exec(`DROP INDEX "${name}"`);
      for (const { t } of copies) await tx.exec(`DELETE FROM "${t}"`);
      // Askbot's foreign keys are DEFERRABLE INITIALLY DEFERRED: PostgreSQL checks them at COMMIT, which
      // this rolled-back transaction never reaches. Any writer of these tables pays for the checks, so
      // they are made to run with each INSERT and counted in the floor (SQLite checks them as it inserts).
      if (tx.engine === 'postgres') await tx.exec('SET CONSTRAINTS ALL IMMEDIATE');
      const clock = await cpuClock(tx);
      const c0 = clock ? await clock() : NaN;
      const t0 = performance.now();
      for (const { t, c } of copies) await tx.exec(`INSERT INTO "${t}" SELECT * FROM ${c}`);
      seconds = (performance.now() - t0) / 1000;
      cpuSeconds = clock ? ((await clock()) - c0) / 1000 : NaN;
      throw new Undo();
    });
  } catch (err) {
    if (!(err instanceof Undo)) throw err;
  }
  return { seconds, cpuSeconds };
}

/**
 * No planner statistics: PostgreSQL's are deleted and autovacuum is turned off for the database's
 * tables (it would analyze them while the benchmark runs); SQLite's sqlite_stat1 is dropped.
 */
export async function forgetStatistics(db: Db): Promise<void> {
  if (db.engine === 'sqlite') {
    const stat = await db.one(sql`SELECT 1 AS x FROM sqlite_master WHERE name = 'sqlite_stat1'`);
    // Emptied, then reloaded by ANALYZE of the schema table (which gathers nothing else).
    if (stat) await db.exec('DELETE FROM sqlite_stat1; ANALYZE sqlite_schema');
    return;
  }
  const tables = await db.all<{ name: string }>(sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`);
  for (const { name } of tables) await db.exec(`ALTER TABLE "${name}" SET (autovacuum_enabled = false)`);
  await db.exec(`DELETE FROM pg_statistic WHERE starelid IN (SELECT c.oid FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace)`);
}

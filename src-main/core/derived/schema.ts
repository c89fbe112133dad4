// The one owner of what we add to an Askbot database: the compiler's and the reports' `aac_` indexes
// (compile-indexes.ts, report-indexes.ts) and the derived tables (tables.ts), as one schema with a
// version recorded in the database (`aac_schema_version`). Every writer that needs them (`init`,
// compile, group rebuild) calls ensureDerivedSchema, which applies the upgrades from the recorded
// version to this release's, in order, each in one transaction with the new version, so a crash
// leaves the old version or the new one. Readers never upgrade: a report checks what is there and
// falls back to Askbot's own tables when a derived table is missing.
import { listTables } from '../db/schema';
import type { Db } from '../db/types';
import { ident, sql } from '../db/sql';
import { execScript } from '../db/sql-parts';
import { AppError } from '../errors';
import { dropAnalyticsIndexes, ensureAnalyticsIndexes } from './compile-indexes';
import { MONTHLY_USER_INDEX, MONTHLY_USER_INDEX_COLUMNS } from './monthly-rollups';
import { ensureReportIndexes } from './report-indexes';
import { dropDerivedTables, ensureDerivedTables } from './tables';

export const VERSION_TABLE = 'aac_schema_version';
const VERSION = ident(VERSION_TABLE);

/**
 * Indexes the releases before version 1 created and version 1 does not keep (they were replaced by
 * others, or served reads the monthly rollups now answer): no write should pay for them.
 */
const UNVERSIONED_OBSOLETE_INDEXES = [
  'aac_event_timestamp',
  'aac_rep_event_ts_id',
  'aac_session_user_created',
  'aac_hourlyuser_user_hour',
  'aac_hourlygroup_group_hour',
  'aac_dailyuser_user_date',
  'aac_dailygroup_group_date',
  'aac_rep_dailyuser_user_date',
  'aac_rep_monthlyuser_user_cover',
];

/** The number of columns of an index (0 when it does not exist). */
async function indexColumns(db: Db, name: string): Promise<number> {
  const row =
    db.engine === 'sqlite'
      ? await db.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM pragma_index_info(${name})`)
      : await db.one<{ n: unknown }>(
          sql`SELECT i.indnatts AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE c.relname = ${name} AND c.relnamespace = current_schema()::regnamespace`,
        );
  return Number(row?.n ?? 0);
}

/**
 * Version 0 → 1, before anything is created: drops what the unversioned releases left that version 1
 * does not define so. The rollups' user index was (user_id, month) until it came to cover every
 * column (releases of 2026-11-24 made either; a later one stopped checking which).
 */
async function dropUnversionedLeftovers(tx: Db): Promise<void> {
  for (const name of UNVERSIONED_OBSOLETE_INDEXES) await execScript(tx, [sql`DROP INDEX IF EXISTS ${ident(name)}`]);
  const n = await indexColumns(tx, MONTHLY_USER_INDEX);
  if (n > 0 && n < MONTHLY_USER_INDEX_COLUMNS.length) await execScript(tx, [sql`DROP INDEX ${ident(MONTHLY_USER_INDEX)}`]);
}

interface Upgrade {
  /** The version this step leaves. */
  to: number;
  what: string;
  /** Inside the step's transaction; returns the names of the objects created. */
  apply: (tx: Db) => Promise<string[]>;
}

/**
 * Ordered: step `to: n` upgrades version n − 1. Version 0 is a database without a recorded version:
 * untouched by us, or left by a release before versions were recorded (each of those added to the
 * one before: test/integration/derived-schema.test.ts builds every one and upgrades it), or stripped
 * by `reset --drop-indexes`. A later release appends a step; it never edits a landed one.
 */
const UPGRADES: readonly Upgrade[] = [
  {
    to: 1,
    what: 'the releases before versions were recorded: indexes they dropped since or defined otherwise replaced, every missing index and derived table created and filled',
    apply: async (tx) => {
      await dropUnversionedLeftovers(tx);
      return [...(await ensureAnalyticsIndexes(tx)), ...(await ensureReportIndexes(tx)), ...(await ensureDerivedTables(tx))];
    },
  },
];

/** The version this release builds. */
export const DERIVED_SCHEMA_VERSION = UPGRADES[UPGRADES.length - 1]!.to;

/** The version recorded in the database (0 when none is). A read: changes nothing. */
export async function derivedSchemaVersion(db: Db): Promise<number> {
  if (!(await listTables(db)).includes(VERSION_TABLE)) return 0;
  const row = await db.one<{ v: unknown }>(sql`SELECT max("version") AS v FROM ${VERSION}`);
  return Number(row?.v ?? 0);
}

async function recordVersion(tx: Db, version: number): Promise<void> {
  await execScript(tx, [sql`CREATE TABLE IF NOT EXISTS ${VERSION} ("version" integer NOT NULL)`]);
  await tx.run(sql`DELETE FROM ${VERSION}`);
  await tx.run(sql`INSERT INTO ${VERSION} ("version") VALUES (${version})`);
}

/**
 * Upgrades the derived schema to this release's version (needs a writable connection); returns the
 * names of the objects created. Refuses a database a newer release upgraded: its tables may hold
 * what this release would not keep in step.
 */
export async function ensureDerivedSchema(db: Db): Promise<string[]> {
  const from = await derivedSchemaVersion(db);
  if (from > DERIVED_SCHEMA_VERSION) {
    throw new AppError(
      'SCHEMA_NEWER',
      `${db.description} was upgraded by a newer Askbot Analytics Console (its analytics schema is version ${from}; this release knows up to ${DERIVED_SCHEMA_VERSION}): update the app before compiling`,
    );
  }
  const created: string[] = [];
  for (const step of UPGRADES.filter((u) => u.to > from)) {
    created.push(
      ...(await db.transaction(async (tx) => {
        const names = await step.apply(tx);
        await recordVersion(tx, step.to);
        return names;
      })),
    );
  }
  return created;
}

/** `reset --drop-indexes`: every object of the derived schema and its version; returns the names dropped. */
export async function dropDerivedSchema(db: Db): Promise<string[]> {
  const dropped = [...(await dropAnalyticsIndexes(db)), ...(await dropDerivedTables(db))];
  if ((await listTables(db)).includes(VERSION_TABLE)) {
    await execScript(db, [sql`DROP TABLE ${VERSION}`]);
    dropped.push(VERSION_TABLE);
  }
  return dropped;
}

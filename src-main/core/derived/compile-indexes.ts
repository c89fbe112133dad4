// The compiler's additive indexes on Askbot's analytics tables. All prefixed `aac_`, none unique (a
// database Askbot wrote may already hold rows an index could not accept), created by `init` and by
// every compile, dropped by `reset --drop-indexes`. Partial and expression indexes are plain SQL that
// Django's own SQLite and PostgreSQL backends read and maintain without knowing about them.
import type { Db } from '../db/types';
import { code, empty, ident, sql, type Sql, type SqlCode } from '../db/sql';
import { execScript } from '../db/sql-parts';

interface IndexSpec {
  name: string;
  table: string;
  /** Column list (or expression) per engine: code, constants only. */
  on: (db: Db) => SqlCode;
  where?: (db: Db) => SqlCode;
  why: string;
}

export const ANALYTICS_INDEXES: readonly IndexSpec[] = [
  {
    name: 'aac_event_ts_id',
    table: 'askbot_event',
    on: () => '"timestamp", "id"',
    why: 'events of an hour; the Activity log newest first (keyset on timestamp, id)',
  },
  {
    name: 'aac_event_unsummarized',
    table: 'askbot_event',
    on: () => '"timestamp"',
    where: (db) => sql`"summarized" = ${db.dialect.FALSE}`,
    why: 'what changed since the last compile (unsummarized events)',
  },
  { name: 'aac_session_created', table: 'askbot_session', on: () => '"created_at"', why: 'the sessions overlapping a run of hours' },
  {
    name: 'aac_session_pending',
    table: 'askbot_session',
    on: () => '"created_at"',
    where: () => '"updated_at" > "last_summarized_at"',
    why: 'sessions with time not yet compiled',
  },
  {
    name: 'aac_session_duration',
    table: 'askbot_session',
    on: (db) => (db.engine === 'postgres' ? '("updated_at" - "created_at")' : '(julianday("updated_at") - julianday("created_at"))'),
    why: 'the longest session, which bounds the search for sessions overlapping an hour',
  },
  {
    name: 'aac_user_date_joined',
    table: 'auth_user',
    on: () => '"date_joined"',
    why: 'members who joined since a batch began (few): group member counts without reading every membership',
  },
  {
    name: 'aac_dailyuser_pending',
    table: 'askbot_dailyusersummary',
    on: () => '"date"',
    where: (db) => sql`"summarized" = ${db.dialect.FALSE}`,
    why: 'daily user rows not final yet (finalized when their day ends)',
  },
  {
    name: 'aac_dailygroup_pending',
    table: 'askbot_dailygroupsummary',
    on: () => '"date"',
    where: (db) => sql`"summarized" = ${db.dialect.FALSE}`,
    why: 'daily group rows not final yet (member counts recomputed until their day ends)',
  },
];

function createSql(db: Db, ix: IndexSpec): Sql {
  const where = ix.where ? sql` WHERE ${code(ix.where(db))}` : empty;
  return sql`CREATE INDEX IF NOT EXISTS ${ident(ix.name)} ON ${ident(ix.table)} (${code(ix.on(db))})${where}`;
}

/** Creates the missing `aac_` indexes (idempotent); part of the derived schema (schema.ts). */
export async function ensureAnalyticsIndexes(db: Db): Promise<string[]> {
  const existing = new Set(await listAnalyticsIndexes(db));
  const created: string[] = [];
  for (const ix of ANALYTICS_INDEXES) {
    if (existing.has(ix.name)) continue;
    await execScript(db, [createSql(db, ix)]);
    created.push(ix.name);
  }
  // PostgreSQL plans the compile's joins from statistics; SQLite's joins are ordered explicitly (CROSS JOIN).
  if (created.length > 0 && db.engine === 'postgres') await execScript(db, [sql`ANALYZE "askbot_event"`, sql`ANALYZE "askbot_session"`]);
  return created;
}

/** Names of the `aac_` indexes present on Askbot's tables (the rollup table's own are its module's). */
export async function listAnalyticsIndexes(db: Db): Promise<string[]> {
  const rows =
    db.engine === 'sqlite'
      ? await db.all<{ name: string }>(
          sql`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'aac\\_%' ESCAPE '\\' AND tbl_name NOT LIKE 'aac\\_%' ESCAPE '\\'`,
        )
      : await db.all<{ name: string }>(
          sql`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'aac\\_%' ESCAPE '\\' AND tablename NOT LIKE 'aac\\_%' ESCAPE '\\'`,
        );
  return rows.map((r) => r.name).sort();
}

export async function dropAnalyticsIndexes(db: Db): Promise<string[]> {
  const present = await listAnalyticsIndexes(db);
  for (const name of present) await execScript(db, [sql`DROP INDEX IF EXISTS ${ident(name)}`]);
  return present;
}

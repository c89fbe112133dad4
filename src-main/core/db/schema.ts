// Schema detection: is this an Askbot database, does it have the analytics tables (askbot 0026-0037)?
// Nothing here writes; a foreign database gets an error that names what is missing.
import { AppError } from '../errors';
import { sql } from './sql';
import type { Db } from './types';

/** Tables the console reads or writes outside analytics. */
export const ASKBOT_TABLES = [
  'auth_user',
  'auth_group',
  'auth_user_groups',
  'askbot_group',
  'askbot_groupmembership',
  'askbot_userprofile',
  'askbot_thread',
  'askbot_post',
  'django_content_type',
] as const;

export const ANALYTICS_TABLES = [
  'askbot_session',
  'askbot_event',
  'askbot_hourlyusersummary',
  'askbot_hourlygroupsummary',
  'askbot_dailyusersummary',
  'askbot_dailygroupsummary',
] as const;

export const SUMMARY_TABLES = ANALYTICS_TABLES.slice(2) as readonly string[];

/** Columns added by later Askbot migrations that the console relies on. */
const REQUIRED_COLUMNS: Record<string, string[]> = {
  askbot_group: ['used_for_analytics'],
  askbot_event: ['summarized', 'event_type'],
  askbot_session: ['last_summarized_at'],
  askbot_hourlygroupsummary: ['num_users_added'],
  askbot_dailygroupsummary: ['num_users_added'],
};

export interface SchemaInfo {
  /** Every table the database has (lower case). */
  tables: string[];
  askbot: boolean;
  analytics: boolean;
  missingTables: string[];
  missingColumns: string[];
  empty: boolean;
}

export async function listTables(db: Db): Promise<string[]> {
  const rows =
    db.engine === 'sqlite'
      ? await db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)
      : await db.all<{ name: string }>(
          sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
        );
  return rows.map((r) => r.name.toLowerCase()).sort();
}

/** The columns of each of `tables` (one catalog query on PostgreSQL, where each costs milliseconds). */
async function listColumns(db: Db, tables: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map(tables.map((t) => [t, new Set<string>()]));
  if (db.engine === 'sqlite') {
    for (const t of tables) for (const r of await db.all<{ name: string }>(sql`SELECT name FROM pragma_table_info(${t})`)) out.get(t)!.add(r.name);
    return out;
  }
  const rows = await db.all<{ t: string; name: string }>(
    sql`SELECT table_name AS t, column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY(${tables})`,
  );
  for (const r of rows) out.get(r.t)?.add(r.name);
  return out;
}

export async function detectSchema(db: Db): Promise<SchemaInfo> {
  const tables = await listTables(db);
  const have = new Set(tables);
  const missingTables = [...ASKBOT_TABLES, ...ANALYTICS_TABLES].filter((t) => !have.has(t));
  const missingColumns: string[] = [];
  const checked = Object.keys(REQUIRED_COLUMNS).filter((t) => have.has(t));
  const columns = await listColumns(db, checked);
  for (const table of checked) {
    const present = columns.get(table)!;
    for (const c of REQUIRED_COLUMNS[table]!) if (!present.has(c)) missingColumns.push(`${table}.${c}`);
  }
  const askbot = ASKBOT_TABLES.every((t) => have.has(t));
  return {
    tables,
    askbot,
    analytics: askbot && ANALYTICS_TABLES.every((t) => have.has(t)) && missingColumns.length === 0,
    missingTables,
    missingColumns,
    empty: tables.length === 0,
  };
}

/** Throws a clear NOT_ASKBOT error unless the database has the Askbot and analytics schema. */
export async function requireAskbotSchema(db: Db): Promise<SchemaInfo> {
  const info = await detectSchema(db);
  if (info.empty) {
    throw new AppError('NOT_ASKBOT', `${db.description} is empty: it has no Askbot tables (run "askbot-analytics init" to create a new one)`, info);
  }
  if (!info.askbot) {
    throw new AppError('NOT_ASKBOT', `${db.description} is not an Askbot database: missing tables ${info.missingTables.join(', ')}`, info);
  }
  if (!info.analytics) {
    const missing = [...info.missingTables, ...info.missingColumns].join(', ');
    throw new AppError(
      'NOT_ASKBOT',
      `${db.description} is an Askbot database without the analytics schema of Askbot 0.13 (missing ${missing}); upgrade Askbot and run its migrations first`,
      info,
    );
  }
  return info;
}

export function assertWritable(db: Db, what: string): void {
  if (db.readOnly) throw new AppError('READ_ONLY', `${what} needs to write, but ${db.description} is open read-only`);
}

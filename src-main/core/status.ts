// The figures `askbot-analytics status` prints and the app's home screen shows.
import { detectSchema, SUMMARY_TABLES } from './db/schema';
import type { Db } from './db/types';
import type { DbStatus } from './types/status';
import { formatInstant } from './time/instant';

export type { DbStatus };

export async function getStatus(db: Db): Promise<DbStatus> {
  const schema = await detectSchema(db);
  const base = {
    engine: db.engine,
    database: db.description,
    read_only: db.readOnly,
    schema: {
      askbot: schema.askbot,
      analytics: schema.analytics,
      missing_tables: schema.missingTables,
      missing_columns: schema.missingColumns,
    },
  };
  if (!schema.analytics) return { ...base, counts: null, summaries: null, compiled_through: null };
  const F = db.dialect.FALSE;
  const T = db.dialect.TRUE;
  // One round trip: every figure is a scalar subquery.
  const row = (await db.one<Record<string, number>>(`SELECT
      (SELECT count(*) FROM "auth_user") AS users,
      (SELECT count(*) FROM "askbot_group") AS groups,
      (SELECT count(*) FROM "askbot_group" WHERE "used_for_analytics" = ${T}) AS analytics_groups,
      (SELECT count(*) FROM "askbot_session") AS sessions,
      (SELECT count(*) FROM "askbot_event") AS events,
      (SELECT count(*) FROM "askbot_event" WHERE "summarized" = ${F}) AS unsummarized_events,
      ${SUMMARY_TABLES.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(',\n      ')}`))!;
  const n = (k: string) => Number(row[k] ?? 0);
  return {
    ...base,
    counts: {
      users: n('users'),
      groups: n('groups'),
      analytics_groups: n('analytics_groups'),
      sessions: n('sessions'),
      events: n('events'),
      unsummarized_events: n('unsummarized_events'),
    },
    summaries: Object.fromEntries(SUMMARY_TABLES.map((t) => [t, n(t)])),
    compiled_through: await compiledThrough(db),
  };
}

/** The newest hour with a summary (Askbot indexes `hour`, so this is one index probe). */
async function compiledThrough(db: Db): Promise<string | null> {
  const row = await db.one<{ h: unknown }>(`SELECT max("hour") AS h FROM "askbot_hourlyusersummary"`);
  return row?.h === null || row?.h === undefined ? null : formatInstant(db.dialect.readDateTime(row.h));
}

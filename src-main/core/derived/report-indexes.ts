// Indexes the reports need on large forums, all named `aac_rep_*` (additive, never touching Askbot's
// own): the Users view sums per-user values over a date range from the compiler's monthly rollups
// plus the daily rows of the edge days (user-sums.ts). The edge days are read in date order from a
// covering index on the daily summaries (SQLite answers from the index alone); the rollups come in
// user order from the rollup table's own covering index (monthly-rollups.ts). The Activity log walks events of one event type newest first
// by (timestamp, id) (all types: the compiler's aac_event_ts_id). The Overview reads a range's questions
// by (post_type, added_at).
import { listAnalyticsIndexes } from './compile-indexes';
import type { Db } from '../db/types';
import { empty, ident, raw, sql } from '../db/sql';
import { HEALTH_INDEXES } from './report-indexes-health';
import { TOP_INDEXES } from './report-indexes-top';

/** A report index: name, table, columns, and the condition of a partial index (SQL code, constants only). */
export type ReportIndex = readonly [name: string, table: string, columns: string, where?: string];

export const REPORT_INDEXES: readonly ReportIndex[] = [
  [
    'aac_rep_dailyuser_date_user',
    'askbot_dailyusersummary',
    '"date", "user_id", "num_questions", "num_answers", "num_upvotes", "num_downvotes", "question_views", "time_on_site"',
  ],
  ['aac_rep_event_type_ts_id', 'askbot_event', '"event_type", "timestamp", "id"'],
  // The Overview's answering health and the questions list: the questions of a date range (Askbot
  // indexes post_type alone, which reads every question of the forum for a month).
  ['aac_rep_post_type_added', 'askbot_post', '"post_type", "added_at"'],
  ...HEALTH_INDEXES,
  ...TOP_INDEXES,
];

/**
 * Creates the report indexes that are missing (idempotent; part of the derived schema, schema.ts; needs a writable
 * connection); returns the names created.
 */
export async function ensureReportIndexes(db: Db): Promise<string[]> {
  const present = new Set(await listAnalyticsIndexes(db));
  const created: string[] = [];
  for (const [name, table, columns, where] of REPORT_INDEXES) {
    if (present.has(name)) continue;
    await db.run(sql`CREATE INDEX IF NOT EXISTS ${ident(name)} ON ${ident(table)} (${raw(columns)})${where ? sql` WHERE ${raw(where)}` : empty}`);
    created.push(name);
  }
  return created;
}

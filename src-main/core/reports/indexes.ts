// Indexes the reports need on large forums, all named `aac_rep_*` (additive, never touching Askbot's
// own): the Users view reads the per-user daily summaries of a date range (covering indexes in
// date order for short ranges and in user order for long ones and for a few users, so SQLite
// answers from an index alone), and the Activity log walks events of one event type newest first
// by (timestamp, id) (all types: the compiler's aac_event_ts_id).
import { listAnalyticsIndexes } from '../compile/indexes';
import { registerAfterInit } from '../db/init';
import type { Db } from '../db/types';

export const REPORT_INDEXES: ReadonlyArray<readonly [name: string, table: string, columns: string]> = [
  [
    'aac_rep_dailyuser_date_user',
    'askbot_dailyusersummary',
    '"date", "user_id", "num_questions", "num_answers", "num_upvotes", "num_downvotes", "question_views", "time_on_site"',
  ],
  [
    'aac_rep_dailyuser_user_date',
    'askbot_dailyusersummary',
    '"user_id", "date", "num_questions", "num_answers", "num_upvotes", "num_downvotes", "question_views", "time_on_site"',
  ],
  ['aac_rep_event_type_ts_id', 'askbot_event', '"event_type", "timestamp", "id"'],
];

/** Creates the report indexes that are missing (idempotent; needs a writable connection); returns their names. */
export async function ensureReportIndexes(db: Db): Promise<string[]> {
  const present = new Set(await listAnalyticsIndexes(db));
  const created: string[] = [];
  for (const [name, table, columns] of REPORT_INDEXES) {
    if (present.has(name)) continue;
    await db.run(`CREATE INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns})`);
    created.push(name);
  }
  return created;
}

registerAfterInit(ensureReportIndexes);

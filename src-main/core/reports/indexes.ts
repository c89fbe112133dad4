// Indexes the reports need on large forums, all named `aac_rep_*` (additive, never touching Askbot's
// own): the Users view sums per-user values over a date range from the compiler's monthly rollups
// plus the daily rows of the edge days (user-sums.ts). The edge days are read in date order from a
// covering index on the daily summaries (SQLite answers from the index alone); the rollups of many
// months are aggregated per user in user order from a covering index on aac_monthlyusersummary
// (SQLite otherwise sorts every row). The Activity log walks events of one event type newest first
// by (timestamp, id) (all types: the compiler's aac_event_ts_id).
import { listAnalyticsIndexes } from '../compile/indexes';
import { MONTHLY_TABLE } from '../compile/rollup';
import { registerAfterInit } from '../db/init';
import type { Db } from '../db/types';
import { rollupExists } from './user-sums';

export const REPORT_INDEXES: ReadonlyArray<readonly [name: string, table: string, columns: string]> = [
  [
    'aac_rep_dailyuser_date_user',
    'askbot_dailyusersummary',
    '"date", "user_id", "num_questions", "num_answers", "num_upvotes", "num_downvotes", "question_views", "time_on_site"',
  ],
  ['aac_rep_event_type_ts_id', 'askbot_event', '"event_type", "timestamp", "id"'],
];

/** On the rollup table, created once the table exists (a compile or `init` creates it). */
export const ROLLUP_REPORT_INDEX = [
  'aac_rep_monthlyuser_user_cover',
  MONTHLY_TABLE,
  '"user_id", "month", "num_questions", "num_answers", "num_upvotes", "num_downvotes", "question_views", "time_on_site_us"',
] as const;

/**
 * Report indexes earlier versions created and no longer use: dropped here so no compile pays to
 * maintain them. The per-user daily index served long ranges, which the monthly rollups now answer.
 */
const OBSOLETE_REPORT_INDEXES = ['aac_rep_dailyuser_user_date'];

/**
 * Creates the report indexes that are missing and drops obsolete ones (idempotent; needs a writable
 * connection); returns the names created.
 */
export async function ensureReportIndexes(db: Db): Promise<string[]> {
  const present = new Set(await listAnalyticsIndexes(db));
  for (const name of OBSOLETE_REPORT_INDEXES) if (present.has(name)) await db.exec(`DROP INDEX IF EXISTS "${name}"`);
  const created: string[] = [];
  for (const [name, table, columns] of REPORT_INDEXES) {
    if (present.has(name)) continue;
    await db.run(`CREATE INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns})`);
    created.push(name);
  }
  if (await rollupExists(db)) {
    const [name, table, columns] = ROLLUP_REPORT_INDEX;
    const exists =
      db.engine === 'sqlite'
        ? await db.one(`SELECT 1 AS x FROM sqlite_master WHERE type = 'index' AND name = $1`, [name])
        : await db.one(`SELECT 1 AS x FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1`, [name]);
    if (!exists) {
      await db.run(`CREATE INDEX "${name}" ON "${table}" (${columns})`);
      created.push(name);
    }
  }
  return created;
}

registerAfterInit(ensureReportIndexes);

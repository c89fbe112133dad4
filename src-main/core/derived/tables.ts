// The tables we derive from askbot_dailyusersummary (the monthly rollups and the active days), kept in
// step with it together: created and filled together, refreshed in the transaction that rewrites daily
// rows, cleared and dropped together; with them the question views, derived from the events the same
// transactions mark summarized (refreshed by the batch itself, which knows its affected days).
import type { Db } from '../db/types';
import { clearActiveDays, dropActiveDays, ensureActiveDays } from './active-days';
import { clearQuestionViews, dropQuestionViews, ensureQuestionViews } from './question-views';
import { clearMonthlyRollups, dropMonthlyRollups, ensureMonthlyRollups, refreshMonthlyRollups } from './monthly-rollups';

/** Creates (and fills) the derived tables that do not exist; returns the names created. */
export async function ensureDerivedTables(db: Db): Promise<string[]> {
  return [...(await ensureMonthlyRollups(db)), ...(await ensureActiveDays(db)), ...(await ensureQuestionViews(db))];
}

export async function dropDerivedTables(db: Db): Promise<string[]> {
  return [...(await dropMonthlyRollups(db)), ...(await dropActiveDays(db)), ...(await dropQuestionViews(db))];
}

/**
 * Inside a transaction, after the daily rows from `fromDate` on were deleted (all when null): the derived
 * rows follow. The month holding `fromDate` keeps its earlier days, so its rollups are recomputed.
 */
export async function clearDerivedDays(tx: Db, fromDate: string | null): Promise<void> {
  await clearMonthlyRollups(tx, fromDate);
  if (fromDate) await refreshMonthlyRollups(tx, fromDate, fromDate);
  await clearActiveDays(tx, fromDate);
  await clearQuestionViews(tx, fromDate);
}

// Per-user monthly rollups of the daily user summaries, in `aac_monthlyusersummary`. The Users view
// sums a range per user; over a year that is hundreds of daily rows per user (millions in all), while
// whole months cost twelve. Like the `aac_` indexes it is derived data only: additive, prefixed,
// created by `init` and by every compile, kept in step with askbot_dailyusersummary inside the same
// transactions, and dropped by `reset --drop-indexes`. Askbot never reads it.
//
// A row (month, user) = the sums of that user's daily rows whose bucket date lies in the month.
// Time on site is integer microseconds on both engines (summing PostgreSQL intervals is slow).
import { listTables } from '../db/schema';
import type { Db } from '../db/types';
import { ident, join, raw, sql, type Sql } from '../db/sql';
import { createWorkTable, dateType, dropWorkTables, execScript } from '../db/sql-parts';

export const MONTHLY_TABLE = 'aac_monthlyusersummary';
const ROLLUPS = ident(MONTHLY_TABLE);
/** The five counters of Askbot's summary tables, also the rollup's columns. */
export const SUMMARY_COUNTERS = ['num_questions', 'num_answers', 'num_upvotes', 'num_downvotes', 'question_views'] as const;
/** The same, as a quoted SQL column list. */
export const SUMMARY_COUNTER_COLUMNS: Sql = raw(SUMMARY_COUNTERS.map((c) => `"${c}"`).join(', '));
/** The same, as column definitions of our tables (the rollups, the active days, the rollups' work table). */
export const SUMMARY_COUNTER_DEFINITIONS: Sql = raw(SUMMARY_COUNTERS.map((c) => `"${c}" bigint NOT NULL`).join(', '));
/** `sum(<t>."num_questions"), …`: the counters' sums over the rows aliased `t`, with `sign` before each. */
export function summaryCounterSums(t: string, sign: '' | '-' = ''): Sql {
  return raw(SUMMARY_COUNTERS.map((c) => `${sign}sum(${t}."${c}")`).join(', '));
}
/**
 * By user, covering every column: the Users view adds many months per user in user order (one
 * user's months, or everyone's) from this index alone, without sorting.
 */
export const MONTHLY_USER_INDEX = 'aac_monthlyuser_user_month';
export const MONTHLY_USER_INDEX_COLUMNS = ['user_id', 'month', ...SUMMARY_COUNTERS, 'time_on_site_us'] as const;

/** Creates the covering user index unless it exists. */
async function ensureUserIndex(db: Db): Promise<void> {
  await execScript(db, [sql`CREATE INDEX IF NOT EXISTS ${ident(MONTHLY_USER_INDEX)} ON ${ROLLUPS} (${join(MONTHLY_USER_INDEX_COLUMNS.map((c) => ident(c)))})`]);
}

/** `YYYY-MM-DD` → the first day of its month. */
export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the month after the one starting on `month` (`YYYY-MM-01`). */
export function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Whether the rollup table exists (a catalog lookup). */
export async function monthlyRollupsExist(db: Db): Promise<boolean> {
  return (await listTables(db)).includes(MONTHLY_TABLE);
}

/**
 * Creates the rollup table (filled from the daily rows already there, e.g. on a database Askbot
 * compiled) unless it exists. Returns the names created.
 */
export async function ensureMonthlyRollups(db: Db): Promise<string[]> {
  if (await monthlyRollupsExist(db)) {
    await ensureUserIndex(db);
    return [];
  }
  const rowid = raw(db.engine === 'sqlite' ? ' WITHOUT ROWID' : '');
  await db.transaction(async (tx) => {
    await execScript(tx, [
      sql`CREATE TABLE ${ROLLUPS} ("month" ${dateType(db)} NOT NULL, "user_id" integer NOT NULL, ${SUMMARY_COUNTER_DEFINITIONS},
         "time_on_site_us" bigint NOT NULL, PRIMARY KEY ("month", "user_id"))${rowid}`,
    ]);
    await ensureUserIndex(tx);
    const first = await tx.one<{ lo: unknown; hi: unknown }>(sql`SELECT min("date") AS lo, max("date") AS hi FROM "askbot_dailyusersummary"`);
    if (first?.lo != null) await refreshMonthlyRollups(tx, tx.dialect.readDate(first.lo), tx.dialect.readDate(first.hi));
  });
  return [MONTHLY_TABLE];
}

export async function dropMonthlyRollups(db: Db): Promise<string[]> {
  if (!(await monthlyRollupsExist(db))) return [];
  await execScript(db, [sql`DROP TABLE ${ROLLUPS}`]);
  return [MONTHLY_TABLE];
}

/**
 * Inside a transaction: recomputes the rollups for the months from the one holding `firstDate` through
 * the one holding `lastDate` (dates `YYYY-MM-DD`) from every daily row of askbot_dailyusersummary in
 * them, read from the reports' covering (date, user_id, …) index, a range of it per month (a fill, and
 * the month a `--rebuild --from` cuts in two; a batch moves the rollups by difference: withMonthlyDelta).
 * One DELETE and one INSERT … SELECT per month (never per user); a no-op when the table is absent.
 */
export async function refreshMonthlyRollups(tx: Db, firstDate: string, lastDate: string): Promise<number> {
  if (!(await monthlyRollupsExist(tx))) return 0;
  const d = tx.dialect;
  const last = monthOf(lastDate);
  let rows = 0;
  for (let month = monthOf(firstDate); month <= last; month = nextMonth(month)) {
    const end = nextMonth(month);
    await tx.run(sql`DELETE FROM ${ROLLUPS} WHERE "month" = ${d.dateParam(month)}`);
    rows += await tx.run(
      sql`INSERT INTO ${ROLLUPS} ("month", "user_id", ${SUMMARY_COUNTER_COLUMNS}, "time_on_site_us")
       SELECT ${d.dateParam(month)}, s."user_id", ${summaryCounterSums('s')}, ${d.durationMicros('sum(s."time_on_site")')}
       FROM "askbot_dailyusersummary" s WHERE s."date" >= ${d.dateParam(month)} AND s."date" < ${d.dateParam(end)}
       GROUP BY s."user_id"`,
    );
  }
  return rows;
}

/** A batch's work table: the changes to the rollups, rows of (month, user, counters, µs, daily rows) to add. */
const DELTA_TABLE = 'w_month_delta';
const DELTA = raw(DELTA_TABLE);

/** Adds to DELTA_TABLE the sums of the daily rows matching `rows`, per (month, user), times `sign`. */
async function recordDelta(tx: Db, rows: Sql, sign: 1 | -1): Promise<void> {
  const d = tx.dialect;
  const neg = sign < 0 ? '-' : '';
  const n = raw(neg);
  await tx.run(
    sql`INSERT INTO ${DELTA} (month, user_id, ${SUMMARY_COUNTER_COLUMNS}, us, n)
     SELECT ${d.monthStart('s."date"')}, s."user_id", ${summaryCounterSums('s', neg)},
            ${n}${d.durationMicros('sum(s."time_on_site")')}, ${n}count(*)
     FROM "askbot_dailyusersummary" s WHERE ${rows}
     GROUP BY ${d.monthStart('s."date"')}, s."user_id"`,
  );
}

/**
 * Inside a transaction: runs `rewrite`, which replaces the daily user rows matching the SQL condition
 * `rows` (on askbot_dailyusersummary, unaliased), and moves each touched (month, user) rollup by the
 * rewritten rows' new sums minus their old ones. An incremental compile rewrites a few thousand daily
 * rows; recomputing their users' months instead read every daily row of each month touched (a whole
 * month's, 140k rows at 5M events, twice when a batch crosses a month's end). A rollup whose user has
 * no daily row left in its month is deleted. A plain `rewrite` when the table is absent.
 */
export async function withMonthlyDelta<T>(tx: Db, rows: Sql, rewrite: () => Promise<T>): Promise<T> {
  if (!(await monthlyRollupsExist(tx))) return rewrite();
  const d = tx.dialect;
  await createWorkTable(
    tx,
    DELTA_TABLE,
    sql`month ${dateType(tx)} NOT NULL, user_id integer NOT NULL, ${SUMMARY_COUNTER_DEFINITIONS}, us bigint NOT NULL, n bigint NOT NULL`,
  );
  await recordDelta(tx, rows, -1);
  const result = await rewrite();
  await recordDelta(tx, rows, 1);
  const sums = [...SUMMARY_COUNTERS.map((c) => `"${c}"`), 'us', 'n'].map((c) => `sum(x.${c})`);
  const t = ROLLUPS;
  await tx.run(
    sql`INSERT INTO ${t} ("month", "user_id", ${SUMMARY_COUNTER_COLUMNS}, "time_on_site_us")
     SELECT x.month, x.user_id, ${raw(sums.slice(0, -1).join(', '))} FROM ${DELTA} x
     GROUP BY x.month, x.user_id HAVING ${raw(sums.map((s) => `${s} <> 0`).join(' OR '))}
     ON CONFLICT ("month", "user_id") DO UPDATE SET
       ${join([...SUMMARY_COUNTERS, 'time_on_site_us'].map((c) => sql`${ident(c)} = ${t}.${ident(c)} + excluded.${ident(c)}`))}`,
  );
  // Only where daily rows went (fewer new rows than old) can a month have lost its user's last one.
  await tx.run(
    sql`DELETE FROM ${t} WHERE ("month", "user_id") IN (SELECT x.month, x.user_id FROM ${DELTA} x GROUP BY x.month, x.user_id HAVING sum(x.n) < 0)
       AND NOT EXISTS (SELECT 1 FROM "askbot_dailyusersummary" s WHERE s."user_id" = ${t}."user_id" AND ${d.monthStart('s."date"')} = ${t}."month")`,
  );
  await dropWorkTables(tx, [DELTA_TABLE]);
  return result;
}

/** Inside a transaction: removes the rollups of the months from the one holding `fromDate` on (all when null). */
export async function clearMonthlyRollups(tx: Db, fromDate: string | null): Promise<void> {
  if (!(await monthlyRollupsExist(tx))) return;
  if (fromDate === null) await tx.run(sql`DELETE FROM ${ROLLUPS}`);
  else await tx.run(sql`DELETE FROM ${ROLLUPS} WHERE "month" >= ${tx.dialect.dateParam(monthOf(fromDate))}`);
}

// The forum's active users per day, in `aac_dailyactiveusers`, for the Overview (issue 14). Its active-
// user figures (DAU, WAU, MAU, distinct active users) need, for each active (user, day), the user's
// previous active day; computed at report time that is a sort of every active (user, day) of two
// periods and their 29-day lead-in (410k rows at 5M events: 0.9-1.9 s). Kept here instead, summed over
// users: a row (date, gap) holds how many users were active on `date` whose previous active day was
// `gap` days before (gap 0: none), with the sums of their counters and time on site, so a report
// reads a few hundred rows per day whatever the forum's size, and its sums come with them.
//
// Active: a daily user row with a positive counter or time on site (the Overview's definition). Like
// the monthly rollups it is derived data only: prefixed, created by `init` and every compile, kept in
// step with askbot_dailyusersummary inside the same transactions, dropped by `reset --drop-indexes`.
// Every user counts here, blocked and staff included; the Overview subtracts the users it leaves out.
import { listTables } from '../db/schema';
import type { Dialect } from '../db/dialect';
import type { Db } from '../db/types';
import { listAnalyticsIndexes } from './compile-indexes';
import { SUMMARY_COUNTERS, SUMMARY_COUNTER_COLUMNS, SUMMARY_COUNTER_DEFINITIONS } from './monthly-rollups';
import { dateType } from '../db/sql-parts';

export const ACTIVE_DAYS_TABLE = 'aac_dailyactiveusers';
/**
 * A user's active days in order: the previous active day of a user is one probe (max date below a
 * day), and the Overview reads the days of the users it leaves out without touching anyone else's.
 */
export const ACTIVE_USER_INDEX = 'aac_dailyuser_active_user_date';

/**
 * SQL condition: the askbot_dailyusersummary row `s` is an active day. Constants only (no parameters),
 * so that a query stating it uses the partial index declared with it.
 */
export function activeDaySql(d: Dialect, s: string | null): string {
  const c = (col: string) => (s ? `${s}."${col}"` : `"${col}"`);
  return `(${SUMMARY_COUNTERS.map((col) => `${c(col)} > 0`).join(' OR ')} OR ${c('time_on_site')} > ${d.durationFromMicros('0')})`;
}

export async function activeDaysExist(db: Db): Promise<boolean> {
  return (await listTables(db)).includes(ACTIVE_DAYS_TABLE);
}

/** Creates the table (filled from the daily rows already there) and its index unless they exist; returns the names created. */
export async function ensureActiveDays(db: Db): Promise<string[]> {
  const created: string[] = [];
  if (!(await listAnalyticsIndexes(db)).includes(ACTIVE_USER_INDEX)) {
    await db.exec(
      `CREATE INDEX IF NOT EXISTS "${ACTIVE_USER_INDEX}" ON "askbot_dailyusersummary" ("user_id", "date") WHERE ${activeDaySql(db.dialect, null)}`,
    );
    created.push(ACTIVE_USER_INDEX);
  }
  if (await activeDaysExist(db)) return created;
  await db.transaction(async (tx) => {
    await tx.exec(
      `CREATE TABLE "${ACTIVE_DAYS_TABLE}" ("date" ${dateType(db)} NOT NULL, "gap" integer NOT NULL, "users" bigint NOT NULL, ${SUMMARY_COUNTER_DEFINITIONS},
         "time_on_site_us" bigint NOT NULL, PRIMARY KEY ("date", "gap"))${db.engine === 'sqlite' ? ' WITHOUT ROWID' : ''}`,
    );
    const span = await tx.one<{ lo: unknown; hi: unknown }>(`SELECT min("date") AS lo, max("date") AS hi FROM "askbot_dailyusersummary"`);
    if (span?.lo != null) await refreshActiveDays(tx, tx.dialect.readDate(span.lo), tx.dialect.readDate(span.hi));
  });
  return [...created, ACTIVE_DAYS_TABLE];
}

export async function dropActiveDays(db: Db): Promise<string[]> {
  const dropped: string[] = [];
  if (await activeDaysExist(db)) {
    await db.exec(`DROP TABLE "${ACTIVE_DAYS_TABLE}"`);
    dropped.push(ACTIVE_DAYS_TABLE);
  }
  await db.exec(`DROP INDEX IF EXISTS "${ACTIVE_USER_INDEX}"`);
  return dropped;
}

/** SQL: the latest active day of the user of row `s` before the SQL date `before` (one index probe). */
function previousActiveDay(d: Dialect, before: string): string {
  return `(SELECT max(p."date") FROM "askbot_dailyusersummary" p WHERE p."user_id" = s."user_id" AND p."date" < ${before} AND ${activeDaySql(d, 'p')})`;
}

/**
 * SQL: rows (date, gap, counters, us) from `source`, active daily rows `s` with their user's previous
 * active day as `prev`. The gap is computed outside `source`, which the engines evaluate once per row
 * (SQLite would otherwise repeat the probe for the GROUP BY).
 */
function gapRows(d: Dialect, source: string): string {
  return `SELECT s."date" AS date, coalesce(${d.dayNumber('s."date"')} - ${d.dayNumber('s.prev')}, 0) AS gap,
      ${SUMMARY_COUNTERS.map((c) => `s."${c}"`).join(', ')}, ${d.durationMicros('s."time_on_site"')} AS us
    FROM (${source}) s`;
}

async function insertGaps(tx: Db, rows: string, params: unknown[]): Promise<void> {
  await tx.run(
    `INSERT INTO "${ACTIVE_DAYS_TABLE}" ("date", "gap", "users", ${SUMMARY_COUNTER_COLUMNS}, "time_on_site_us")
     SELECT r.date, r.gap, count(*), ${SUMMARY_COUNTERS.map((c) => `sum(r."${c}")`).join(', ')}, sum(r.us)
     FROM (${rows}) r GROUP BY r.date, r.gap`,
    params,
  );
}

/**
 * Inside a transaction: recomputes the days from `firstDate` through `lastDate` (`YYYY-MM-DD`) from
 * askbot_dailyusersummary, for every user active on them, and the later days whose gaps those days'
 * changes move: the next active day after `lastDate` of each user listed by the SQL `users` (those whose
 * daily rows changed). Without `users` the run must reach the last daily row (a fill), so no later day
 * moves. One DELETE and one INSERT … SELECT per part; a no-op when the table is absent.
 */
export async function refreshActiveDays(tx: Db, firstDate: string, lastDate: string, users?: string): Promise<void> {
  if (!(await activeDaysExist(tx))) return;
  const d = tx.dialect;
  const lo = d.dateParam(firstDate);
  const hi = d.dateParam(lastDate);
  await tx.run(`DELETE FROM "${ACTIVE_DAYS_TABLE}" WHERE "date" >= $1 AND "date" <= $2`, [lo, hi]);
  // Within the run of days a user's previous active day is the one before in the run (lag); only a
  // user's first day in the run needs the probe. The run's rows are read by date, then sorted: left to
  // itself SQLite reads the window's (user, date) order from the active-days index, every active row of
  // the forum (1.7M at 5M events: 0.13 s for the two days of an hourly compile instead of 0.04 s).
  const run = `WITH run_rows AS MATERIALIZED (
        SELECT * FROM "askbot_dailyusersummary" WHERE "date" >= $1 AND "date" <= $2 AND ${activeDaySql(d, null)})
      SELECT s.*, coalesce(lag(s."date") OVER (PARTITION BY s."user_id" ORDER BY s."date"), ${previousActiveDay(d, '$1')}) AS prev
      FROM run_rows s`;
  await insertGaps(tx, gapRows(d, run), [lo, hi]);
  if (!users) return;
  // The next active day of each changed user after the run: its gap now starts from the run.
  const next = await tx.all<{ day: unknown }>(
    `SELECT DISTINCT x.day AS day FROM (
       SELECT (SELECT min(n."date") FROM "askbot_dailyusersummary" n WHERE n."user_id" = c.user_id AND n."date" > $1 AND ${activeDaySql(d, 'n')}) AS day
       FROM (${users}) c) x
     WHERE x.day IS NOT NULL`,
    [hi],
  );
  if (next.length === 0) return;
  const days = next.map((r) => d.dateParam(d.readDate(r.day)));
  const list = days.map((_, i) => `$${i + 1}`).join(', ');
  await tx.run(`DELETE FROM "${ACTIVE_DAYS_TABLE}" WHERE "date" IN (${list})`, days);
  await insertGaps(
    tx,
    gapRows(d, `SELECT s.*, ${previousActiveDay(d, 's."date"')} AS prev FROM "askbot_dailyusersummary" s WHERE s."date" IN (${list}) AND ${activeDaySql(d, 's')}`),
    days,
  );
}

/** Inside a transaction: removes the days from `fromDate` on (all when null); earlier days keep their gaps. */
export async function clearActiveDays(tx: Db, fromDate: string | null): Promise<void> {
  if (!(await activeDaysExist(tx))) return;
  if (fromDate === null) await tx.run(`DELETE FROM "${ACTIVE_DAYS_TABLE}"`);
  else await tx.run(`DELETE FROM "${ACTIVE_DAYS_TABLE}" WHERE "date" >= $1`, [tx.dialect.dateParam(fromDate)]);
}

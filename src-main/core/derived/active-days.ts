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
import { SUMMARY_COUNTERS, SUMMARY_COUNTER_COLUMNS, SUMMARY_COUNTER_DEFINITIONS, summaryCounterSums } from './monthly-rollups';
import { code, ident, join, list, raw, sql, type Sql, type SqlCode } from '../db/sql';
import { dateType, execScript } from '../db/sql-parts';

export const ACTIVE_DAYS_TABLE = 'aac_dailyactiveusers';
const ACTIVE_DAYS = ident(ACTIVE_DAYS_TABLE);
/**
 * A user's active days in order: the previous active day of a user is one probe (max date below a
 * day), and the Overview reads the days of the users it leaves out without touching anyone else's.
 */
export const ACTIVE_USER_INDEX = 'aac_dailyuser_active_user_date';

/**
 * SQL condition: the askbot_dailyusersummary row `s` is an active day. Constants only (no parameters),
 * so that a query stating it uses the partial index declared with it.
 */
export function activeDaySql(d: Dialect, s: string | null): Sql {
  const c = (col: string) => raw(s ? `${s}."${col}"` : `"${col}"`);
  return sql`(${join(
    SUMMARY_COUNTERS.map((col) => sql`${c(col)} > 0`),
    ' OR ',
  )} OR ${c('time_on_site')} > ${d.durationFromMicros('0')})`;
}

export async function activeDaysExist(db: Db): Promise<boolean> {
  return (await listTables(db)).includes(ACTIVE_DAYS_TABLE);
}

/** Creates the table (filled from the daily rows already there) and its index unless they exist; returns the names created. */
export async function ensureActiveDays(db: Db): Promise<string[]> {
  const created: string[] = [];
  if (!(await listAnalyticsIndexes(db)).includes(ACTIVE_USER_INDEX)) {
    await execScript(db, [
      sql`CREATE INDEX IF NOT EXISTS ${ident(ACTIVE_USER_INDEX)} ON "askbot_dailyusersummary" ("user_id", "date") WHERE ${activeDaySql(db.dialect, null)}`,
    ]);
    created.push(ACTIVE_USER_INDEX);
  }
  if (await activeDaysExist(db)) return created;
  await db.transaction(async (tx) => {
    await execScript(tx, [
      sql`CREATE TABLE ${ACTIVE_DAYS} ("date" ${dateType(db)} NOT NULL, "gap" integer NOT NULL, "users" bigint NOT NULL, ${SUMMARY_COUNTER_DEFINITIONS},
         "time_on_site_us" bigint NOT NULL, PRIMARY KEY ("date", "gap"))${raw(db.engine === 'sqlite' ? ' WITHOUT ROWID' : '')}`,
    ]);
    const span = await tx.one<{ lo: unknown; hi: unknown }>(sql`SELECT min("date") AS lo, max("date") AS hi FROM "askbot_dailyusersummary"`);
    if (span?.lo != null) await refreshActiveDays(tx, tx.dialect.readDate(span.lo), tx.dialect.readDate(span.hi));
  });
  return [...created, ACTIVE_DAYS_TABLE];
}

export async function dropActiveDays(db: Db): Promise<string[]> {
  const dropped: string[] = [];
  if (await activeDaysExist(db)) {
    await execScript(db, [sql`DROP TABLE ${ACTIVE_DAYS}`]);
    dropped.push(ACTIVE_DAYS_TABLE);
  }
  await execScript(db, [sql`DROP INDEX IF EXISTS ${ident(ACTIVE_USER_INDEX)}`]);
  return dropped;
}

/** SQL: the latest active day of the user of row `s` before the date `before` (an expression or a bound date; one index probe). */
function previousActiveDay(d: Dialect, before: Sql): Sql {
  return sql`(SELECT max(p."date") FROM "askbot_dailyusersummary" p WHERE p."user_id" = s."user_id" AND p."date" < ${before} AND ${activeDaySql(d, 'p')})`;
}

/**
 * SQL: rows (date, gap, counters, us) from `source`, active daily rows `s` with their user's previous
 * active day as `prev`. The gap is computed outside `source`, which the engines evaluate once per row
 * (SQLite would otherwise repeat the probe for the GROUP BY).
 */
function gapRows(d: Dialect, source: Sql): Sql {
  return sql`SELECT s."date" AS date, coalesce(${d.dayNumber('s."date"')} - ${d.dayNumber('s.prev')}, 0) AS gap,
      ${raw(SUMMARY_COUNTERS.map((c) => `s."${c}"`).join(', '))}, ${d.durationMicros('s."time_on_site"')} AS us
    FROM (${source}) s`;
}

async function insertGaps(tx: Db, rows: Sql): Promise<void> {
  await tx.run(
    sql`INSERT INTO ${ACTIVE_DAYS} ("date", "gap", "users", ${SUMMARY_COUNTER_COLUMNS}, "time_on_site_us")
     SELECT r.date, r.gap, count(*), ${summaryCounterSums('r')}, sum(r.us)
     FROM (${rows}) r GROUP BY r.date, r.gap`,
  );
}

/**
 * Inside a transaction: recomputes the days from `firstDate` through `lastDate` (`YYYY-MM-DD`) from
 * askbot_dailyusersummary, for every user active on them, and the later days whose gaps those days'
 * changes move: the next active day after `lastDate` of each user listed by the SQL `users` (those whose
 * daily rows changed). Without `users` the run must reach the last daily row (a fill), so no later day
 * moves. One DELETE and one INSERT … SELECT per part; a no-op when the table is absent.
 */
export async function refreshActiveDays(tx: Db, firstDate: string, lastDate: string, users?: SqlCode): Promise<void> {
  if (!(await activeDaysExist(tx))) return;
  const d = tx.dialect;
  const lo = d.dateParam(firstDate);
  const hi = d.dateParam(lastDate);
  await tx.run(sql`DELETE FROM ${ACTIVE_DAYS} WHERE "date" >= ${lo} AND "date" <= ${hi}`);
  // Within the run of days a user's previous active day is the one before in the run (lag); only a
  // user's first day in the run needs the probe. The run's rows are read by date, then sorted: left to
  // itself SQLite reads the window's (user, date) order from the active-days index, every active row of
  // the forum (1.7M at 5M events: 0.13 s for the two days of an hourly compile instead of 0.04 s).
  const run = sql`WITH run_rows AS MATERIALIZED (
        SELECT * FROM "askbot_dailyusersummary" WHERE "date" >= ${lo} AND "date" <= ${hi} AND ${activeDaySql(d, null)})
      SELECT s.*, coalesce(lag(s."date") OVER (PARTITION BY s."user_id" ORDER BY s."date"), ${previousActiveDay(d, sql`${lo}`)}) AS prev
      FROM run_rows s`;
  await insertGaps(tx, gapRows(d, run));
  if (!users) return;
  // The next active day of each changed user after the run: its gap now starts from the run.
  const next = await tx.all<{ day: unknown }>(
    sql`SELECT DISTINCT x.day AS day FROM (
       SELECT (SELECT min(n."date") FROM "askbot_dailyusersummary" n WHERE n."user_id" = c.user_id AND n."date" > ${hi} AND ${activeDaySql(d, 'n')}) AS day
       FROM (${code(users)}) c) x
     WHERE x.day IS NOT NULL`,
  );
  if (next.length === 0) return;
  const days = list(next.map((r) => d.dateParam(d.readDate(r.day))));
  await tx.run(sql`DELETE FROM ${ACTIVE_DAYS} WHERE "date" IN (${days})`);
  await insertGaps(
    tx,
    gapRows(
      d,
      sql`SELECT s.*, ${previousActiveDay(d, raw('s."date"'))} AS prev FROM "askbot_dailyusersummary" s WHERE s."date" IN (${days}) AND ${activeDaySql(d, 's')}`,
    ),
  );
}

/** Inside a transaction: removes the days from `fromDate` on (all when null); earlier days keep their gaps. */
export async function clearActiveDays(tx: Db, fromDate: string | null): Promise<void> {
  if (!(await activeDaysExist(tx))) return;
  if (fromDate === null) await tx.run(sql`DELETE FROM ${ACTIVE_DAYS}`);
  else await tx.run(sql`DELETE FROM ${ACTIVE_DAYS} WHERE "date" >= ${tx.dialect.dateParam(fromDate)}`);
}

// One bounded transaction of the compiler: a run of whole bucket days [lo, hi), within one calendar
// month unless it holds all the work left (hi is at most the start of the current hour). The unit of
// recomputation is the whole hour:
//   1. the affected hours (in the batch's calendar, batch-calendar.ts): those holding unsummarized
//      events or the not-yet-compiled part of a pending session (updated_at > last_summarized_at);
//   2. every user's row of those hours recomputed from the raw events and sessions into a work table
//      (replace, never add); time on site is the union of the user's session intervals clipped to
//      the hour;
//   3. Askbot's hourly user and group rows (group-rows.ts) of those hours replaced from the work
//      tables, then the daily rows of the days holding them (summing the work tables, plus the stored
//      rows of the day's other hours) and the monthly rollups of their month; the question views of
//      those days recounted whole (question-views.ts);
//   4. the flags: events summarized, sessions' last_summarized_at = the point compiled up to.
// Whole hours make each (group, hour) and (user, day) sum available from the work tables alone, so
// nothing just written is read back, and the replaced rows are found on Askbot's own hour and date
// indexes. The days not final yet are finalized by finalize.ts.
import { EVENT } from '../forum/analytics';
import type { Db } from '../db/types';
import { bigint, join, literal, sql, type Sql } from '../db/sql';
import { analyzeWorkTables, createWorkTable, dropWorkTables, inSubquery } from '../db/sql-parts';
import { refreshActiveDays } from '../derived/active-days';
import { SUMMARY_COUNTER_COLUMNS, withMonthlyDelta } from '../derived/monthly-rollups';
import { type Batch, CALENDAR_TABLES, affectedDays, affectedHourValues, createBatchCalendar, eventBucketHour, markAffectedDays } from './batch-calendar';
import { GROUP_TABLES, writeGroupRows } from './group-rows';
import { refreshQuestionViews } from './question-views';
import { HOUR, HOUR_SQL, inRange, indexedBy, margin, naiveLocal } from './sql';
import { VALUE_COLUMNS, VALUE_DEFINITIONS, counterList, counterSums, dayParts, valueSums } from './work-rows';

export type { Batch, BatchDay } from './batch-calendar';

export interface BatchCounts {
  hourlyUser: number;
  dailyUser: number;
  hourlyGroup: number;
  dailyGroup: number;
  events: number;
  sessions: number;
}

export const ZERO_COUNTS: BatchCounts = { hourlyUser: 0, dailyUser: 0, hourlyGroup: 0, dailyGroup: 0, events: 0, sessions: 0 };

//   w_affected_runs (lo, hi): the runs of affected hours, closer ones merged;
//   w_user_hours (user_id, hour, counters, us): every user's recomputed row of the affected hours;
//   w_touched_users (user_id): the users whose hourly rows changed.
const WORK_TABLES = [...CALENDAR_TABLES, 'w_affected_runs', 'w_user_hours', 'w_touched_users', ...GROUP_TABLES] as const;

/** The users whose hourly rows the batch changed (w_touched_users). */
const touchedUsers = sql`SELECT user_id FROM w_touched_users`;

/** Step 1: flags the hours before `hi` with pending events or session time, and their days. */
async function findAffectedHours(tx: Db, b: Batch): Promise<boolean> {
  const d = tx.dialect;
  const m = (c: string) => d.micros(c);
  // One index probe per hour of the batch (at most 744), never a scan of the pending rows.
  await tx.run(
    sql`UPDATE w_batch_hours SET affected = 1 WHERE hour < ${bigint(b.hi)} AND (
       EXISTS (SELECT 1 FROM "askbot_event" e${indexedBy(tx, 'aac_event_unsummarized')}
               WHERE e."summarized" = ${d.FALSE} AND ${inRange(tx, 'e."timestamp"', 'w_batch_hours.hour', sql`w_batch_hours.hour + ${HOUR_SQL}`)})
       OR EXISTS (SELECT 1 FROM "askbot_session" s${indexedBy(tx, 'aac_session_pending')}
               WHERE s."updated_at" > s."last_summarized_at" AND s."user_id" IS NOT NULL
                 AND s."created_at" >= ${d.fromMicros(sql`w_batch_hours.hour - ${bigint(b.longest)}`)} AND s."created_at" < ${d.fromMicros(sql`w_batch_hours.hour + ${literal(HOUR + margin(tx))}`)}
                 AND ${d.greatest(m('s."created_at"'), m('s."last_summarized_at"'))} < w_batch_hours.hour + ${HOUR_SQL}
                 AND ${m('s."updated_at"')} > w_batch_hours.hour))`,
  );
  if (naiveLocal(tx)) {
    // Naive wall-clock storage writes a repeated DST hour's two buckets with the same text: rows are
    // replaced by that text, so both buckets are recomputed together.
    await tx.run(
      sql`UPDATE w_batch_hours SET affected = 1 WHERE affected = 0 AND hour < ${bigint(b.hi)}
         AND ${d.fromMicros('hour')} IN (SELECT ${d.fromMicros('x.hour')} FROM w_batch_hours x WHERE x.affected = 1)`,
    );
  }
  return (await markAffectedDays(tx)) > 0;
}

/** Up to this many runs of affected hours are scanned one by one; beyond that, their whole span. */
const MAX_RUNS = 16;

/**
 * The runs of affected hours (runs closer than the longest session are merged, so each session is
 * read once), or their span when there are many.
 */
async function affectedRuns(tx: Db, b: Batch): Promise<Array<{ lo: number; hi: number }>> {
  await createWorkTable(tx, 'w_affected_runs', 'lo bigint NOT NULL, hi bigint NOT NULL');
  await tx.run(
    sql`INSERT INTO w_affected_runs (lo, hi)
     SELECT min(hour), max(hour) + ${HOUR_SQL} FROM (
       SELECT hour, sum(brk) OVER (ORDER BY hour ROWS UNBOUNDED PRECEDING) AS grp FROM (
         SELECT hour, CASE WHEN hour - lag(hour) OVER (ORDER BY hour) <= ${bigint(b.longest)} THEN 0 ELSE 1 END AS brk
         FROM w_batch_hours WHERE affected = 1) x) y
     GROUP BY grp`,
  );
  await analyzeWorkTables(tx, CALENDAR_TABLES);
  const rows = await tx.all<{ lo: unknown; hi: unknown }>(sql`SELECT lo, hi FROM w_affected_runs ORDER BY lo`);
  const runs = rows.map((r) => ({ lo: Number(r.lo), hi: Number(r.hi) }));
  return runs.length <= MAX_RUNS ? runs : [{ lo: runs[0]!.lo, hi: runs[runs.length - 1]!.hi }];
}

/**
 * SQL rows (user_id, hour, counters, 0): every event of the affected hours, summarized or not (an hour
 * is recomputed, never incremented), counted per user and hour. The bucket hour is computed from the
 * timestamp and found on w_batch_hours' key: an equality join the planner can hash or probe.
 */
function eventCounts(tx: Db, b: Batch, eventRuns: Sql): Sql {
  const d = tx.dialect;
  const count = (type: number) => sql`sum(CASE WHEN e."event_type" = ${literal(type)} THEN 1 ELSE 0 END)`;
  return sql`
    SELECT s."user_id" AS user_id, h.hour AS hour, ${count(EVENT.ASKED)} AS q, ${count(EVENT.ANSWERED)} AS a, ${count(EVENT.UPVOTED)} AS up,
           ${count(EVENT.DOWNVOTED)} AS down, ${count(EVENT.QUESTION_VIEWED)} AS views, 0 AS us
    FROM "askbot_event" e${indexedBy(tx, 'aac_event_ts_id')} CROSS JOIN w_batch_hours h CROSS JOIN "askbot_session" s
    WHERE (${eventRuns}) AND h.hour = ${eventBucketHour(tx, b)} AND ${d.unindexed('h.affected')} = 1
      AND s."id" = e."session_id" AND s."user_id" IS NOT NULL
    GROUP BY s."user_id", h.hour`;
}

/**
 * SQL rows (user_id, a, b): the signed-in sessions read for the runs, cut into disjoint pieces [a, b)
 * in µs (each starts where the user's earlier sessions ended). No exact (µs) test on the sessions
 * read: one created in the storage-form margin after a run still ends before the next run (runs are
 * further apart than the longest session), and one that ended before the run adds nothing to its hours.
 */
function sessionPieces(tx: Db, sessionRuns: Sql): Sql {
  const d = tx.dialect;
  return sql`
    SELECT user_id, CASE WHEN prev_end IS NOT NULL AND prev_end > st THEN prev_end ELSE st END AS a, en AS b FROM (
      SELECT user_id, st, en, max(en) OVER (PARTITION BY user_id ORDER BY st, en ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
      FROM (
        SELECT s."user_id" AS user_id, ${d.micros('s."created_at"')} AS st, ${d.micros('s."updated_at"')} AS en
        FROM "askbot_session" s${indexedBy(tx, 'aac_session_created')}
        WHERE (${sessionRuns}) AND s."user_id" IS NOT NULL) raw) o`;
}

/**
 * SQL rows (user_id, hour, 0…, us): time on site per user and affected hour, the session pieces clipped
 * to the hours. Each piece finds its few hours on w_batch_hours' key (a range of it); the flag is
 * unindexed, or SQLite would build an index on it and scan every affected hour per piece.
 */
function timeOnSite(tx: Db, pieces: Sql): Sql {
  const d = tx.dialect;
  const clipped = sql`${d.least('p.b', sql`h.hour + ${HOUR_SQL}`)} - ${d.greatest('p.a', 'h.hour')}`;
  return sql`
    SELECT p.user_id AS user_id, h.hour AS hour, 0 AS q, 0 AS a, 0 AS up, 0 AS down, 0 AS views, sum(${clipped}) AS us
    FROM (${pieces}) p CROSS JOIN w_batch_hours h
    WHERE p.b > p.a AND h.hour > p.a - ${HOUR_SQL} AND h.hour < p.b AND ${d.unindexed('h.affected')} = 1
    GROUP BY p.user_id, h.hour
    HAVING sum(${clipped}) > 0`;
}

/**
 * Step 2: every user's (hour) row of the affected hours from the raw rows, into w_user_hours. Sessions
 * are read per run of affected hours; overlapping sessions of a user are cut into disjoint pieces, and
 * the pieces are clipped to the hours.
 */
async function recomputeUserHours(tx: Db, b: Batch): Promise<void> {
  const d = tx.dialect;
  // The runs as parameters: the planner sees the real size of each range scan (bounds taken from a
  // table's rows would be guessed at 0.5 % of the table per row), and no step joins rows on a range.
  const runs = await affectedRuns(tx, b);
  const eventRuns = join(
    runs.map((r) => sql`(${inRange(tx, 'e."timestamp"', bigint(r.lo), bigint(r.hi))})`),
    ' OR ',
  );
  const sessionRuns = join(
    runs.map(
      (r) =>
        sql`(s."created_at" >= ${d.fromMicros(sql`${bigint(r.lo)} - ${bigint(b.longest)}`)} AND s."created_at" < ${d.fromMicros(sql`${bigint(r.hi)} + ${literal(margin(tx))}`)})`,
    ),
    ' OR ',
  );
  // One row per (user, hour) with events or time on site: the two parts merged by one aggregation
  // (an upsert of the second into the first costs a new row version per conflict on PostgreSQL).
  await createWorkTable(tx, 'w_user_hours', sql`user_id integer NOT NULL, hour bigint NOT NULL, ${VALUE_DEFINITIONS}, PRIMARY KEY (user_id, hour)`);
  await tx.run(
    sql`INSERT INTO w_user_hours (user_id, hour, ${VALUE_COLUMNS})
     SELECT x.user_id, x.hour, ${valueSums('x')} FROM (${eventCounts(tx, b, eventRuns)} UNION ALL ${timeOnSite(tx, sessionPieces(tx, sessionRuns))}) x
     GROUP BY x.user_id, x.hour`,
  );
  await analyzeWorkTables(tx, ['w_user_hours']);
}

/** Step 3a: the hourly user rows of the affected hours replaced by w_user_hours; w_touched_users: whose rows changed. */
async function writeHourlyUserRows(tx: Db): Promise<number> {
  const d = tx.dialect;
  await createWorkTable(tx, 'w_touched_users', 'user_id integer PRIMARY KEY');
  await tx.run(
    sql`INSERT INTO w_touched_users (user_id)
     SELECT user_id FROM w_user_hours UNION SELECT t."user_id" FROM "askbot_hourlyusersummary" t WHERE ${inSubquery(tx, 't."hour"', affectedHourValues(tx))}`,
  );
  await analyzeWorkTables(tx, ['w_touched_users']);
  await tx.run(sql`DELETE FROM "askbot_hourlyusersummary" WHERE ${inSubquery(tx, '"hour"', affectedHourValues(tx))}`);
  return tx.run(
    sql`INSERT INTO "askbot_hourlyusersummary" (${SUMMARY_COUNTER_COLUMNS}, "time_on_site", "summarized", "hour", "user_id")
     SELECT ${counterList('w')}, ${d.durationFromMicros('w.us')}, ${d.TRUE}, ${d.fromMicros('w.hour')}, w.user_id FROM w_user_hours w`,
  );
}

/** Step 3b: daily user rows of the affected days, then the monthly rollups of their month and the active days. */
async function writeDailyUserRows(tx: Db): Promise<number> {
  const d = tx.dialect;
  const replaced = sql`${inSubquery(tx, '"date"', affectedDays)} AND ${d.unindexed('"user_id"')} IN (${touchedUsers})`;
  // Only the rollups of the users whose rows changed move, by the difference.
  const rows = await withMonthlyDelta(tx, replaced, async () => {
    await tx.run(sql`DELETE FROM "askbot_dailyusersummary" WHERE ${replaced}`);
    return tx.run(
      sql`INSERT INTO "askbot_dailyusersummary" (${SUMMARY_COUNTER_COLUMNS}, "time_on_site", "date", "user_id", "summarized")
       SELECT ${counterSums('x')}, ${d.durationFromMicros('sum(x.us)')}, x.day, x.k,
              CASE WHEN dd.done = 1 THEN ${d.TRUE} ELSE ${d.FALSE} END
       FROM (${dayParts(tx, 'w_user_hours', 'askbot_hourlyusersummary', 'user_id', touchedUsers)}) x CROSS JOIN w_batch_days dd
       WHERE dd.day = x.day
       GROUP BY x.k, x.day, dd.done`,
    );
  });
  const span = await tx.one<{ lo: unknown; hi: unknown }>(sql`SELECT min(day) AS lo, max(day) AS hi FROM w_batch_days WHERE affected = 1`);
  // The active days of the span (every user active on them) and the touched users' next active days.
  if (span?.lo != null) await refreshActiveDays(tx, d.readDate(span.lo), d.readDate(span.hi), touchedUsers);
  return rows;
}

/** Step 4: what was compiled is flagged, in the same transaction as the rows it produced. */
async function markCompiled(tx: Db, b: Batch): Promise<{ events: number; sessions: number }> {
  const d = tx.dialect;
  const m = (c: string) => d.micros(c);
  const events = await tx.run(
    sql`UPDATE "askbot_event" SET "summarized" = ${d.TRUE}
     WHERE "summarized" = ${d.FALSE} AND ${inRange(tx, '"timestamp"', bigint(b.lo), bigint(b.hi))}`,
  );
  // A session still open past the batch end stays pending from there (last_summarized_at = hi).
  const sessions = await tx.run(
    sql`UPDATE "askbot_session" SET "last_summarized_at" =
       CASE WHEN ${m('"updated_at"')} <= ${bigint(b.hi)} THEN "updated_at" ELSE ${d.fromMicros(bigint(b.hi))} END
     WHERE "updated_at" > "last_summarized_at"
       AND "created_at" >= ${d.fromMicros(sql`${bigint(b.lo)} - ${bigint(b.longest)}`)} AND "created_at" < ${d.fromMicros(sql`${bigint(b.hi)} + ${literal(margin(tx))}`)}
       AND ${d.greatest(m('"created_at"'), m('"last_summarized_at"'))} < ${bigint(b.hi)}`,
  );
  return { events, sessions };
}

/** Compiles one batch inside the transaction `tx`; `check` throws when the job was cancelled. */
export async function compileBatch(tx: Db, b: Batch, check: () => void): Promise<BatchCounts> {
  await createBatchCalendar(tx, b);
  let counts = { hourlyUser: 0, dailyUser: 0, hourlyGroup: 0, dailyGroup: 0 };
  if (await findAffectedHours(tx, b)) {
    check();
    await recomputeUserHours(tx, b);
    check();
    const hourlyUser = await writeHourlyUserRows(tx);
    const dailyUser = await writeDailyUserRows(tx);
    await refreshQuestionViews(tx, b);
    check();
    counts = { hourlyUser, dailyUser, ...(await writeGroupRows(tx, b)) };
    check();
  }
  const flags = await markCompiled(tx, b);
  await dropWorkTables(tx, WORK_TABLES);
  return { ...counts, ...flags };
}

/** Recomputes only the group rows of a batch from its hourly user rows (after membership changes). */
export async function regroupBatch(tx: Db, b: Batch): Promise<{ hourlyGroup: number; dailyGroup: number }> {
  const d = tx.dialect;
  await createBatchCalendar(tx, b);
  // Every hour is replaced, so groups a member left lose their rows too.
  await tx.run(sql`UPDATE w_batch_hours SET affected = 1 WHERE hour < ${bigint(b.hi)}`);
  await markAffectedDays(tx);
  await createWorkTable(tx, 'w_user_hours', sql`user_id integer NOT NULL, hour bigint NOT NULL, ${VALUE_DEFINITIONS}`);
  await tx.run(
    sql`INSERT INTO w_user_hours (user_id, hour, ${VALUE_COLUMNS})
     SELECT h."user_id", ${d.micros('h."hour"')}, h."num_questions", h."num_answers", h."num_upvotes", h."num_downvotes", h."question_views",
            ${d.durationMicros('h."time_on_site"')}
     FROM "askbot_hourlyusersummary" h WHERE ${inRange(tx, 'h."hour"', bigint(b.lo), bigint(b.hi))}`,
  );
  await createWorkTable(tx, 'w_touched_users', 'user_id integer PRIMARY KEY');
  await tx.run(sql`INSERT INTO w_touched_users (user_id) SELECT DISTINCT user_id FROM w_user_hours`);
  await analyzeWorkTables(tx, [...CALENDAR_TABLES, 'w_user_hours', 'w_touched_users']);
  const r = await writeGroupRows(tx, b);
  await dropWorkTables(tx, WORK_TABLES);
  return r;
}

// One bounded transaction of the compiler: a run of whole bucket days [lo, hi), within one calendar
// month unless it holds all the work left (hi is at most the start of the current hour). The unit of
// recomputation is the whole hour:
//   1. the affected hours: those holding unsummarized events or the not-yet-compiled part of a
//      pending session (updated_at > last_summarized_at);
//   2. every user's row of those hours recomputed from the raw events and sessions into a work table
//      (replace, never add); time on site is the union of the user's session intervals clipped to
//      the hour;
//   3. Askbot's hourly user and group rows of those hours replaced from the work tables, then the
//      daily rows of the days holding them (summing the work tables, plus the stored rows of the
//      day's other hours) and the monthly rollups of their month; the question views of those days
//      recounted whole (question-views.ts);
//   4. the flags: events summarized, sessions' last_summarized_at = the point compiled up to.
// Whole hours make each (group, hour) and (user, day) sum available from the work tables alone, so
// nothing just written is read back, and the replaced rows are found on Askbot's own hour and date
// indexes.
import { EVENT } from '../forum/analytics';
import type { Db } from '../db/types';
import { refreshActiveDays } from '../derived/active-days';
import { SUMMARY_COUNTER_COLUMNS, withMonthlyDelta } from '../derived/monthly-rollups';
import { refreshQuestionViews } from './question-views';
import { HOUR, atOrAfter, before, big, inRange, indexedBy, margin, naiveLocal } from './sql';
import { analyzeWorkTables, createWorkTable, dateType, dropWorkTables, inSubquery } from '../db/sql-parts';

export interface BatchDay {
  /** Bucket date `YYYY-MM-DD`. */
  day: string;
  dlo: number;
  dhi: number;
  /** The day is over (`date < today`): its daily group row is final. */
  done: boolean;
}

export interface Batch {
  lo: number;
  hi: number;
  days: BatchDay[];
  /** Upper bound of any session's length (µs), see longestSessionMicros. */
  longest: number;
}

export interface BatchCounts {
  hourlyUser: number;
  dailyUser: number;
  hourlyGroup: number;
  dailyGroup: number;
  events: number;
  sessions: number;
}

export const ZERO_COUNTS: BatchCounts = { hourlyUser: 0, dailyUser: 0, hourlyGroup: 0, dailyGroup: 0, events: 0, sessions: 0 };

const WORK_TABLES = ['w_days', 'w_hours', 'w_ranges', 'w_hu', 'w_users', 'w_agm', 'w_hg', 'w_groups', 'w_gbase', 'w_gjoin'] as const;

/** The work tables' counter columns, in SUMMARY_COUNTER_COLUMNS order, then time on site in µs. */
const W_COUNTERS = ['q', 'a', 'up', 'down', 'views'] as const;
const W_COLUMNS = 'q bigint NOT NULL, a bigint NOT NULL, up bigint NOT NULL, down bigint NOT NULL, views bigint NOT NULL, us bigint NOT NULL';
const wCounters = (t: string) => W_COUNTERS.map((c) => `${t}.${c}`).join(', ');
const wList = (t: string) => `${wCounters(t)}, ${t}.us`;
const wSums = (t: string) => [...W_COUNTERS, 'us'].map((c) => `sum(${t}.${c}) AS ${c}`).join(', ');

/**
 * The batch's days and every hour of them (through the end of the last day, which may lie past `hi`
 * when the last day is today), each flagged when it must be recomputed.
 */
async function createBatchTables(tx: Db, b: Batch): Promise<void> {
  await createWorkTable(tx, 'w_days', `day ${dateType(tx)} PRIMARY KEY, dlo bigint NOT NULL, dhi bigint NOT NULL, done integer NOT NULL, affected integer NOT NULL`);
  const values = b.days.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4}, 0)`).join(', ');
  await tx.run(
    `INSERT INTO w_days (day, dlo, dhi, done, affected) VALUES ${values}`,
    b.days.flatMap((x) => [tx.dialect.dateParam(x.day), x.dlo, x.dhi, x.done ? 1 : 0]),
  );
  await createWorkTable(tx, 'w_hours', `hour bigint PRIMARY KEY, day ${dateType(tx)} NOT NULL, affected integer NOT NULL`);
  await tx.run(
    `WITH RECURSIVE hs(hour) AS (SELECT ${big(1)} UNION ALL SELECT hour + ${HOUR} FROM hs WHERE hour + ${HOUR} < ${big(2)})
     INSERT INTO w_hours (hour, day, affected) SELECT hs.hour, dd.day, 0 FROM hs CROSS JOIN w_days dd WHERE hs.hour >= dd.dlo AND hs.hour < dd.dhi`,
    [b.lo, b.days[b.days.length - 1]!.dhi],
  );
}

/** Step 1: flags the hours before `hi` with pending events or session time, and their days. */
async function findAffectedHours(tx: Db, b: Batch): Promise<boolean> {
  const d = tx.dialect;
  const m = (c: string) => d.micros(c);
  // One index probe per hour of the batch (at most 744), never a scan of the pending rows.
  await tx.run(
    `UPDATE w_hours SET affected = 1 WHERE hour < ${big(1)} AND (
       EXISTS (SELECT 1 FROM "askbot_event" e${indexedBy(tx, 'aac_event_unsummarized')}
               WHERE e."summarized" = ${d.FALSE} AND ${inRange(tx, 'e."timestamp"', 'w_hours.hour', `w_hours.hour + ${HOUR}`)})
       OR EXISTS (SELECT 1 FROM "askbot_session" s${indexedBy(tx, 'aac_session_pending')}
               WHERE s."updated_at" > s."last_summarized_at" AND s."user_id" IS NOT NULL
                 AND s."created_at" >= ${d.fromMicros(`w_hours.hour - ${big(2)}`)} AND s."created_at" < ${d.fromMicros(`w_hours.hour + ${HOUR + margin(tx)}`)}
                 AND ${d.greatest(m('s."created_at"'), m('s."last_summarized_at"'))} < w_hours.hour + ${HOUR}
                 AND ${m('s."updated_at"')} > w_hours.hour))`,
    [b.hi, b.longest],
  );
  if (naiveLocal(tx)) {
    // Naive wall-clock storage writes a repeated DST hour's two buckets with the same text: rows are
    // replaced by that text, so both buckets are recomputed together.
    await tx.run(
      `UPDATE w_hours SET affected = 1 WHERE affected = 0 AND hour < ${big(1)}
         AND ${d.fromMicros('hour')} IN (SELECT ${d.fromMicros('x.hour')} FROM w_hours x WHERE x.affected = 1)`,
      [b.hi],
    );
  }
  return (await markAffectedDays(tx)) > 0;
}

/** Flags the days holding an affected hour; returns how many. */
function markAffectedDays(tx: Db): Promise<number> {
  return tx.run(`UPDATE w_days SET affected = 1 WHERE day IN (SELECT h.day FROM w_hours h WHERE h.affected = 1)`);
}

/**
 * Step 2: every user's (hour) row of the affected hours from the raw rows, into w_hu. Sessions are
 * read per run of affected hours (runs closer than the longest session are merged, so each session
 * is read once); overlapping sessions of a user are cut into disjoint pieces (each starts where the
 * user's earlier sessions ended), and the pieces are clipped to the hours.
 */
async function recomputeUserHours(tx: Db, b: Batch): Promise<void> {
  const d = tx.dialect;
  const m = (c: string) => d.micros(c);
  const count = (type: number) => `sum(CASE WHEN e."event_type" = ${type} THEN 1 ELSE 0 END)`;
  await createWorkTable(tx, 'w_ranges', 'lo bigint NOT NULL, hi bigint NOT NULL');
  await tx.run(
    `INSERT INTO w_ranges (lo, hi)
     SELECT min(hour), max(hour) + ${HOUR} FROM (
       SELECT hour, sum(brk) OVER (ORDER BY hour ROWS UNBOUNDED PRECEDING) AS grp FROM (
         SELECT hour, CASE WHEN hour - lag(hour) OVER (ORDER BY hour) <= ${big(1)} THEN 0 ELSE 1 END AS brk
         FROM w_hours WHERE affected = 1) x) y
     GROUP BY grp`,
    [b.longest],
  );
  await analyzeWorkTables(tx, ['w_days', 'w_hours']);
  // The runs as parameters: the planner sees the real size of each range scan (bounds taken from a
  // table's rows would be guessed at 0.5 % of the table per row), and no step joins rows on a range.
  const runs = await readRuns(tx);
  const params: number[] = [b.longest, b.lo];
  const param = (v: number) => big(params.push(v));
  const eventRuns = runs.map((r) => `(${inRange(tx, 'e."timestamp"', param(r.lo), param(r.hi))})`).join(' OR ');
  const sessionRuns = runs
    .map((r) => `(s."created_at" >= ${d.fromMicros(`${param(r.lo)} - ${big(1)}`)} AND s."created_at" < ${d.fromMicros(`${param(r.hi)} + ${margin(tx)}`)})`)
    .join(' OR ');
  const start = m('s."created_at"');
  const end = m('s."updated_at"');
  // Every event of the affected hours, summarized or not: an hour is recomputed, never incremented.
  // The bucket hour is computed from the timestamp (hours are lo + k·HOUR, as w_hours holds them)
  // and found on w_hours' key: an equality join the planner can hash or probe.
  const hourOfEvent = `${big(2)} + ${d.int(`(${m('e."timestamp"')} - ${big(2)}) / ${HOUR}`)} * ${HOUR}`;
  const events = `
    SELECT s."user_id" AS user_id, h.hour AS hour, ${count(EVENT.ASKED)} AS q, ${count(EVENT.ANSWERED)} AS a, ${count(EVENT.UPVOTED)} AS up,
           ${count(EVENT.DOWNVOTED)} AS down, ${count(EVENT.QUESTION_VIEWED)} AS views, 0 AS us
    FROM "askbot_event" e${indexedBy(tx, 'aac_event_ts_id')} CROSS JOIN w_hours h CROSS JOIN "askbot_session" s
    WHERE (${eventRuns}) AND h.hour = ${hourOfEvent} AND ${d.unindexed('h.affected')} = 1
      AND s."id" = e."session_id" AND s."user_id" IS NOT NULL
    GROUP BY s."user_id", h.hour`;
  // No exact (µs) test on the sessions read: one created in the storage-form margin after a run still
  // ends before the next run (runs are further apart than the longest session), and one that ended
  // before the run adds nothing to its hours.
  const piece = `
    SELECT user_id, CASE WHEN prev_end IS NOT NULL AND prev_end > st THEN prev_end ELSE st END AS a, en AS b FROM (
      SELECT user_id, st, en, max(en) OVER (PARTITION BY user_id ORDER BY st, en ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
      FROM (
        SELECT s."user_id" AS user_id, ${start} AS st, ${end} AS en
        FROM "askbot_session" s${indexedBy(tx, 'aac_session_created')}
        WHERE (${sessionRuns}) AND s."user_id" IS NOT NULL) raw) o`;
  const clipped = `${d.least('p.b', `h.hour + ${HOUR}`)} - ${d.greatest('p.a', 'h.hour')}`;
  // Each piece finds its few hours on w_hours' key (a range of it); the flag is unindexed, or SQLite
  // would build an index on it and scan every affected hour per piece.
  const time = `
    SELECT p.user_id AS user_id, h.hour AS hour, 0 AS q, 0 AS a, 0 AS up, 0 AS down, 0 AS views, sum(${clipped}) AS us
    FROM (${piece}) p CROSS JOIN w_hours h
    WHERE p.b > p.a AND h.hour > p.a - ${HOUR} AND h.hour < p.b AND ${d.unindexed('h.affected')} = 1
    GROUP BY p.user_id, h.hour
    HAVING sum(${clipped}) > 0`;
  // One row per (user, hour) with events or time on site: the two parts merged by one aggregation
  // (an upsert of the second into the first costs a new row version per conflict on PostgreSQL).
  await createWorkTable(tx, 'w_hu', `user_id integer NOT NULL, hour bigint NOT NULL, ${W_COLUMNS}, PRIMARY KEY (user_id, hour)`);
  await tx.run(
    `INSERT INTO w_hu (user_id, hour, ${W_COUNTERS.join(', ')}, us)
     SELECT x.user_id, x.hour, ${wSums('x')} FROM (${events} UNION ALL ${time}) x
     GROUP BY x.user_id, x.hour`,
    params,
  );
  await analyzeWorkTables(tx, ['w_hu']);
}

/** Up to this many runs of affected hours are scanned one by one; beyond that, their whole span. */
const MAX_RUNS = 16;

/** The runs of affected hours (w_ranges), or their span when there are many. */
async function readRuns(tx: Db): Promise<Array<{ lo: number; hi: number }>> {
  const rows = await tx.all<{ lo: unknown; hi: unknown }>('SELECT lo, hi FROM w_ranges ORDER BY lo');
  const runs = rows.map((r) => ({ lo: Number(r.lo), hi: Number(r.hi) }));
  return runs.length <= MAX_RUNS ? runs : [{ lo: runs[0]!.lo, hi: runs[runs.length - 1]!.hi }];
}

const affectedHourValues = (tx: Db) => `SELECT ${tx.dialect.fromMicros('h.hour')} FROM w_hours h WHERE h.affected = 1`;
const affectedDays = 'SELECT dd.day FROM w_days dd WHERE dd.affected = 1';
/** The users and the groups whose hourly rows the batch changed (w_users, w_groups). */
const touchedUsers = 'SELECT user_id FROM w_users';
const touchedGroups = 'SELECT group_id FROM w_groups';

/** SQL: every member of the group whose id is the SQL `group` (an index-only count of auth_user_groups). */
const allMembers = (group: string) => `(SELECT count(*) FROM "auth_user_groups" m WHERE m."group_id" = ${group})`;

/**
 * SQL FROM … WHERE: the memberships (`ug`) of the users (`u`) who joined at or after the µs expression
 * `since`, found on the date_joined index (few, except in the first batches of a full compile).
 */
function joinedSince(tx: Db, since: string): string {
  return `"auth_user" u${indexedBy(tx, 'aac_user_date_joined')} CROSS JOIN "auth_user_groups" ug
    WHERE ${atOrAfter(tx, 'u."date_joined"', since)} AND ug."user_id" = u."id"`;
}

/** Step 3a: the hourly user rows of the affected hours replaced by w_hu; w_users: whose rows changed. */
async function writeHourlyUserRows(tx: Db): Promise<number> {
  const d = tx.dialect;
  await createWorkTable(tx, 'w_users', 'user_id integer PRIMARY KEY');
  await tx.run(
    `INSERT INTO w_users (user_id)
     SELECT user_id FROM w_hu UNION SELECT t."user_id" FROM "askbot_hourlyusersummary" t WHERE ${inSubquery(tx, 't."hour"', affectedHourValues(tx))}`,
  );
  await analyzeWorkTables(tx, ['w_users']);
  await tx.run(`DELETE FROM "askbot_hourlyusersummary" WHERE ${inSubquery(tx, '"hour"', affectedHourValues(tx))}`);
  return tx.run(
    `INSERT INTO "askbot_hourlyusersummary" (${SUMMARY_COUNTER_COLUMNS}, "time_on_site", "summarized", "hour", "user_id")
     SELECT ${wCounters('w')}, ${d.durationFromMicros('w.us')}, ${d.TRUE}, ${d.fromMicros('w.hour')}, w.user_id FROM w_hu w`,
  );
}

/**
 * SQL rows `(key, day, q, a, up, down, views, us)` for the affected days of the keys listed by the SQL
 * `keys` (those whose hourly rows changed): the work table's rows of the affected hours plus the stored
 * rows of the days' other hours. Every other key's daily rows are left as they are, since none of
 * its hourly rows changed.
 */
function dayParts(tx: Db, work: string, table: string, key: string, keys: string): string {
  const d = tx.dialect;
  const stored = `t."num_questions", t."num_answers", t."num_upvotes", t."num_downvotes", t."question_views", ${d.durationMicros('t."time_on_site"')}`;
  return `
    SELECT w.${key} AS k, h.day AS day, ${wList('w')} FROM ${work} w CROSS JOIN w_hours h WHERE h.hour = w.hour
    UNION ALL
    SELECT t."${key}", h.day, ${stored}
    FROM w_days dd CROSS JOIN w_hours h CROSS JOIN "${table}" t
    WHERE dd.affected = 1 AND h.day = dd.day AND h.affected = 0 AND t."hour" = ${d.fromMicros('h.hour')} AND ${d.unindexed(`t."${key}"`)} IN (${keys})`;
}

/** Step 3b: daily user rows of the affected days, then the monthly rollups of their month and the active days. */
async function writeDailyUserRows(tx: Db): Promise<number> {
  const d = tx.dialect;
  const replaced = `${inSubquery(tx, '"date"', affectedDays)} AND ${d.unindexed('"user_id"')} IN (${touchedUsers})`;
  // Only the rollups of the users whose rows changed move, by the difference.
  const rows = await withMonthlyDelta(tx, replaced, async () => {
    await tx.run(`DELETE FROM "askbot_dailyusersummary" WHERE ${replaced}`);
    return tx.run(
      `INSERT INTO "askbot_dailyusersummary" (${SUMMARY_COUNTER_COLUMNS}, "time_on_site", "date", "user_id", "summarized")
       SELECT ${W_COUNTERS.map((c) => `sum(x.${c})`).join(', ')}, ${d.durationFromMicros('sum(x.us)')}, x.day, x.k,
              CASE WHEN dd.done = 1 THEN ${d.TRUE} ELSE ${d.FALSE} END
       FROM (${dayParts(tx, 'w_hu', 'askbot_hourlyusersummary', 'user_id', touchedUsers)}) x CROSS JOIN w_days dd
       WHERE dd.day = x.day
       GROUP BY x.k, x.day, dd.done`,
    );
  });
  const span = await tx.one<{ lo: unknown; hi: unknown }>(`SELECT min(day) AS lo, max(day) AS hi FROM w_days WHERE affected = 1`);
  // The active days of the span (every user active on them) and the touched users' next active days.
  if (span?.lo != null) await refreshActiveDays(tx, d.readDate(span.lo), d.readDate(span.hi), touchedUsers);
  return rows;
}

/**
 * Step 3c: hourly and daily rows of the analytics groups (membership from askbot_groupmembership)
 * for the affected hours and days, from w_hu. num_users / num_users_added come from auth_user_groups
 * and date_joined: a base count of the members who joined before the batch, plus a running count of
 * those who joined inside it per (group, hour), so each row costs one index probe.
 */
async function writeGroupRows(tx: Db, b: Batch): Promise<{ hourlyGroup: number; dailyGroup: number }> {
  const d = tx.dialect;
  // The analytics memberships of the batch's users (w_users holds every user of w_hu, once), keyed by
  // user: one probe per hourly row instead of two.
  await createWorkTable(tx, 'w_agm', 'user_id integer NOT NULL, group_id integer NOT NULL, PRIMARY KEY (user_id, group_id)');
  await tx.run(
    `INSERT INTO w_agm (user_id, group_id)
     SELECT gm."user_id", gm."group_id" FROM w_users wu CROSS JOIN "askbot_groupmembership" gm CROSS JOIN "askbot_group" g
     WHERE gm."user_id" = wu.user_id AND g."group_ptr_id" = gm."group_id" AND g."used_for_analytics" = ${d.TRUE}`,
  );
  await analyzeWorkTables(tx, ['w_agm']);
  await createWorkTable(tx, 'w_hg', `group_id integer NOT NULL, hour bigint NOT NULL, ${W_COLUMNS}, PRIMARY KEY (group_id, hour)`);
  await tx.run(
    `INSERT INTO w_hg (group_id, hour, ${W_COUNTERS.join(', ')}, us)
     SELECT gm.group_id, w.hour, ${wSums('w')}
     FROM w_hu w CROSS JOIN w_agm gm WHERE gm.user_id = w.user_id
     GROUP BY gm.group_id, w.hour`,
  );
  // The groups whose hourly rows change: those with rows now, and those that had rows in the
  // affected hours (a group whose members left loses them). Only their daily rows are rewritten.
  await createWorkTable(tx, 'w_groups', 'group_id integer PRIMARY KEY');
  await tx.run(
    `INSERT INTO w_groups (group_id)
     SELECT group_id FROM w_hg UNION SELECT t."group_id" FROM "askbot_hourlygroupsummary" t WHERE ${inSubquery(tx, 't."hour"', affectedHourValues(tx))}`,
  );
  await analyzeWorkTables(tx, ['w_groups']);
  // Members are counted without reading every membership: a group's members less those who joined
  // since `lo`. The batch's groups are a filter on each joiner's memberships: as an index key SQLite
  // would probe every group for every joiner (23x slower over a year's joiners).
  await createWorkTable(tx, 'w_gbase', 'group_id integer PRIMARY KEY, base bigint NOT NULL');
  await tx.run(
    `INSERT INTO w_gbase (group_id, base)
     SELECT wg.group_id, ${allMembers('wg.group_id')} - coalesce(l.n, 0)
     FROM w_groups wg CROSS JOIN "askbot_group" g
       LEFT JOIN (SELECT ug."group_id" AS group_id, count(*) AS n FROM ${joinedSince(tx, big(1))} GROUP BY ug."group_id") l ON l.group_id = wg.group_id
     WHERE g."group_ptr_id" = wg.group_id AND g."used_for_analytics" = ${d.TRUE}`,
    [b.lo],
  );
  await createWorkTable(tx, 'w_gjoin', 'group_id integer NOT NULL, hour bigint NOT NULL, added bigint NOT NULL, cum bigint NOT NULL, PRIMARY KEY (group_id, hour)');
  await tx.run(
    `INSERT INTO w_gjoin (group_id, hour, added, cum)
     SELECT group_id, hour, n, sum(n) OVER (PARTITION BY group_id ORDER BY hour ROWS UNBOUNDED PRECEDING) FROM (
       SELECT ug."group_id" AS group_id, ${d.hourOf(d.micros('u."date_joined"'))} AS hour, count(*) AS n
       FROM ${joinedSince(tx, big(1))} AND ${before(tx, 'u."date_joined"', big(2))}
         AND ${d.unindexed('ug."group_id"')} IN (SELECT b.group_id FROM w_gbase b)
       GROUP BY ug."group_id", ${d.hourOf(d.micros('u."date_joined"'))}) x`,
    [b.lo, b.hi],
  );
  await analyzeWorkTables(tx, ['w_hg', 'w_gbase', 'w_gjoin']);
  /** Members who joined inside the batch before the µs expression `end` (at most `hi`): one index probe. */
  const joinedBefore = (end: string) =>
    `coalesce((SELECT j.cum FROM w_gjoin j WHERE j.group_id = x.group_id AND j.hour < ${end} ORDER BY j.hour DESC LIMIT 1), 0)`;

  await tx.run(`DELETE FROM "askbot_hourlygroupsummary" WHERE ${inSubquery(tx, '"hour"', affectedHourValues(tx))}`);
  const hourlyGroup = await tx.run(
    `INSERT INTO "askbot_hourlygroupsummary" (${SUMMARY_COUNTER_COLUMNS}, "time_on_site", "summarized", "hour", "num_users", "group_id", "num_users_added")
     SELECT ${wCounters('x')}, ${d.durationFromMicros('x.us')}, ${d.TRUE}, ${d.fromMicros('x.hour')},
            coalesce(b.base, 0) + ${joinedBefore(`x.hour + ${HOUR}`)}, x.group_id, coalesce(jx.added, 0)
     FROM w_hg x LEFT JOIN w_gbase b ON b.group_id = x.group_id LEFT JOIN w_gjoin jx ON jx.group_id = x.group_id AND jx.hour = x.hour`,
  );

  await tx.run(`DELETE FROM "askbot_dailygroupsummary" WHERE ${inSubquery(tx, '"date"', affectedDays)} AND ${d.unindexed('"group_id"')} IN (${touchedGroups})`);
  const dailyGroup = await tx.run(
    `INSERT INTO "askbot_dailygroupsummary" (${SUMMARY_COUNTER_COLUMNS}, "time_on_site", "date", "num_users", "group_id", "summarized", "num_users_added")
     SELECT ${wCounters('y')}, ${d.durationFromMicros('y.us')}, y.day, coalesce(b.base, 0) + y.by_end, y.group_id,
            CASE WHEN y.done = 1 THEN ${d.TRUE} ELSE ${d.FALSE} END, y.by_end - y.by_start
     FROM (
       SELECT x.*, ${joinedBefore('x.dhi')} AS by_end, ${joinedBefore('x.dlo')} AS by_start FROM (
         SELECT p.k AS group_id, p.day AS day, dd.dlo AS dlo, dd.dhi AS dhi, dd.done AS done, ${wSums('p')}
         FROM (${dayParts(tx, 'w_hg', 'askbot_hourlygroupsummary', 'group_id', touchedGroups)}) p CROSS JOIN w_days dd
         WHERE dd.day = p.day
         GROUP BY p.k, p.day, dd.dlo, dd.dhi, dd.done
       ) x
     ) y LEFT JOIN w_gbase b ON b.group_id = y.group_id`,
  );
  return { hourlyGroup, dailyGroup };
}

/** Step 4: what was compiled is flagged, in the same transaction as the rows it produced. */
async function markCompiled(tx: Db, b: Batch): Promise<{ events: number; sessions: number }> {
  const d = tx.dialect;
  const m = (c: string) => d.micros(c);
  const events = await tx.run(
    `UPDATE "askbot_event" SET "summarized" = ${d.TRUE}
     WHERE "summarized" = ${d.FALSE} AND ${inRange(tx, '"timestamp"', big(1), big(2))}`,
    [b.lo, b.hi],
  );
  // A session still open past the batch end stays pending from there (last_summarized_at = hi).
  const sessions = await tx.run(
    `UPDATE "askbot_session" SET "last_summarized_at" =
       CASE WHEN ${m('"updated_at"')} <= ${big(2)} THEN "updated_at" ELSE ${d.fromMicros(big(2))} END
     WHERE "updated_at" > "last_summarized_at"
       AND "created_at" >= ${d.fromMicros(`${big(1)} - ${big(3)}`)} AND "created_at" < ${d.fromMicros(`${big(2)} + ${margin(tx)}`)}
       AND ${d.greatest(m('"created_at"'), m('"last_summarized_at"'))} < ${big(2)}`,
    [b.lo, b.hi, b.longest],
  );
  return { events, sessions };
}

/** Compiles one batch inside the transaction `tx`; `check` throws when the job was cancelled. */
export async function compileBatch(tx: Db, b: Batch, check: () => void): Promise<BatchCounts> {
  await createBatchTables(tx, b);
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
  await createBatchTables(tx, b);
  // Every hour is replaced, so groups a member left lose their rows too.
  await tx.run(`UPDATE w_hours SET affected = 1 WHERE hour < ${big(1)}`, [b.hi]);
  await markAffectedDays(tx);
  await createWorkTable(tx, 'w_hu', `user_id integer NOT NULL, hour bigint NOT NULL, ${W_COLUMNS}`);
  await tx.run(
    `INSERT INTO w_hu (user_id, hour, ${W_COUNTERS.join(', ')}, us)
     SELECT h."user_id", ${d.micros('h."hour"')}, h."num_questions", h."num_answers", h."num_upvotes", h."num_downvotes", h."question_views",
            ${d.durationMicros('h."time_on_site"')}
     FROM "askbot_hourlyusersummary" h WHERE ${inRange(tx, 'h."hour"', big(1), big(2))}`,
    [b.lo, b.hi],
  );
  await createWorkTable(tx, 'w_users', 'user_id integer PRIMARY KEY');
  await tx.run('INSERT INTO w_users (user_id) SELECT DISTINCT user_id FROM w_hu');
  await analyzeWorkTables(tx, ['w_days', 'w_hours', 'w_hu', 'w_users']);
  const r = await writeGroupRows(tx, b);
  await dropWorkTables(tx, WORK_TABLES);
  return r;
}

/**
 * Daily group rows not final yet (Askbot's step 5): their member counts are recomputed for the day up
 * to the cutoff (so a day's counts do not depend on when the compiles ran), and rows of days that have
 * ended are marked final. Only non-final rows are touched: today's, and those of a day that just ended.
 */
export async function finalizeDays(
  tx: Db,
  cutoff: number,
  todayStart: number,
  dayBounds: (date: string) => { dlo: number; dhi: number },
): Promise<number> {
  const d = tx.dialect;
  const today = d.dayOfInstant(todayStart);
  const dates = await tx.all<{ date: unknown }>(
    `SELECT DISTINCT "date" FROM "askbot_dailygroupsummary"${indexedBy(tx, 'aac_dailygroup_pending')} WHERE "summarized" = ${d.FALSE}`,
  );
  let rows = 0;
  for (const r of dates) {
    const date = d.readDate(r.date);
    const { dlo, dhi } = dayBounds(date);
    // The member counts of the groups with non-final rows that day, then one UPDATE from them.
    await createWorkTable(tx, 'w_fin', 'group_id integer PRIMARY KEY, nu bigint NOT NULL, na bigint NOT NULL');
    // Members before the end = all members less those who joined since; added = those who joined
    // since the day began and before the end.
    await tx.run(
      `INSERT INTO w_fin (group_id, nu, na)
       SELECT p.group_id, ${allMembers('p.group_id')} - coalesce(l.later, 0), coalesce(l.added, 0)
       FROM (SELECT DISTINCT "group_id" AS group_id FROM "askbot_dailygroupsummary" WHERE "summarized" = ${d.FALSE} AND "date" = $3) p
         LEFT JOIN (
           SELECT ug."group_id" AS group_id, sum(CASE WHEN ${before(tx, 'u."date_joined"', big(2))} THEN 0 ELSE 1 END) AS later,
                  sum(CASE WHEN ${before(tx, 'u."date_joined"', big(2))} THEN 1 ELSE 0 END) AS added
           FROM ${joinedSince(tx, big(1))}
           GROUP BY ug."group_id") l ON l.group_id = p.group_id`,
      [dlo, Math.min(dhi, cutoff), d.dateParam(date)],
    );
    const fin = (col: string) => `coalesce((SELECT f.${col} FROM w_fin f WHERE f.group_id = "askbot_dailygroupsummary"."group_id"), 0)`;
    rows += await tx.run(
      `UPDATE "askbot_dailygroupsummary" SET "summarized" = ${date < today ? d.TRUE : d.FALSE}, "num_users" = ${fin('nu')}, "num_users_added" = ${fin('na')}
       WHERE "summarized" = ${d.FALSE} AND "date" = $1`,
      [d.dateParam(date)],
    );
    await dropWorkTables(tx, ['w_fin']);
  }
  await tx.run(
    `UPDATE "askbot_dailyusersummary" SET "summarized" = ${d.TRUE}
     WHERE "id" IN (SELECT "id" FROM "askbot_dailyusersummary"${indexedBy(tx, 'aac_dailyuser_pending')} WHERE "summarized" = ${d.FALSE} AND "date" < $1)`,
    [d.dateParam(today)],
  );
  return rows;
}

// One bounded transaction of the compiler: a run of whole bucket days [lo, hi) (hi is at most the
// start of the current hour). Everything is set-based SQL over small work tables:
//   1. the affected (user, hour) windows: hours with unsummarized events, and the not-yet-compiled
//      part of pending sessions (updated_at > last_summarized_at);
//   2. those windows recomputed from the raw events and sessions (replace, never add); time on site
//      is the union of the user's session intervals clipped to the hour;
//   3. the affected days' daily user rows, then the affected (group, hour) and (group, day) rows;
//   4. the flags: events summarized, sessions' last_summarized_at = the point compiled up to.
import { EVENT } from '../forum/analytics';
import type { Db } from '../db/types';
import {
  HOUR,
  analyzeWorkTables,
  big,
  createWorkTable,
  dateType,
  dropWorkTables,
  inRange,
  indexedBy,
  margin,
  before,
} from './sql';

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

const WORK_TABLES = ['w_hours', 'w_days', 'w_win', 'w_ev', 'w_tos', 'w_dwin', 'w_gwin', 'w_gmem', 'w_gbase', 'w_gjoin', 'w_gdwin'] as const;

/** Sums of the five counters, as SQL select items over the alias `t`. */
const counterSums = (t: string) =>
  `sum(${t}."num_questions"), sum(${t}."num_answers"), sum(${t}."num_upvotes"), sum(${t}."num_downvotes"), sum(${t}."question_views")`;
const COUNTER_COLUMNS = '"num_questions", "num_answers", "num_upvotes", "num_downvotes", "question_views"';

/** Work tables every batch uses: the hours and days of the batch. */
async function createBatchTables(tx: Db, b: Batch): Promise<void> {
  await createWorkTable(tx, 'w_hours', 'hour bigint PRIMARY KEY');
  await tx.run(
    `WITH RECURSIVE hs(hour) AS (SELECT ${big(1)} UNION ALL SELECT hour + ${HOUR} FROM hs WHERE hour + ${HOUR} < ${big(2)})
     INSERT INTO w_hours (hour) SELECT hour FROM hs`,
    [b.lo, b.hi],
  );
  await createWorkTable(tx, 'w_days', `day ${dateType(tx)} PRIMARY KEY, dlo bigint NOT NULL, dhi bigint NOT NULL, done integer NOT NULL`);
  const values = b.days.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`).join(', ');
  await tx.run(
    `INSERT INTO w_days (day, dlo, dhi, done) VALUES ${values}`,
    b.days.flatMap((x) => [tx.dialect.dateParam(x.day), x.dlo, x.dhi, x.done ? 1 : 0]),
  );
  await createWorkTable(tx, 'w_win', 'user_id integer NOT NULL, hour bigint NOT NULL, PRIMARY KEY (user_id, hour)');
}

/** Step 1: the (user, hour) windows touched by unsummarized events and pending sessions. */
async function findWindows(tx: Db, b: Batch): Promise<void> {
  const d = tx.dialect;
  const m = (c: string) => d.micros(c);
  const sessionStart = d.greatest(m('s."created_at"'), m('s."last_summarized_at"'));
  await tx.run(
    `INSERT INTO w_win (user_id, hour)
     SELECT user_id, hour FROM (
       SELECT s."user_id" AS user_id, ${d.hourOf(m('e."timestamp"'))} AS hour
       FROM "askbot_event" e${indexedBy(tx, 'aac_event_unsummarized')} CROSS JOIN "askbot_session" s
       WHERE e."summarized" = ${d.FALSE} AND ${inRange(tx, 'e."timestamp"', big(1), big(2))}
         AND s."id" = e."session_id" AND s."user_id" IS NOT NULL
       UNION ALL
       SELECT s."user_id" AS user_id, h.hour AS hour
       FROM "askbot_session" s${indexedBy(tx, 'aac_session_pending')} CROSS JOIN w_hours h
       WHERE s."updated_at" > s."last_summarized_at"
         AND s."created_at" >= ${d.fromMicros(`${big(1)} - ${big(3)}`)} AND s."created_at" < ${d.fromMicros(`${big(2)} + ${margin(tx)}`)}
         AND s."user_id" IS NOT NULL
         AND h.hour >= ${d.hourOf(sessionStart)} AND h.hour < ${d.least(m('s."updated_at"'), big(2))}
     ) x GROUP BY user_id, hour`,
    [b.lo, b.hi, b.longest],
  );
}

/** Step 2: the windows' counters and time on site from the raw rows, then the hourly user rows replaced. */
async function recomputeHourlyUserRows(tx: Db, b: Batch): Promise<number> {
  const d = tx.dialect;
  const m = (c: string) => d.micros(c);
  const count = (type: number) => `sum(CASE WHEN e."event_type" = ${type} THEN 1 ELSE 0 END)`;
  await createWorkTable(
    tx,
    'w_ev',
    'user_id integer NOT NULL, hour bigint NOT NULL, q bigint, a bigint, up bigint, down bigint, views bigint, PRIMARY KEY (user_id, hour)',
  );
  // Every event of the affected hours, summarized or not: a window is recomputed, never incremented.
  await tx.run(
    `INSERT INTO w_ev (user_id, hour, q, a, up, down, views)
     SELECT s."user_id", hh.hour, ${count(EVENT.ASKED)}, ${count(EVENT.ANSWERED)}, ${count(EVENT.UPVOTED)},
            ${count(EVENT.DOWNVOTED)}, ${count(EVENT.QUESTION_VIEWED)}
     FROM (SELECT DISTINCT hour FROM w_win) hh
     CROSS JOIN "askbot_event" e${indexedBy(tx, 'aac_event_timestamp')}
     CROSS JOIN "askbot_session" s
     WHERE ${inRange(tx, 'e."timestamp"', 'hh.hour', `hh.hour + ${HOUR}`)} AND s."id" = e."session_id"
       AND EXISTS (SELECT 1 FROM w_win w WHERE w.user_id = s."user_id" AND w.hour = hh.hour)
     GROUP BY s."user_id", hh.hour`,
  );
  await createWorkTable(tx, 'w_tos', 'user_id integer NOT NULL, hour bigint NOT NULL, us bigint NOT NULL, PRIMARY KEY (user_id, hour)');
  // Union of intervals: sorted by start, each interval adds what lies beyond the furthest end so far.
  await tx.run(
    `INSERT INTO w_tos (user_id, hour, us)
     SELECT user_id, hour, sum(CASE WHEN en > from_us THEN en - from_us ELSE 0 END) FROM (
       SELECT user_id, hour, en, CASE WHEN prev_end IS NULL OR prev_end < st THEN st ELSE prev_end END AS from_us FROM (
         SELECT user_id, hour, st, en,
                max(en) OVER (PARTITION BY user_id, hour ORDER BY st, en ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
         FROM (
           SELECT w.user_id AS user_id, w.hour AS hour,
                  ${d.greatest(m('s."created_at"'), 'w.hour')} AS st, ${d.least(m('s."updated_at"'), `w.hour + ${HOUR}`)} AS en
           FROM w_win w CROSS JOIN "askbot_session" s${indexedBy(tx, 'aac_session_user_created')}
           WHERE s."user_id" = w.user_id
             AND s."created_at" >= ${d.fromMicros(`w.hour - ${big(1)}`)} AND s."created_at" < ${d.fromMicros(`w.hour + ${HOUR + margin(tx)}`)}
             AND ${m('s."created_at"')} < w.hour + ${HOUR} AND ${m('s."updated_at"')} > w.hour
         ) iv
       ) ordered
     ) x GROUP BY user_id, hour`,
    [b.longest],
  );
  await analyzeWorkTables(tx, ['w_hours', 'w_days', 'w_win', 'w_ev', 'w_tos']);
  await tx.run(
    `DELETE FROM "askbot_hourlyusersummary" WHERE "id" IN (
       SELECT t."id" FROM w_win w CROSS JOIN "askbot_hourlyusersummary" t
       WHERE t."user_id" = w.user_id AND t."hour" = ${d.fromMicros('w.hour')})`,
  );
  return tx.run(
    `INSERT INTO "askbot_hourlyusersummary" (${COUNTER_COLUMNS}, "time_on_site", "summarized", "hour", "user_id")
     SELECT coalesce(ev.q, 0), coalesce(ev.a, 0), coalesce(ev.up, 0), coalesce(ev.down, 0), coalesce(ev.views, 0),
            ${d.durationFromMicros('coalesce(t.us, 0)')}, ${d.TRUE}, ${d.fromMicros('w.hour')}, w.user_id
     FROM w_win w
     LEFT JOIN w_ev ev ON ev.user_id = w.user_id AND ev.hour = w.hour
     LEFT JOIN w_tos t ON t.user_id = w.user_id AND t.hour = w.hour
     WHERE ev.user_id IS NOT NULL OR t.us > 0`,
  );
}

/** Step 3a: daily user rows of the affected (user, day) pairs = sums of their hourly rows. */
async function recomputeDailyUserRows(tx: Db): Promise<number> {
  const d = tx.dialect;
  await createWorkTable(tx, 'w_dwin', `user_id integer NOT NULL, day ${dateType(tx)} NOT NULL, PRIMARY KEY (user_id, day)`);
  await tx.run(
    `INSERT INTO w_dwin (user_id, day)
     SELECT DISTINCT w.user_id, dd.day FROM w_win w CROSS JOIN w_days dd WHERE w.hour >= dd.dlo AND w.hour < dd.dhi`,
  );
  await tx.run(
    `DELETE FROM "askbot_dailyusersummary" WHERE "id" IN (
       SELECT t."id" FROM w_dwin x CROSS JOIN "askbot_dailyusersummary" t WHERE t."user_id" = x.user_id AND t."date" = x.day)`,
  );
  return tx.run(
    `INSERT INTO "askbot_dailyusersummary" (${COUNTER_COLUMNS}, "time_on_site", "date", "user_id", "summarized")
     SELECT ${counterSums('h')}, sum(h."time_on_site"), x.day, x.user_id, CASE WHEN dd.done = 1 THEN ${d.TRUE} ELSE ${d.FALSE} END
     FROM w_dwin x CROSS JOIN w_days dd CROSS JOIN "askbot_hourlyusersummary" h
     WHERE dd.day = x.day AND h."user_id" = x.user_id AND ${inRange(tx, 'h."hour"', 'dd.dlo', 'dd.dhi')}
     GROUP BY x.user_id, x.day, dd.done`,
  );
}

/**
 * Step 3b: hourly and daily rows of the analytics groups of the affected users (membership from
 * askbot_groupmembership; num_users / num_users_added from auth_user_groups and date_joined).
 * `w_win` holds the affected windows; the caller has created w_hours/w_days.
 */
export async function recomputeGroupRows(tx: Db, b: Batch): Promise<{ hourlyGroup: number; dailyGroup: number }> {
  const d = tx.dialect;
  await createWorkTable(tx, 'w_gwin', 'group_id integer NOT NULL, hour bigint NOT NULL, PRIMARY KEY (group_id, hour)');
  await tx.run(
    `INSERT INTO w_gwin (group_id, hour)
     SELECT DISTINCT gm."group_id", w.hour
     FROM w_win w CROSS JOIN "askbot_groupmembership" gm CROSS JOIN "askbot_group" g
     WHERE gm."user_id" = w.user_id AND g."group_ptr_id" = gm."group_id" AND g."used_for_analytics" = ${d.TRUE}`,
  );
  // Members counted by account creation time, as Askbot does: a base count before the batch plus
  // the members who joined inside it (few), so no group's member list is scanned per hour.
  const members = `(SELECT DISTINCT group_id FROM w_gwin) g CROSS JOIN "auth_user_groups" ug CROSS JOIN "auth_user" u
                   WHERE ug."group_id" = g.group_id AND u."id" = ug."user_id"`;
  // One pass over the affected groups' members: those who joined before the batch are only counted;
  // those who joined inside it are numbered per group in joining order, so "how many joined before t"
  // is one index probe (the number of the last one before t) however big the group.
  await createWorkTable(tx, 'w_gmem', 'group_id integer NOT NULL, t bigint');
  await tx.run(
    `INSERT INTO w_gmem (group_id, t)
     SELECT g.group_id, CASE WHEN ${before(tx, 'u."date_joined"', big(1))} THEN NULL ELSE ${d.micros('u."date_joined"')} END FROM ${members}`,
    [b.lo],
  );
  await createWorkTable(tx, 'w_gbase', 'group_id integer PRIMARY KEY, base bigint NOT NULL');
  await tx.run(`INSERT INTO w_gbase (group_id, base) SELECT group_id, sum(CASE WHEN t IS NULL THEN 1 ELSE 0 END) FROM w_gmem GROUP BY group_id`);
  await createWorkTable(tx, 'w_gjoin', 'group_id integer NOT NULL, t bigint NOT NULL, rn bigint NOT NULL');
  await tx.run(
    `INSERT INTO w_gjoin (group_id, t, rn)
     SELECT group_id, t, row_number() OVER (PARTITION BY group_id ORDER BY t) FROM w_gmem WHERE t IS NOT NULL AND t < ${big(1)}`,
    [b.hi],
  );
  await tx.exec('CREATE INDEX w_gjoin_group_t ON w_gjoin (group_id, t, rn)');
  await analyzeWorkTables(tx, ['w_gwin', 'w_gbase', 'w_gjoin']);
  const joinedBefore = (end: string) =>
    `coalesce((SELECT j.rn FROM w_gjoin j WHERE j.group_id = x.group_id AND j.t < ${end} ORDER BY j.t DESC, j.rn DESC LIMIT 1), 0)`;
  const joinedIn = (start: string, end: string) => `(${joinedBefore(end)} - ${joinedBefore(start)})`;

  await tx.run(
    `DELETE FROM "askbot_hourlygroupsummary" WHERE "id" IN (
       SELECT t."id" FROM w_gwin w CROSS JOIN "askbot_hourlygroupsummary" t
       WHERE t."group_id" = w.group_id AND t."hour" = ${d.fromMicros('w.hour')})`,
  );
  const hourlyGroup = await tx.run(
    `INSERT INTO "askbot_hourlygroupsummary" (${COUNTER_COLUMNS}, "time_on_site", "summarized", "hour", "num_users", "group_id", "num_users_added")
     SELECT x.q, x.a, x.up, x.down, x.views, x.tos, ${d.TRUE}, ${d.fromMicros('x.hour')},
            coalesce(b.base, 0) + ${joinedBefore(`x.hour + ${HOUR}`)}, x.group_id, ${joinedIn('x.hour', `x.hour + ${HOUR}`)}
     FROM (
       SELECT gm."group_id" AS group_id, hh.hour AS hour, sum(h."num_questions") AS q, sum(h."num_answers") AS a,
              sum(h."num_upvotes") AS up, sum(h."num_downvotes") AS down, sum(h."question_views") AS views, sum(h."time_on_site") AS tos
       FROM (SELECT DISTINCT hour FROM w_gwin) hh
       CROSS JOIN "askbot_hourlyusersummary" h
       CROSS JOIN "askbot_groupmembership" gm
       WHERE h."hour" = ${d.fromMicros('hh.hour')} AND ${inRange(tx, 'h."hour"', big(1), big(2))} AND gm."user_id" = h."user_id"
         AND EXISTS (SELECT 1 FROM w_gwin wg WHERE wg.group_id = gm."group_id" AND wg.hour = hh.hour)
       GROUP BY gm."group_id", hh.hour
     ) x LEFT JOIN w_gbase b ON b.group_id = x.group_id`,
    [b.lo, b.hi],
  );

  await createWorkTable(tx, 'w_gdwin', `group_id integer NOT NULL, day ${dateType(tx)} NOT NULL, PRIMARY KEY (group_id, day)`);
  await tx.run(
    `INSERT INTO w_gdwin (group_id, day)
     SELECT DISTINCT wg.group_id, dd.day FROM w_gwin wg CROSS JOIN w_days dd WHERE wg.hour >= dd.dlo AND wg.hour < dd.dhi`,
  );
  await tx.run(
    `DELETE FROM "askbot_dailygroupsummary" WHERE "id" IN (
       SELECT t."id" FROM w_gdwin x CROSS JOIN "askbot_dailygroupsummary" t WHERE t."group_id" = x.group_id AND t."date" = x.day)`,
  );
  const dailyGroup = await tx.run(
    `INSERT INTO "askbot_dailygroupsummary" (${COUNTER_COLUMNS}, "time_on_site", "date", "num_users", "group_id", "summarized", "num_users_added")
     SELECT x.q, x.a, x.up, x.down, x.views, x.tos, x.day, coalesce(b.base, 0) + ${joinedBefore('x.dhi')}, x.group_id,
            CASE WHEN x.done = 1 THEN ${d.TRUE} ELSE ${d.FALSE} END, ${joinedIn('x.dlo', 'x.dhi')}
     FROM (
       SELECT wd.group_id AS group_id, dd.day AS day, dd.dlo AS dlo, dd.dhi AS dhi, dd.done AS done,
              sum(hg."num_questions") AS q, sum(hg."num_answers") AS a, sum(hg."num_upvotes") AS up,
              sum(hg."num_downvotes") AS down, sum(hg."question_views") AS views, sum(hg."time_on_site") AS tos
       FROM w_gdwin wd CROSS JOIN w_days dd CROSS JOIN "askbot_hourlygroupsummary" hg
       WHERE dd.day = wd.day AND hg."group_id" = wd.group_id AND ${inRange(tx, 'hg."hour"', 'dd.dlo', 'dd.dhi')}
         AND ${inRange(tx, 'hg."hour"', big(1), big(2))}
       GROUP BY wd.group_id, dd.day, dd.dlo, dd.dhi, dd.done
     ) x LEFT JOIN w_gbase b ON b.group_id = x.group_id`,
    [b.lo, b.hi],
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
  await findWindows(tx, b);
  check();
  const hourlyUser = await recomputeHourlyUserRows(tx, b);
  check();
  const dailyUser = await recomputeDailyUserRows(tx);
  check();
  const groups = await recomputeGroupRows(tx, b);
  check();
  const flags = await markCompiled(tx, b);
  await dropWorkTables(tx, WORK_TABLES);
  return { hourlyUser, dailyUser, ...groups, ...flags };
}

/** Recomputes only the group rows of a batch from its hourly user rows (after membership changes). */
export async function regroupBatch(tx: Db, b: Batch): Promise<{ hourlyGroup: number; dailyGroup: number }> {
  await createBatchTables(tx, b);
  await tx.run(
    `INSERT INTO w_win (user_id, hour)
     SELECT DISTINCT h."user_id", ${tx.dialect.micros('h."hour"')} FROM "askbot_hourlyusersummary" h
     WHERE ${inRange(tx, 'h."hour"', big(1), big(2))}`,
    [b.lo, b.hi],
  );
  // Groups a member left must lose their rows too: the whole range is replaced.
  await tx.run(`DELETE FROM "askbot_hourlygroupsummary" WHERE ${inRange(tx, '"hour"', big(1), big(2))}`, [b.lo, b.hi]);
  await tx.run(`DELETE FROM "askbot_dailygroupsummary" WHERE "date" IN (SELECT day FROM w_days)`);
  const r = await recomputeGroupRows(tx, b);
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
  const dates = await tx.all<{ date: unknown }>(`SELECT DISTINCT "date" FROM "askbot_dailygroupsummary" WHERE "summarized" = ${d.FALSE}`);
  let rows = 0;
  for (const r of dates) {
    const date = d.readDate(r.date);
    const { dlo, dhi } = dayBounds(date);
    // One grouped pass over the members of the groups concerned, then one UPDATE from it.
    await createWorkTable(tx, 'w_fin', 'group_id integer PRIMARY KEY, nu bigint NOT NULL, na bigint NOT NULL');
    await tx.run(
      `INSERT INTO w_fin (group_id, nu, na)
       SELECT ug."group_id", sum(CASE WHEN ${before(tx, 'u."date_joined"', big(2))} THEN 1 ELSE 0 END),
              sum(CASE WHEN ${before(tx, 'u."date_joined"', big(2))} AND NOT (${before(tx, 'u."date_joined"', big(1))}) THEN 1 ELSE 0 END)
       FROM "auth_user_groups" ug CROSS JOIN "auth_user" u
       WHERE ug."group_id" IN (SELECT "group_id" FROM "askbot_dailygroupsummary" WHERE "summarized" = ${d.FALSE} AND "date" = $3)
         AND u."id" = ug."user_id"
       GROUP BY ug."group_id"`,
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
  await tx.run(`UPDATE "askbot_dailyusersummary" SET "summarized" = ${d.TRUE} WHERE "summarized" = ${d.FALSE} AND "date" < $1`, [d.dateParam(today)]);
  return rows;
}

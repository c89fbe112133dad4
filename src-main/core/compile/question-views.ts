// The compiler's upkeep of the question views (derived/question-views.ts): each batch recounts the
// views of the days holding its affected hours, whole, up to the batch's end, in the transaction that
// marks those events summarized, so the tables always hold the views of the summarized events.
import type { Db } from '../db/types';
import { bigint, ident, join, sql } from '../db/sql';
import { createWorkTable, dateType, dropWorkTables, inSubquery } from '../db/sql-parts';
import { DAILY_VIEWS_TABLE, MONTHLY_VIEWS_TABLE, questionViewsExist, viewedPostSql } from '../derived/question-views';
import { VIEWED_INDEX } from '../derived/report-indexes-top';
import { type Batch, affectedDayRuns, affectedDays, eventBucketHour } from './batch-calendar';
import { inRange, indexedBy } from './sql';

/**
 * Inside a batch's transaction, after its affected days are flagged (w_batch_days, w_batch_hours):
 * every affected day's views recounted from its events up to the batch's end (found on the
 * question-viewed index by the days' bounds as parameters, each event's bucket hour computed and
 * looked up in w_batch_hours for its day) into w_day_question_views, the month rows moved by the
 * difference, the day rows replaced. A no-op when the tables are absent.
 */
export async function refreshQuestionViews(tx: Db, b: Batch): Promise<void> {
  if (!(await questionViewsExist(tx))) return;
  const d = tx.dialect;
  const runs = await affectedDayRuns(tx, b);
  if (runs.length === 0) return;
  const inRuns = join(
    runs.map((r) => sql`(${inRange(tx, 'e."timestamp"', bigint(r.lo), bigint(r.hi))})`),
    ' OR ',
  );
  const daily = ident(DAILY_VIEWS_TABLE);
  const monthly = ident(MONTHLY_VIEWS_TABLE);
  await createWorkTable(
    tx,
    'w_day_question_views',
    sql`day ${dateType(tx)} NOT NULL, post_id integer NOT NULL, views bigint NOT NULL, PRIMARY KEY (day, post_id)`,
  );
  await tx.run(
    sql`INSERT INTO w_day_question_views (day, post_id, views)
     SELECT h.day, e."object_id", count(*)
     FROM "askbot_event" e${indexedBy(tx, VIEWED_INDEX)} CROSS JOIN w_batch_hours h CROSS JOIN "askbot_session" s
     WHERE (${inRuns}) AND ${viewedPostSql('e')} AND h.hour = ${eventBucketHour(tx, b)} AND s."id" = e."session_id" AND s."user_id" IS NOT NULL
     GROUP BY h.day, e."object_id"`,
  );
  // The months move by (new − old) per post: a recount of the affected days, never of a whole month.
  await tx.run(
    sql`INSERT INTO ${monthly} ("month", "post_id", "views")
     SELECT x.month, x.post_id, sum(x.views) FROM (
       SELECT ${d.monthStart('q.day')} AS month, q.post_id AS post_id, q.views AS views FROM w_day_question_views q
       UNION ALL
       SELECT ${d.monthStart('t."date"')}, t."post_id", -t."views" FROM ${daily} t WHERE ${inSubquery(tx, 't."date"', affectedDays)}) x
     GROUP BY x.month, x.post_id HAVING sum(x.views) <> 0
     ON CONFLICT ("month", "post_id") DO UPDATE SET "views" = ${monthly}."views" + excluded."views"`,
  );
  await tx.run(sql`DELETE FROM ${monthly} WHERE "month" IN (SELECT ${d.monthStart('dd.day')} FROM w_batch_days dd WHERE dd.affected = 1) AND "views" = 0`);
  await tx.run(sql`DELETE FROM ${daily} WHERE ${inSubquery(tx, '"date"', affectedDays)}`);
  await tx.run(sql`INSERT INTO ${daily} ("date", "post_id", "views") SELECT day, post_id, views FROM w_day_question_views`);
  await dropWorkTables(tx, ['w_day_question_views']);
}

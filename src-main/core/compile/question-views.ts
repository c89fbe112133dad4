// The compiler's upkeep of the question views (derived/question-views.ts): each batch recounts the
// views of the days holding its affected hours, whole, up to the batch's end, in the transaction that
// marks those events summarized, so the tables always hold the views of the summarized events.
import type { Db } from '../db/types';
import { createWorkTable, dateType, dropWorkTables, inSubquery } from '../db/sql-parts';
import { DAILY_VIEWS_TABLE, MONTHLY_VIEWS_TABLE, questionViewsExist, viewedPostSql } from '../derived/question-views';
import { VIEWED_INDEX } from '../derived/report-indexes-top';
import type { Batch } from './batch';
import { HOUR, big, inRange, indexedBy } from './sql';

/** The runs of consecutive affected days of the batch (w_days), as [lo, hi) µs ending by the batch's end. */
async function affectedDayRuns(tx: Db, b: Batch): Promise<Array<{ lo: number; hi: number }>> {
  const rows = await tx.all<{ dlo: unknown; dhi: unknown }>('SELECT dlo, dhi FROM w_days WHERE affected = 1 ORDER BY dlo');
  const runs: Array<{ lo: number; hi: number }> = [];
  for (const r of rows) {
    const lo = Number(r.dlo);
    const hi = Math.min(Number(r.dhi), b.hi);
    const last = runs[runs.length - 1];
    if (last && last.hi === lo) last.hi = hi;
    else if (hi > lo) runs.push({ lo, hi });
  }
  return runs;
}

/**
 * Inside a batch's transaction, after its affected days are flagged (w_days, w_hours): every
 * affected day's views recounted from its events up to the batch's end (found on the question-viewed
 * index by the days' bounds as parameters, each event's bucket hour computed and looked up in w_hours
 * for its day), the month rows moved by the difference, the day rows replaced. A no-op when the
 * tables are absent.
 */
export async function refreshQuestionViews(tx: Db, b: Batch): Promise<void> {
  if (!(await questionViewsExist(tx))) return;
  const d = tx.dialect;
  const runs = await affectedDayRuns(tx, b);
  if (runs.length === 0) return;
  const params: number[] = [b.lo];
  const param = (v: number) => big(params.push(v));
  const inRuns = runs.map((r) => `(${inRange(tx, 'e."timestamp"', param(r.lo), param(r.hi))})`).join(' OR ');
  const hourOfEvent = `${big(1)} + ${d.int(`(${d.micros('e."timestamp"')} - ${big(1)}) / ${HOUR}`)} * ${HOUR}`;
  await createWorkTable(tx, 'w_qv', `day ${dateType(tx)} NOT NULL, post_id integer NOT NULL, views bigint NOT NULL, PRIMARY KEY (day, post_id)`);
  await tx.run(
    `INSERT INTO w_qv (day, post_id, views)
     SELECT h.day, e."object_id", count(*)
     FROM "askbot_event" e${indexedBy(tx, VIEWED_INDEX)} CROSS JOIN w_hours h CROSS JOIN "askbot_session" s
     WHERE (${inRuns}) AND ${viewedPostSql('e')} AND h.hour = ${hourOfEvent} AND s."id" = e."session_id" AND s."user_id" IS NOT NULL
     GROUP BY h.day, e."object_id"`,
    params,
  );
  const days = 'SELECT dd.day FROM w_days dd WHERE dd.affected = 1';
  // The months move by (new − old) per post: a recount of the affected days, never of a whole month.
  await tx.run(
    `INSERT INTO "${MONTHLY_VIEWS_TABLE}" ("month", "post_id", "views")
     SELECT x.month, x.post_id, sum(x.views) FROM (
       SELECT ${d.monthStart('q.day')} AS month, q.post_id AS post_id, q.views AS views FROM w_qv q
       UNION ALL
       SELECT ${d.monthStart('t."date"')}, t."post_id", -t."views" FROM "${DAILY_VIEWS_TABLE}" t WHERE ${inSubquery(tx, 't."date"', days)}) x
     GROUP BY x.month, x.post_id HAVING sum(x.views) <> 0
     ON CONFLICT ("month", "post_id") DO UPDATE SET "views" = "${MONTHLY_VIEWS_TABLE}"."views" + excluded."views"`,
  );
  await tx.run(`DELETE FROM "${MONTHLY_VIEWS_TABLE}" WHERE "month" IN (SELECT ${d.monthStart('dd.day')} FROM w_days dd WHERE dd.affected = 1) AND "views" = 0`);
  await tx.run(`DELETE FROM "${DAILY_VIEWS_TABLE}" WHERE ${inSubquery(tx, '"date"', days)}`);
  await tx.run(`INSERT INTO "${DAILY_VIEWS_TABLE}" ("date", "post_id", "views") SELECT day, post_id, views FROM w_qv`);
  await dropWorkTables(tx, ['w_qv']);
}

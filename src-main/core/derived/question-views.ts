// Views per question, per bucket day and per month, in `aac_dailyquestionviews` and
// `aac_monthlyquestionviews`, for the Overview's most-viewed questions (issue 14). Counted at report
// time that list sorted every question-viewed event of the range (164k for 30 days at 5M events,
// 130-170 ms) and probed each one's session; from these tables it reads a month's rows per post, less
// or plus a few days.
//
// A row (date, post_id) = the compiled question-viewed events (type 4, on a post) of signed-in
// sessions that day; a month row is the sum of its days. Anonymous views are not counted (no report
// counts them); blocked users' and staff's are, since who is left out is decided when a report runs:
// the Overview subtracts their views itself. Compiled means summarized: a batch recounts every day that
// holds an affected hour, whole, up to the batch's end, in the transaction that marks those events
// summarized, so the tables always hold the views of the summarized events. Like the user rollups it
// is derived data only: prefixed, created by `init` and every compile, dropped by `reset --drop-indexes`.
// The compiler's batches keep them current (compile/question-views.ts).
import { EVENT } from '../forum/analytics';
import { listTables } from '../db/schema';
import type { Db } from '../db/types';
import { code, ident, literal, raw, sql, type Sql, type SqlCode } from '../db/sql';
import { dateType, execScript } from '../db/sql-parts';
import { monthOf } from './monthly-rollups';

export const DAILY_VIEWS_TABLE = 'aac_dailyquestionviews';
export const MONTHLY_VIEWS_TABLE = 'aac_monthlyquestionviews';
const DAILY = ident(DAILY_VIEWS_TABLE);
const MONTHLY = ident(MONTHLY_VIEWS_TABLE);

/** SQL: the event `e` is about a post (askbot.post content type). */
export function onPostSql(e: SqlCode): Sql {
  return sql`${code(e)}."content_type_id" = (SELECT ct."id" FROM "django_content_type" ct WHERE ct."app_label" = 'askbot' AND ct."model" = 'post')`;
}

/** SQL: the question-viewed events `e` on posts (a literal type, so the partial viewed index applies). */
export function viewedPostSql(e: SqlCode): Sql {
  return sql`${code(e)}."event_type" = ${literal(Number(EVENT.QUESTION_VIEWED))} AND ${onPostSql(e)}`;
}

export async function questionViewsExist(db: Db): Promise<boolean> {
  const tables = await listTables(db);
  return tables.includes(DAILY_VIEWS_TABLE) && tables.includes(MONTHLY_VIEWS_TABLE);
}

/**
 * Creates the two tables unless they exist, filled from the events already summarized (by Askbot's
 * command or ours); the days of pending events are recounted whole when the next batch compiles them.
 * Rows go in key order, so that on PostgreSQL a day's or a month's rows share pages as the compile's
 * would (a hash aggregate's order scattered a day's rows over thousands of pages).
 */
export async function ensureQuestionViews(db: Db): Promise<string[]> {
  if (await questionViewsExist(db)) return [];
  const d = db.dialect;
  const rowid = raw(db.engine === 'sqlite' ? ' WITHOUT ROWID' : '');
  await db.transaction(async (tx) => {
    await execScript(tx, [sql`DROP TABLE IF EXISTS ${DAILY}`, sql`DROP TABLE IF EXISTS ${MONTHLY}`]);
    await execScript(tx, [
      sql`CREATE TABLE ${DAILY} ("date" ${dateType(db)} NOT NULL, "post_id" integer NOT NULL, "views" bigint NOT NULL,
         PRIMARY KEY ("date", "post_id"))${rowid}`,
    ]);
    await execScript(tx, [
      sql`CREATE TABLE ${MONTHLY} ("month" ${dateType(db)} NOT NULL, "post_id" integer NOT NULL, "views" bigint NOT NULL,
         PRIMARY KEY ("month", "post_id"))${rowid}`,
    ]);
    await tx.run(
      sql`INSERT INTO ${DAILY} ("date", "post_id", "views")
       SELECT v.day, v.post_id, count(*) FROM (
         SELECT ${d.dayOf(d.micros('e."timestamp"'))} AS day, e."object_id" AS post_id
         FROM "askbot_event" e JOIN "askbot_session" s ON s."id" = e."session_id"
         WHERE ${viewedPostSql('e')} AND e."summarized" = ${d.TRUE} AND s."user_id" IS NOT NULL) v
       GROUP BY v.day, v.post_id ORDER BY v.day, v.post_id`,
    );
    await tx.run(
      sql`INSERT INTO ${MONTHLY} ("month", "post_id", "views")
       SELECT ${d.monthStart('t."date"')}, t."post_id", sum(t."views") FROM ${DAILY} t GROUP BY ${d.monthStart('t."date"')}, t."post_id"
       ORDER BY 1, 2`,
    );
  });
  return [DAILY_VIEWS_TABLE, MONTHLY_VIEWS_TABLE];
}

export async function dropQuestionViews(db: Db): Promise<string[]> {
  const tables = await listTables(db);
  const dropped = [DAILY_VIEWS_TABLE, MONTHLY_VIEWS_TABLE].filter((t) => tables.includes(t));
  for (const t of dropped) await execScript(db, [sql`DROP TABLE ${ident(t)}`]);
  return dropped;
}

/**
 * Inside a transaction, after the events from `fromDate` on were marked pending (all when null): their
 * days' views go; the month holding `fromDate` keeps its earlier days.
 */
export async function clearQuestionViews(tx: Db, fromDate: string | null): Promise<void> {
  if (!(await questionViewsExist(tx))) return;
  if (fromDate === null) {
    await execScript(tx, [sql`DELETE FROM ${DAILY}`, sql`DELETE FROM ${MONTHLY}`]);
    return;
  }
  const d = tx.dialect;
  const month = d.dateParam(monthOf(fromDate));
  await tx.run(sql`DELETE FROM ${DAILY} WHERE "date" >= ${d.dateParam(fromDate)}`);
  await tx.run(sql`DELETE FROM ${MONTHLY} WHERE "month" >= ${month}`);
  await tx.run(
    sql`INSERT INTO ${MONTHLY} ("month", "post_id", "views")
     SELECT ${month}, t."post_id", sum(t."views") FROM ${DAILY} t WHERE t."date" >= ${month} GROUP BY t."post_id"`,
  );
}

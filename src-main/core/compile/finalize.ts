// Askbot's step 5: daily rows not final yet. A day's group member counts are recomputed until the day
// ends (so they do not depend on when the compiles ran), then its rows are marked final.
import type { Db } from '../db/types';
import { bigint, raw, sql } from '../db/sql';
import { createWorkTable, dropWorkTables } from '../db/sql-parts';
import { allMembers, joinedSince } from './group-rows';
import { before, indexedBy } from './sql';

/**
 * The member counts of the groups with non-final daily rows on `date`, up to `end` (µs, at most the
 * day's end), into w_final_member_counts (group_id, num_users, num_users_added): members before the
 * end = all members less those who joined since; added = those who joined since the day began
 * (`dlo`) and before the end.
 */
async function countFinalMembers(tx: Db, date: string, dlo: number, end: number): Promise<void> {
  const d = tx.dialect;
  await createWorkTable(tx, 'w_final_member_counts', 'group_id integer PRIMARY KEY, num_users bigint NOT NULL, num_users_added bigint NOT NULL');
  const joinedBeforeEnd = before(tx, 'u."date_joined"', bigint(end));
  await tx.run(
    sql`INSERT INTO w_final_member_counts (group_id, num_users, num_users_added)
       SELECT p.group_id, ${allMembers('p.group_id')} - coalesce(l.later, 0), coalesce(l.added, 0)
       FROM (SELECT DISTINCT "group_id" AS group_id FROM "askbot_dailygroupsummary" WHERE "summarized" = ${d.FALSE} AND "date" = ${d.dateParam(date)}) p
         LEFT JOIN (
           SELECT ug."group_id" AS group_id, sum(CASE WHEN ${joinedBeforeEnd} THEN 0 ELSE 1 END) AS later,
                  sum(CASE WHEN ${joinedBeforeEnd} THEN 1 ELSE 0 END) AS added
           FROM ${joinedSince(tx, bigint(dlo))}
           GROUP BY ug."group_id") l ON l.group_id = p.group_id`,
  );
}

/**
 * Daily group rows not final yet: their member counts are recomputed for the day up to the cutoff,
 * and rows of days that have ended are marked final. Only non-final rows are touched: today's, and
 * those of a day that just ended. Then the daily user rows of the days before today are marked final.
 */
export async function finalizeDays(tx: Db, cutoff: number, todayStart: number, dayBounds: (date: string) => { dlo: number; dhi: number }): Promise<number> {
  const d = tx.dialect;
  const today = d.dayOfInstant(todayStart);
  const dates = await tx.all<{ date: unknown }>(
    sql`SELECT DISTINCT "date" FROM "askbot_dailygroupsummary"${indexedBy(tx, 'aac_dailygroup_pending')} WHERE "summarized" = ${d.FALSE}`,
  );
  let rows = 0;
  for (const r of dates) {
    const date = d.readDate(r.date);
    const { dlo, dhi } = dayBounds(date);
    await countFinalMembers(tx, date, dlo, Math.min(dhi, cutoff));
    const counted = (col: 'num_users' | 'num_users_added') =>
      sql`coalesce((SELECT f.${raw(col)} FROM w_final_member_counts f WHERE f.group_id = "askbot_dailygroupsummary"."group_id"), 0)`;
    rows += await tx.run(
      sql`UPDATE "askbot_dailygroupsummary" SET "summarized" = ${date < today ? d.TRUE : d.FALSE}, "num_users" = ${counted('num_users')}, "num_users_added" = ${counted('num_users_added')}
       WHERE "summarized" = ${d.FALSE} AND "date" = ${d.dateParam(date)}`,
    );
    await dropWorkTables(tx, ['w_final_member_counts']);
  }
  await tx.run(
    sql`UPDATE "askbot_dailyusersummary" SET "summarized" = ${d.TRUE}
     WHERE "id" IN (SELECT "id" FROM "askbot_dailyusersummary"${indexedBy(tx, 'aac_dailyuser_pending')} WHERE "summarized" = ${d.FALSE} AND "date" < ${d.dateParam(today)})`,
  );
  return rows;
}

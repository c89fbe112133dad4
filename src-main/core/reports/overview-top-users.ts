// The Overview's top askers and answerers of a range (issue 14).
import type { Db } from '../db/types';
import type { AnalyticsSettings } from '../settings';
import type { OverviewTopUser } from '../types/reports';
import type { DateRange } from './dates';
import { TOP_N } from './overview-top-questions';
import { Params, countedUsersSql, type UserSet } from './segments';

/** A top asker or answerer before its link is added. */
export type TopUserRow = Omit<OverviewTopUser, 'link'>;

/** The 10 counted users with the most questions or answers in the range's daily summaries (ties by username). */
export async function topUsers(db: Db, set: UserSet, settings: AnalyticsSettings, range: DateRange, col: 'num_questions' | 'num_answers'): Promise<TopUserRow[]> {
  const d = db.dialect;
  const p = new Params();
  const pop = countedUsersSql(set, settings, d, p);
  const rows = await db.all<Record<string, unknown>>(
    `WITH pop AS MATERIALIZED (${pop}),
     per_user AS (
       SELECT s."user_id" AS user_id, sum(s."${col}") AS n FROM "askbot_dailyusersummary" s
       WHERE s."date" >= ${p.add(d.dateParam(range.start))} AND s."date" <= ${p.add(d.dateParam(range.end))} AND s."${col}" > 0
         AND ${d.unindexed('s."user_id"')} IN (SELECT pop.user_id FROM pop)
       GROUP BY s."user_id")
     SELECT pu.user_id AS user_id, pu.n AS n, u."username" AS username
     FROM per_user pu JOIN "auth_user" u ON u."id" = pu.user_id
     ORDER BY pu.n DESC, u."username" ASC, pu.user_id ASC LIMIT ${TOP_N}`,
    p.values,
  );
  return rows.map((r) => ({ user: { id: Number(r.user_id), username: String(r.username) }, count: Number(r.n) }));
}


// The Overview's new members and their activation (issue 14).
import { join, sql } from '../db/sql';
import type { Db } from '../db/types';
import type { OverviewScope } from './overview-scope';
import { rangeInstants } from './dates';
import { bucketSql } from './overview-buckets';
import { countedUserConds } from './segments';
import { activeDaySql } from '../derived/active-days';

/** Days after the joining day within which a new member's question, answer or vote activates them. */
export const ACTIVATION_DAYS = 7;

export interface MembersPart {
  newMembers: number;
  activated: number;
  chart: Map<number, number>;
}

/**
 * New members (date_joined within a period's instants) of the range and of its previous period, and
 * the activated ones: a daily summary row with a question, answer or vote on the joining day or the
 * 6 days after it (bucket-zone days).
 */
export async function membersParts(
  db: Db,
  { set, settings, range, previous, g }: Pick<OverviewScope, 'set' | 'settings' | 'range' | 'previous' | 'g'>,
): Promise<[MembersPart, MembersPart]> {
  // The members come by date_joined (aac_user_date_joined, ~3k rows at 5M events) with their profile,
  // counted by countedUserConds on those rows (the users of countedUsersSql): an IN over
  // countedUsersSql made SQLite walk all 20k counted users and probe each one's date_joined.
  // Activation is one range probe per member on the compiler's partial index of active days
  // (aac_dailyuser_active_user_date, (user_id, date)): a day with a question, answer or vote is an
  // active day, so stating activeDaySql changes nothing but lets both engines use that index. Seven
  // (date, user) probes of aac_rep_dailyuser_date_user cost PostgreSQL ~37 a member in its estimate,
  // past jit_above_cost on 3k members (a 50 ms JIT compile).
  const d = db.dialect;
  const conds = countedUserConds(set, settings, d);
  const joinDay = d.dayOf(d.micros('u."date_joined"'));
  const fromP = d.dateTimeParam(rangeInstants(d, previous).from);
  const curP = d.dateTimeParam(rangeInstants(d, range).from);
  const toP = d.dateTimeParam(rangeInstants(d, range).to);
  // Grouped by position: the bucket's text carries parameters, which a repeated expression would bind again.
  const bucket = bucketSql(d, g, range, 'nm.jday');
  const statement = sql`
    WITH new_members AS MATERIALIZED (
      SELECT u."id" AS user_id, ${joinDay} AS jday, CASE WHEN u."date_joined" >= ${curP} THEN 0 ELSE 1 END AS period
      FROM "auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"
      WHERE u."date_joined" >= ${fromP} AND u."date_joined" < ${toP} AND ${join(conds, ' AND ')})
    SELECT 0 AS part, nm.period AS b, count(*) AS n1, coalesce(sum(CASE WHEN EXISTS (
             SELECT 1 FROM "askbot_dailyusersummary" s
             WHERE s."user_id" = nm.user_id AND s."date" >= nm.jday AND s."date" <= ${d.plusDays('nm.jday', ACTIVATION_DAYS - 1)}
               AND ${activeDaySql(d, 's')}
               AND (s."num_questions" > 0 OR s."num_answers" > 0 OR s."num_upvotes" > 0 OR s."num_downvotes" > 0)) THEN 1 ELSE 0 END), 0) AS n2
    FROM new_members nm GROUP BY nm.period
    UNION ALL
    SELECT 1, ${bucket}, count(*), 0 FROM new_members nm WHERE nm.period = 0 GROUP BY 2`;
  const rows = await db.all<Record<string, unknown>>(statement);
  const head = (b: number) => rows.find((r) => Number(r.part) === 0 && Number(r.b) === b);
  const part = (b: number): MembersPart => ({ newMembers: Number(head(b)?.n1 ?? 0), activated: Number(head(b)?.n2 ?? 0), chart: new Map() });
  const cur = part(0);
  cur.chart = new Map(rows.filter((r) => Number(r.part) === 1).map((r) => [Number(r.b), Number(r.n1)]));
  return [cur, part(1)];
}

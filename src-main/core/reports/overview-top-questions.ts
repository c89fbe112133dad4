// The Overview's most-viewed questions of a range (issue 14).
import type { Db } from '../db/types';
import { EVENT } from '../forum/analytics';
import type { AnalyticsSettings } from '../settings';
import type { OverviewTopQuestion } from '../types/reports';
import { rangeInstants, type DateRange } from './dates';
import { Params, countedUsersSql, type UserSet } from './segments';

export const TOP_N = 10;

/** The range's most-viewed questions: question-viewed events (type 4) on posts, by the counted users. */
export async function topQuestions(db: Db, set: UserSet, settings: AnalyticsSettings, range: DateRange): Promise<Array<Omit<OverviewTopQuestion, 'link'>>> {
  const d = db.dialect;
  const p = new Params();
  const { from, to } = rangeInstants(d, range);
  const pop = countedUsersSql(set, settings, d, p);
  const rows = await db.all<Record<string, unknown>>(
    `WITH pop AS MATERIALIZED (${pop}),
     v AS (
       SELECT e."object_id" AS post_id, count(*) AS n
       FROM "askbot_event" e JOIN "askbot_session" s ON s."id" = e."session_id"
       WHERE e."event_type" = ${p.add(EVENT.QUESTION_VIEWED)} AND e."timestamp" >= ${p.add(d.dateTimeParam(from))} AND e."timestamp" < ${p.add(d.dateTimeParam(to))}
         AND e."content_type_id" = (SELECT ct."id" FROM "django_content_type" ct WHERE ct."app_label" = 'askbot' AND ct."model" = 'post')
         AND ${d.unindexed('s."user_id"')} IN (SELECT pop.user_id FROM pop)
       GROUP BY e."object_id")
     SELECT top.post_id AS post_id, top.n AS n, q."thread_id" AS thread_id, t."title" AS title
     FROM (SELECT v.post_id AS post_id, v.n AS n FROM v ORDER BY v.n DESC, v.post_id ASC LIMIT ${TOP_N}) top
     LEFT JOIN "askbot_post" q ON q."id" = top.post_id LEFT JOIN "askbot_thread" t ON t."id" = q."thread_id"
     ORDER BY top.n DESC, top.post_id ASC`,
    p.values,
  );
  return rows.map((r) => ({
    post_id: Number(r.post_id),
    thread_id: r.thread_id === null || r.thread_id === undefined ? null : Number(r.thread_id),
    title: r.title === null || r.title === undefined ? null : String(r.title),
    views: Number(r.n),
  }));
}


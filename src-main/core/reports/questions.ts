// The questions behind the Overview's answering health (issue 14), from the forum's own tables
// (askbot_post, askbot_thread), and the list report/questions pages through.
//
// A question of a range: a post of type `question` whose `added_at` lies within the range's instants
// (bucket-zone days), asked by a counted user (the segment's members, not blocked, not staff when
// EXCLUDE_STAFF is on), with neither the post nor its thread deleted. Its counted answers: posts of
// type `answer` in its thread, not deleted, not by the asker nor by a blocked user (and not by staff when
// EXCLUDE_STAFF is on), at any time up to now; its first answer is the earliest of them. Answered within 24 hours: the
// first answer comes at most 24 hours after the question. Unanswered: no counted answer and the
// thread not closed.
import { AppError } from '../errors';
import { code, empty, join, raw, sql, type Sql, type SqlCode } from '../db/sql';
import type { Db } from '../db/types';
import type { AnalyticsSettings } from '../settings';
import { formatInstant } from '../time/instant';
import { rangeInstants, type DateRange } from './dates';
import { resolveReportRange, type NowInput } from './report-range';
import { ALL_USERS, countedUserConds, leftOutUsersSql, resolveUserSet, type UserSet } from './segments';
import type { QuestionRow, QuestionsFilter, QuestionsReport } from '../types/reports';

export type { QuestionRow, QuestionsFilter, QuestionsReport };

export const QUESTIONS_FILTERS = ['asked', 'answered', 'answered-24h', 'unanswered'] as const satisfies readonly QuestionsFilter[];
export const QUESTIONS_PAGE_SIZE = 20;
/** 24 hours in µs. */
export const DAY_US = 86_400_000_000;

export interface QuestionsQuery {
  segment?: string;
  dates?: string;
  which?: string;
  page?: number;
  /** Rows a page (default 20); exports read larger pages. */
  pageSize?: number;
  now?: NowInput;
}

/**
 * SQL selecting the questions of a range with `(post_id, thread_id, title, author_id, asked, closed,
 * views, first_answer)`: `asked` and `first_answer` in µs (first_answer null when there is no counted answer).
 */
export function healthQuestionsSql(db: Db, set: UserSet, settings: AnalyticsSettings, range: DateRange): Sql {
  // The questions come by (post_type, added_at) (aac_rep_post_type_added). For all users the asker is
  // "not left out" (leftOutUsersSql: the blocked, and staff when left out, one short list) checked on
  // author_id alone, no auth_user row read (PostgreSQL hashed all 20k users for it); a segment's
  // members are checked by countedUserConds on the asker's joined user and profile. The first answer
  // is a correlated min() over the thread's answers in aac_rep_post_answer_thread (covering, answers
  // only, in added_at order): one short index probe per question, where a LEFT JOIN grouped by question
  // let PostgreSQL hash every answer of the forum (50k) and made both engines group the questions by
  // their title (5M bench forum, 7k questions, PostgreSQL 15: 95 -> ~55-70 ms). (That subquery once tripped
  // PostgreSQL's JIT, priced past jit_above_cost; connections now run with jit off, postgres.ts.)
  const d = db.dialect;
  const { from, to } = rangeInstants(d, range);
  const asker =
    set.kind === 'all' ? empty : sql`JOIN "auth_user" u ON u."id" = q."author_id" LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"`;
  const conds = set.kind === 'all' ? [sql`q."author_id" NOT IN (${LEFT_OUT_IDS})`] : countedUserConds(set, settings, d);
  // Where datetimes are naive local wall clocks their text order is not instant order (a DST hour
  // repeats), so the earliest answer is the least instant; elsewhere the least stored value is.
  const instantOrder = d.time.useTz || d.time.timeZone === 'UTC';
  // Converted inside the subquery: outside it, SQLite's conversion (which names its operand four times)
  // would run the subquery four times per question.
  const answered = sql`SELECT ${instantOrder ? d.micros('min(a."added_at")') : sql`min(${d.micros('a."added_at"')})`} FROM "askbot_post" a WHERE ${countedAnswer(db, LEFT_OUT_IDS)}`;
  // The left-out users (whose answers answer nothing, and who ask no counted question) are a CTE so
  // that PostgreSQL charges their list once, not on every answer probe.
  return sql`
    WITH left_out AS MATERIALIZED (${leftOutUsersSql(settings, d)})
    SELECT q."id" AS post_id, q."thread_id" AS thread_id, t."title" AS title, q."author_id" AS author_id, ${d.micros('q."added_at"')} AS asked,
           t."closed" AS closed, t."view_count" AS views, (${answered}) AS first_answer
    FROM "askbot_post" q JOIN "askbot_thread" t ON t."id" = q."thread_id"
      ${asker}
    WHERE q."post_type" = 'question' AND q."added_at" >= ${d.dateTimeParam(from)} AND q."added_at" < ${d.dateTimeParam(to)}
      AND q."deleted" = ${d.FALSE} AND t."deleted" = ${d.FALSE}${join(
        conds.map((c) => sql` AND ${c}`),
        '',
      )}`;
}

/** The ids of healthQuestionsSql's CTE `left_out` (leftOutUsersSql). */
const LEFT_OUT_IDS = raw('SELECT left_out.user_id FROM left_out');

/**
 * SQL condition: `a` is a counted answer of the question `q`; `excluded` selects the ids of
 * leftOutUsersSql (blocked users' activity counts nowhere, nor staff's when staff are left out: one
 * list built once, NOT IN, rather than a profile probe per answer).
 */
function countedAnswer(db: Db, excluded: SqlCode): Sql {
  return sql`a."thread_id" = q."thread_id" AND a."post_type" = 'answer' AND a."deleted" = ${db.dialect.FALSE} AND a."author_id" <> q."author_id"
        AND a."author_id" NOT IN (${code(excluded)})`;
}

/** SQL condition on a row of healthQuestionsSql (alias `qs`) for a filter. */
export function questionsFilterSql(db: Db, which: QuestionsFilter): Sql {
  switch (which) {
    case 'asked':
      return raw('1 = 1');
    case 'answered':
      return raw('qs.first_answer IS NOT NULL');
    case 'answered-24h':
      return sql`qs.first_answer IS NOT NULL AND qs.first_answer - qs.asked <= ${DAY_US}`;
    case 'unanswered':
      return sql`qs.first_answer IS NULL AND qs.closed = ${db.dialect.FALSE}`;
  }
}

function parseWhich(which: string | undefined): QuestionsFilter {
  const w = which?.trim() || 'unanswered';
  if ((QUESTIONS_FILTERS as readonly string[]).includes(w)) return w as QuestionsFilter;
  throw new AppError('INVALID_INPUT', `unknown questions filter "${w.slice(0, 40)}": expected one of ${QUESTIONS_FILTERS.join(', ')}`);
}

/** One page (20 rows) of the range's questions matching `which` (default unanswered), newest first. */
export async function reportQuestions(db: Db, settings: AnalyticsSettings, q: QuestionsQuery = {}): Promise<QuestionsReport> {
  const d = db.dialect;
  const which = parseWhich(q.which);
  const page = q.page ?? 1;
  if (!Number.isInteger(page) || page < 1) throw new AppError('INVALID_INPUT', `page must be a whole number from 1 (got ${String(q.page)})`);
  const size = q.pageSize ?? QUESTIONS_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > 10_000)
    throw new AppError('INVALID_INPUT', `pageSize must be a whole number from 1 to 10000 (got ${String(size)})`);
  const segment = q.segment?.trim() || ALL_USERS;
  const set = await resolveUserSet(db, settings, segment);
  const range = await resolveReportRange(db, q.dates, q.now);
  const questions = healthQuestionsSql(db, set, settings, range);
  const where = questionsFilterSql(db, which);
  // The page with the number of matching rows (a window over all of them, before LIMIT).
  const rows = await db.all<Record<string, unknown>>(
    sql`WITH range_questions AS MATERIALIZED (${questions})
     SELECT x.*, u."username" AS username,
            (SELECT count(*) FROM "askbot_post" a JOIN "askbot_post" q ON q."id" = x.post_id WHERE ${countedAnswer(db, leftOutUsersSql(settings, d))}) AS answers
     FROM (SELECT qs.*, count(*) OVER () AS row_count FROM range_questions qs WHERE ${where}
           ORDER BY qs.asked DESC, qs.post_id DESC LIMIT ${size} OFFSET ${(page - 1) * size}) x
     LEFT JOIN "auth_user" u ON u."id" = x.author_id
     ORDER BY x.asked DESC, x.post_id DESC`,
  );
  let rowCount = Number(rows[0]?.row_count ?? 0);
  if (rows.length === 0 && page > 1) {
    // Past the end: count the rows to say where the last page is.
    rowCount = Number(
      (await db.one<{ n: unknown }>(sql`WITH range_questions AS (${questions}) SELECT count(*) AS n FROM range_questions qs WHERE ${where}`))?.n ?? 0,
    );
  }
  const pages = Math.max(1, Math.ceil(rowCount / size));
  if (page > pages) throw new AppError('INVALID_INPUT', `page ${page} is past the last page (${pages})`);
  const dates = `${range.start}..${range.end}`;
  return {
    segment,
    name: set.name,
    range,
    excludeStaff: settings.EXCLUDE_STAFF,
    which,
    rows: rows
      .filter((r) => r.post_id !== null && r.post_id !== undefined)
      .map((r): QuestionRow => {
        const asked = Number(r.asked);
        const first = r.first_answer === null || r.first_answer === undefined ? null : Number(r.first_answer);
        const threadId = Number(r.thread_id);
        return {
          post_id: Number(r.post_id),
          thread_id: threadId,
          title: String(r.title ?? ''),
          author: r.username === null || r.username === undefined ? null : { id: Number(r.author_id), username: String(r.username) },
          asked_at: formatInstant(asked),
          first_answer_at: first === null ? null : formatInstant(first),
          first_answer_seconds: first === null ? null : (first - asked) / 1_000_000,
          answers: Number(r.answers ?? 0),
          views: Number(r.views ?? 0),
          closed: d.readBool(r.closed),
          link: { view: 'activity', activity: 'all-activity', users: ALL_USERS, content: `thread:${threadId}`, dates },
        };
      }),
    row_count: rowCount,
    page,
    pages,
  };
}

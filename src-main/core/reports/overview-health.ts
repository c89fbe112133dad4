// The Overview's answering health (issue 14): of the range's questions and of its previous period's,
// how many were answered, within 24 hours, and the median time to the first answer (questions.ts
// defines which questions and answers count).
import { sql } from '../db/sql';
import type { Db } from '../db/types';
import type { OverviewScope } from './overview-scope';
import { rangeInstants } from './dates';
import { healthQuestionsSql, questionsFilterSql } from './questions';

export interface HealthPart {
  questions: number;
  within24h: number;
  answered: number;
  unanswered: number;
  medianUs: number | null;
}

/** Answering health of the range and of its previous period in one statement; medians by row_number(). */
export async function healthParts(
  db: Db,
  { set, settings, range, previous }: Pick<OverviewScope, 'set' | 'settings' | 'range' | 'previous'>,
): Promise<[HealthPart, HealthPart]> {
  const questions = healthQuestionsSql(db, set, settings, { start: previous.start, end: range.end, partial: range.partial });
  const curFrom = rangeInstants(db.dialect, range).from;
  const count = (which: 'answered-24h' | 'answered' | 'unanswered') => sql`coalesce(sum(CASE WHEN ${questionsFilterSql(db, which)} THEN 1 ELSE 0 END), 0)`;
  // One materialization of the questions (the period computed with them). The median: the answered
  // rows' delays numbered in order once per period (one sort; a second window for the count sorted
  // them again, ~5 ms on SQLite), the count taken from the period's row of the first part.
  const statement = sql`
    WITH period_questions AS MATERIALIZED (SELECT rq.*, CASE WHEN rq.asked >= ${curFrom} THEN 0 ELSE 1 END AS period FROM (${questions}) rq),
    period_counts AS MATERIALIZED (
      SELECT qs.period AS period, count(*) AS questions, ${count('answered-24h')} AS within24h, ${count('answered')} AS answered,
             ${count('unanswered')} AS unanswered
      FROM period_questions qs GROUP BY qs.period),
    answer_delays AS (
      SELECT qs.period AS period, qs.first_answer - qs.asked AS delay,
             row_number() OVER (PARTITION BY qs.period ORDER BY qs.first_answer - qs.asked) AS rn
      FROM period_questions qs WHERE qs.first_answer IS NOT NULL)
    SELECT 0 AS part, pc.period AS period, pc.questions AS questions, pc.within24h AS within24h, pc.answered AS answered,
           pc.unanswered AS unanswered, NULL AS median
    FROM period_counts pc
    UNION ALL
    SELECT 1, ad.period, 0, 0, 0, 0, avg(ad.delay) FROM answer_delays ad JOIN period_counts pc ON pc.period = ad.period
    WHERE ad.rn IN ((pc.answered + 1) / 2, (pc.answered + 2) / 2) GROUP BY ad.period`;
  const rows = await db.all<Record<string, unknown>>(statement);
  const part = (period: number): HealthPart => {
    const r = rows.find((x) => Number(x.part) === 0 && Number(x.period) === period);
    const m = rows.find((x) => Number(x.part) === 1 && Number(x.period) === period);
    return {
      questions: Number(r?.questions ?? 0),
      within24h: Number(r?.within24h ?? 0),
      answered: Number(r?.answered ?? 0),
      unanswered: Number(r?.unanswered ?? 0),
      medianUs: m?.median === null || m?.median === undefined ? null : Number(m.median),
    };
  };
  return [part(0), part(1)];
}

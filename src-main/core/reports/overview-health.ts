// The Overview's answering health (issue 14): of the range's questions and of its previous period's,
// how many were answered, within 24 hours, and the median time to the first answer (questions.ts
// defines which questions and answers count).
import type { Db } from '../db/types';
import type { AnalyticsSettings } from '../settings';
import { rangeInstants, type DateRange } from './dates';
import { healthQuestionsSql, questionsFilterSql } from './questions';
import { Params, type UserSet } from './segments';

export interface HealthPart {
  questions: number;
  within24h: number;
  answered: number;
  unanswered: number;
  medianUs: number | null;
}

/** Answering health of the range and of its previous period in one statement; medians by row_number(). */
export async function healthParts(db: Db, set: UserSet, settings: AnalyticsSettings, range: DateRange, previous: DateRange): Promise<[HealthPart, HealthPart]> {
  const p = new Params();
  const qs = healthQuestionsSql(db, set, settings, { start: previous.start, end: range.end, partial: range.partial }, p);
  const curP = p.add(rangeInstants(db.dialect, range).from);
  const count = (which: 'answered-24h' | 'answered' | 'unanswered') => `coalesce(sum(CASE WHEN ${questionsFilterSql(db, which, p)} THEN 1 ELSE 0 END), 0)`;
  // One materialization of the questions (the period computed with them). The median: the answered
  // rows' delays numbered in order once per period (one sort; a second window for the count sorted
  // them again, ~5 ms on SQLite), the count taken from the period's row of the first part.
  const sql = `
    WITH qs AS MATERIALIZED (SELECT qs0.*, CASE WHEN qs0.asked >= ${curP} THEN 0 ELSE 1 END AS period FROM (${qs}) qs0),
    heads AS MATERIALIZED (
      SELECT qs.period AS period, count(*) AS questions, ${count('answered-24h')} AS within24h, ${count('answered')} AS answered,
             ${count('unanswered')} AS unanswered
      FROM qs GROUP BY qs.period),
    delays AS (
      SELECT qs.period AS period, qs.first_answer - qs.asked AS delay,
             row_number() OVER (PARTITION BY qs.period ORDER BY qs.first_answer - qs.asked) AS rn
      FROM qs WHERE qs.first_answer IS NOT NULL)
    SELECT 0 AS part, heads.period AS period, heads.questions AS questions, heads.within24h AS within24h, heads.answered AS answered,
           heads.unanswered AS unanswered, NULL AS median
    FROM heads
    UNION ALL
    SELECT 1, delays.period, 0, 0, 0, 0, avg(delays.delay) FROM delays JOIN heads ON heads.period = delays.period
    WHERE delays.rn IN ((heads.answered + 1) / 2, (heads.answered + 2) / 2) GROUP BY delays.period`;
  const rows = await db.all<Record<string, unknown>>(sql, p.values);
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


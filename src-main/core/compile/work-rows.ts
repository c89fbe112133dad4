// The compiler's work rows: per (user or group, hour) the five summary counters and time on site in
// µs, in work tables the batch builds (w_user_hours, w_group_hours), and their daily sums with the
// stored rows of the days' other hours.
import type { Db } from '../db/types';
import { ident, raw, sql, type Sql } from '../db/sql';

/** The work tables' counter columns, in SUMMARY_COUNTER_COLUMNS order, then time on site in µs. */
const COUNTERS = ['q', 'a', 'up', 'down', 'views'] as const;
const VALUES = [...COUNTERS, 'us'] as const;

/** Column definitions of the counters and the time on site. */
export const VALUE_DEFINITIONS: Sql = raw(VALUES.map((c) => `${c} bigint NOT NULL`).join(', '));
/** The column names of the counters and the time on site (an INSERT's column list). */
export const VALUE_COLUMNS: Sql = raw(VALUES.join(', '));

const qualified = (t: string, cols: readonly string[]) => raw(cols.map((c) => `${t}.${c}`).join(', '));
/** `t.q, t.a, t.up, t.down, t.views`: the counters of the work rows aliased `t`. */
export const counterList = (t: string): Sql => qualified(t, COUNTERS);
/** The counters and the time on site of the work rows aliased `t`. */
export const valueList = (t: string): Sql => qualified(t, VALUES);
/** `sum(t.q) AS q, …, sum(t.us) AS us`. */
export const valueSums = (t: string): Sql => raw(VALUES.map((c) => `sum(${t}.${c}) AS ${c}`).join(', '));
/** `sum(t.q), …, sum(t.views)`: the counters' sums, unnamed. */
export const counterSums = (t: string): Sql => raw(COUNTERS.map((c) => `sum(${t}.${c})`).join(', '));

/**
 * SQL rows `(k, day, q, a, up, down, views, us)` for the affected days of the keys listed by the
 * subquery `keys` (those whose hourly rows changed): the work table's rows of the affected hours plus
 * the stored rows of the days' other hours. Every other key's daily rows are left as they are, since
 * none of its hourly rows changed.
 */
export function dayParts(tx: Db, work: 'w_user_hours' | 'w_group_hours', table: string, key: 'user_id' | 'group_id', keys: Sql): Sql {
  const d = tx.dialect;
  const stored = sql`t."num_questions", t."num_answers", t."num_upvotes", t."num_downvotes", t."question_views", ${d.durationMicros('t."time_on_site"')}`;
  const k = raw(key);
  return sql`
    SELECT w.${k} AS k, h.day AS day, ${valueList('w')} FROM ${raw(work)} w CROSS JOIN w_batch_hours h WHERE h.hour = w.hour
    UNION ALL
    SELECT t.${ident(key)}, h.day, ${stored}
    FROM w_batch_days dd CROSS JOIN w_batch_hours h CROSS JOIN ${ident(table)} t
    WHERE dd.affected = 1 AND h.day = dd.day AND h.affected = 0 AND t."hour" = ${d.fromMicros('h.hour')} AND ${d.unindexed(sql`t.${ident(key)}`)} IN (${keys})`;
}

// A batch's calendar: its bucket days and every hour of them as work tables, each flagged when it must
// be recomputed, and the queries over them that the batch's steps (batch.ts, group-rows.ts) and its
// upkeep of the question views (question-views.ts) share.
//   w_batch_days  (day, dlo, dhi, done, affected): the batch's bucket days with their bounds in µs;
//   w_batch_hours (hour, day, affected): every hour of those days, keyed by its start in µs.
import type { Db } from '../db/types';
import { bigint, join, sql, type Sql, type SqlCode } from '../db/sql';
import { createWorkTable, dateType } from '../db/sql-parts';
import { HOUR_SQL } from './sql';

export interface BatchDay {
  /** Bucket date `YYYY-MM-DD`. */
  day: string;
  dlo: number;
  dhi: number;
  /** The day is over (`date < today`): its daily group row is final. */
  done: boolean;
}

export interface Batch {
  lo: number;
  hi: number;
  days: BatchDay[];
  /** Upper bound of any session's length (µs), see longestSessionMicros. */
  longest: number;
}

export const CALENDAR_TABLES = ['w_batch_days', 'w_batch_hours'] as const;

/**
 * The batch's days and every hour of them (through the end of the last day, which may lie past `hi`
 * when the last day is today), none flagged yet.
 */
export async function createBatchCalendar(tx: Db, b: Batch): Promise<void> {
  const d = tx.dialect;
  await createWorkTable(
    tx,
    'w_batch_days',
    sql`day ${dateType(tx)} PRIMARY KEY, dlo bigint NOT NULL, dhi bigint NOT NULL, done integer NOT NULL, affected integer NOT NULL`,
  );
  const days = join(b.days.map((x) => sql`(${d.dateParam(x.day)}, ${x.dlo}, ${x.dhi}, ${x.done ? 1 : 0}, 0)`));
  await tx.run(sql`INSERT INTO w_batch_days (day, dlo, dhi, done, affected) VALUES ${days}`);
  await createWorkTable(tx, 'w_batch_hours', sql`hour bigint PRIMARY KEY, day ${dateType(tx)} NOT NULL, affected integer NOT NULL`);
  const end = b.days[b.days.length - 1]!.dhi;
  await tx.run(
    sql`WITH RECURSIVE hs(hour) AS (SELECT ${bigint(b.lo)} UNION ALL SELECT hour + ${HOUR_SQL} FROM hs WHERE hour + ${HOUR_SQL} < ${bigint(end)})
     INSERT INTO w_batch_hours (hour, day, affected) SELECT hs.hour, dd.day, 0 FROM hs CROSS JOIN w_batch_days dd WHERE hs.hour >= dd.dlo AND hs.hour < dd.dhi`,
  );
}

/** Flags the days holding an affected hour; returns how many. */
export function markAffectedDays(tx: Db): Promise<number> {
  return tx.run(sql`UPDATE w_batch_days SET affected = 1 WHERE day IN (SELECT h.day FROM w_batch_hours h WHERE h.affected = 1)`);
}

/** SQL subquery: the affected hours in datetime storage form (to find the summary rows of those hours). */
export function affectedHourValues(tx: Db): Sql {
  return sql`SELECT ${tx.dialect.fromMicros('h.hour')} FROM w_batch_hours h WHERE h.affected = 1`;
}

/** SQL subquery: the affected days (bucket dates in storage form). */
export const affectedDays: Sql = sql`SELECT dd.day FROM w_batch_days dd WHERE dd.affected = 1`;

/**
 * SQL: the start (µs) of the bucket hour of an event's timestamp (`e."timestamp"` unless told), as w_batch_hours holds it (hours are
 * lo + k·HOUR from the batch's start), so that the event finds its hour by an equality on the key.
 */
export function eventBucketHour(tx: Db, b: Batch, timestamp: SqlCode = 'e."timestamp"'): Sql {
  const d = tx.dialect;
  return sql`${bigint(b.lo)} + ${d.int(sql`(${d.micros(timestamp)} - ${bigint(b.lo)}) / ${HOUR_SQL}`)} * ${HOUR_SQL}`;
}

/** The runs of consecutive affected days of the batch, as [lo, hi) µs ending by the batch's end. */
export async function affectedDayRuns(tx: Db, b: Batch): Promise<Array<{ lo: number; hi: number }>> {
  const rows = await tx.all<{ dlo: unknown; dhi: unknown }>(sql`SELECT dlo, dhi FROM w_batch_days WHERE affected = 1 ORDER BY dlo`);
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

// Where the next batch starts: the earliest pending work at or after `cursor`, found with index seeks
// (never a scan of the history), so an incremental compile costs what changed.
import type { Db } from '../db/types';
import { bigint, empty, literal, sql } from '../db/sql';
import { atOrAfter, indexedBy, margin } from './sql';

/**
 * The earliest instant (µs) at or after `cursor` that has work before `cutoff`, or a lower bound of
 * it (an empty batch is harmless), or null when nothing is pending.
 */
export async function nextWorkStart(db: Db, cursor: number | null, cutoff: number, longest: number): Promise<number | null> {
  const d = db.dialect;
  const m = (c: string) => d.micros(c);
  const candidates: number[] = [];

  const ev = await db.one<{ t: unknown }>(
    sql`SELECT "timestamp" AS t FROM "askbot_event"${indexedBy(db, 'aac_event_unsummarized')}
     WHERE "summarized" = ${d.FALSE} ${cursor === null ? empty : sql`AND "timestamp" >= ${d.fromMicros(sql`${bigint(cursor)} - ${literal(margin(db))}`)}`}
     ORDER BY "timestamp" LIMIT 1`,
  );
  if (ev?.t != null) candidates.push(d.readDateTime(ev.t));

  // Sessions created before the cursor whose pending part starts at or after it (e.g. one that was
  // compiled up to the previous batch's end): they were created within `longest` of the cursor.
  if (cursor !== null) {
    const start = d.greatest(m('"created_at"'), m('"last_summarized_at"'));
    const spanning = await db.one<{ t: number | null }>(
      sql`SELECT min(${start}) AS t FROM "askbot_session"${indexedBy(db, 'aac_session_pending')}
       WHERE "updated_at" > "last_summarized_at"
         AND "created_at" >= ${d.fromMicros(sql`${bigint(cursor)} - ${bigint(longest)}`)} AND "created_at" < ${d.fromMicros(sql`${bigint(cursor)} + ${literal(margin(db))}`)}
         AND ${start} >= ${bigint(cursor)} AND ${start} < ${bigint(cutoff)}`,
    );
    if (spanning?.t != null) candidates.push(Number(spanning.t));
  }
  // The first pending session created at or after the cursor: its creation bounds every later one's start.
  const first = await db.one<{ t: unknown }>(
    sql`SELECT "created_at" AS t FROM "askbot_session"${indexedBy(db, 'aac_session_pending')}
     WHERE "updated_at" > "last_summarized_at" ${cursor === null ? empty : sql`AND ${atOrAfter(db, '"created_at"', bigint(cursor))}`}
     ORDER BY "created_at" LIMIT 1`,
  );
  if (first?.t != null) candidates.push(Math.max(d.readDateTime(first.t), cursor ?? -Infinity));

  const next = candidates.length === 0 ? null : Math.max(Math.min(...candidates), cursor ?? -Infinity);
  return next === null || next >= cutoff ? null : next;
}

// Clearing compiled state: Askbot's `askbot_reset_analytics` (everything) and the first half of
// `compile --rebuild [--from DATE]` (from a date on). Each is one transaction, so a crash leaves
// either the old state or a state the next compile completes: the events and sessions are marked
// pending in the same transaction that deletes their summaries.
import type { Db } from '../db/types';
import { clearDerivedDays } from '../derived/tables';
import { bigint, ident, literal, sql } from '../db/sql';
import type { ClearedCounts } from '../types/jobs';
import { atOrAfter, margin } from './sql';

export type { ClearedCounts };

/** Inside a transaction: deletes summaries from `from` (µs, a bucket day start) on, or all when null. */
export async function clearCompiled(tx: Db, from: { us: number; date: string } | null): Promise<ClearedCounts> {
  const d = tx.dialect;
  const m = (c: string) => d.micros(c);
  let summaryRowsDeleted = 0;
  for (const table of ['askbot_hourlyusersummary', 'askbot_hourlygroupsummary']) {
    summaryRowsDeleted += from
      ? await tx.run(sql`DELETE FROM ${ident(table)} WHERE ${atOrAfter(tx, '"hour"', bigint(from.us))}`)
      : await tx.run(sql`DELETE FROM ${ident(table)}`);
  }
  for (const table of ['askbot_dailyusersummary', 'askbot_dailygroupsummary']) {
    summaryRowsDeleted += from
      ? await tx.run(sql`DELETE FROM ${ident(table)} WHERE "date" >= ${d.dateParam(from.date)}`)
      : await tx.run(sql`DELETE FROM ${ident(table)}`);
  }
  await clearDerivedDays(tx, from?.date ?? null);
  const eventsMarkedUnsummarized = from
    ? await tx.run(sql`UPDATE "askbot_event" SET "summarized" = ${d.FALSE} WHERE "summarized" = ${d.TRUE} AND ${atOrAfter(tx, '"timestamp"', bigint(from.us))}`)
    : await tx.run(sql`UPDATE "askbot_event" SET "summarized" = ${d.FALSE} WHERE "summarized" = ${d.TRUE}`);
  // Session time is compiled from last_summarized_at on: move it back to the session start (or to
  // `from` for a session that crosses it) so the next compile recomputes that time.
  const sessionsMarkedPending = from
    ? await tx.run(
        sql`UPDATE "askbot_session" SET "last_summarized_at" =
           CASE WHEN ${m('"created_at"')} >= ${bigint(from.us)} THEN "created_at" ELSE ${d.fromMicros(bigint(from.us))} END
         WHERE "last_summarized_at" > ${d.fromMicros(sql`${bigint(from.us)} - ${literal(margin(tx))}`)}
           AND ${m('"last_summarized_at"')} > ${d.greatest(m('"created_at"'), bigint(from.us))}`,
      )
    : await tx.run(sql`UPDATE "askbot_session" SET "last_summarized_at" = "created_at" WHERE "last_summarized_at" > "created_at"`);
  return { summaryRowsDeleted, eventsMarkedUnsummarized, sessionsMarkedPending };
}

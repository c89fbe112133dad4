// The analytics compiler (Askbot's askbot_compile_analytics, DESIGN.md §5): exact, incremental,
// set-based, in bounded transactions, one run per database at a time, with progress and cancellation.
import { watchCancel } from '../cancel';
import { AppError } from '../errors';
import { assertWritable, requireAskbotSchema } from '../db/schema';
import type { Db } from '../db/types';
import { type EpochMicros, MICROS_PER_HOUR, formatInstant } from '../time/instant';
import { bigint, empty, ident, sql } from '../db/sql';
import { type BatchCounts, ZERO_COUNTS, compileBatch, regroupBatch } from './batch';
import type { Batch, BatchDay } from './batch-calendar';
import { finalizeDays } from './finalize';
import { dropDerivedSchema, ensureDerivedSchema } from '../derived/schema';
import { withCompileLock } from './lock';
import { nextWorkStart } from './plan';
import { clearCompiled } from './reset';
import type { ClearedCounts, CompileResult, JobControls } from '../types/jobs';
import { atOrAfter, longestSessionMicros } from './sql';

export interface CompileOptions extends JobControls {
  now: EpochMicros;
  /** Recompute from the raw events and sessions (from `from`, a bucket date, or everything). */
  rebuild?: boolean;
  from?: string;
  /** Days per transaction at most (default 31); a batch crosses a calendar month only when it holds all the work left. */
  batchDays?: number;
}

export type { CompileResult };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function cancelledError(): AppError {
  return new AppError('CANCELLED', 'The compile was cancelled; the summaries are as of its last completed batch');
}

/** The first instant of the bucket day after the one starting at `dayStart`. */
function nextDayStart(db: Db, dayStart: number): number {
  // A bucket day lasts 23 to 25 hours: 26 hours on always lands in the next one.
  return db.dialect.dayStart(db.dialect.dayOfInstant(dayStart + 26 * MICROS_PER_HOUR));
}

function dayBounds(db: Db, date: string): { dlo: number; dhi: number } {
  const dlo = db.dialect.dayStart(date);
  return { dlo, dhi: nextDayStart(db, dlo) };
}

/**
 * The next batch from `start`: whole bucket days, at most `batchDays`, up to the cutoff. A batch stops
 * at the end of a calendar month (the monthly rollups it refreshes are a month's), unless everything
 * left to compile fits in it: an hourly compile at the turn of a month is then one transaction, not two.
 */
function planBatch(db: Db, start: number, cutoff: number, todayStart: number, longest: number, batchDays: number): Batch {
  const d = db.dialect;
  const lo = d.dayStart(d.dayOfInstant(start));
  const days: BatchDay[] = [];
  let at = lo;
  while (days.length < batchDays && at < cutoff) {
    const end = nextDayStart(db, at);
    days.push({ day: d.dayOfInstant(at), dlo: at, dhi: end, done: end <= todayStart });
    at = end;
  }
  if (at < cutoff) {
    const month = days[0]!.day.slice(0, 7);
    const inMonth = days.filter((x) => x.day.slice(0, 7) === month);
    if (inMonth.length < days.length) return { lo, hi: inMonth[inMonth.length - 1]!.dhi, days: inMonth, longest };
  }
  return { lo, hi: Math.min(at, cutoff), days, longest };
}

async function prepare(db: Db, what: string): Promise<void> {
  assertWritable(db, what);
  await requireAskbotSchema(db);
}

export async function compileAnalytics(db: Db, opts: CompileOptions): Promise<CompileResult> {
  const t0 = performance.now();
  if (!Number.isFinite(opts.now)) throw new AppError('INVALID_INPUT', 'compile needs a valid "now" instant');
  if (opts.from !== undefined && !opts.rebuild) throw new AppError('INVALID_INPUT', '--from is only meaningful with --rebuild');
  if (opts.from !== undefined && !DATE_RE.test(opts.from)) throw new AppError('INVALID_INPUT', `--from must be a date YYYY-MM-DD, not "${opts.from}"`);
  await prepare(db, 'compile');
  const d = db.dialect;
  const cutoff = d.hourStart(opts.now);
  const todayStart = d.dayStart(d.dayOfInstant(opts.now));
  const from = opts.from !== undefined ? { us: d.dayStart(opts.from), date: opts.from } : null;
  if (from && from.us >= cutoff) throw new AppError('INVALID_INPUT', `--from ${opts.from} is not before the current hour`);
  const batchDays = Math.max(1, Math.floor(opts.batchDays ?? 31));
  const sig = watchCancel(db, opts.signal, cancelledError);
  sig.check();
  try {
    return await withCompileLock(db, async () => {
      // A forum `init` did not make, or an earlier release left, gets this release's derived schema.
      const indexesCreated = await ensureDerivedSchema(db);
      let cleared: ClearedCounts | null = null;
      if (opts.rebuild) {
        opts.onProgress?.({ step: 'clear', done: 0, total: 1 });
        cleared = await db.transaction((tx) => clearCompiled(tx, from));
        opts.onProgress?.({ step: 'clear', done: 1, total: 1 });
      }
      const longest = await longestSessionMicros(db);
      const totals: BatchCounts = { ...ZERO_COUNTS };
      let batches = 0;
      let cursor: number | null = null;
      let firstLo: number | null = null;
      const finalize = (tx: Db) => finalizeDays(tx, cutoff, todayStart, (date) => dayBounds(db, date));
      for (;;) {
        await sig.between();
        const start = await nextWorkStart(db, cursor, cutoff, longest);
        if (start === null) break;
        const batch = planBatch(db, start, cutoff, todayStart, longest, batchDays);
        firstLo ??= batch.lo;
        // The batch that reaches the cutoff is the last: the days are finalized in its transaction, one
        // commit fewer for an hourly compile (a commit is a fifth of an incremental 10k on SQLite at 5M).
        const last = batch.hi >= cutoff;
        const counts = await sig.batch(() =>
          db.transaction(async (tx) => {
            const c = await compileBatch(tx, batch, sig.check);
            if (last) await finalize(tx);
            return c;
          }),
        );
        for (const k of Object.keys(totals) as Array<keyof BatchCounts>) totals[k] += counts[k];
        batches++;
        cursor = batch.hi;
        const span = Math.max(1, cutoff - firstLo);
        opts.onProgress?.({ step: 'compile', done: Math.round(((batch.hi - firstLo) / span) * 1000), total: 1000 });
      }
      sig.check();
      // Finalized above unless no batch reached the cutoff (nothing to compile).
      if (cursor === null || cursor < cutoff) await db.transaction(finalize);
      return {
        now: formatInstant(opts.now),
        compiledUpTo: formatInstant(cutoff),
        rebuild: opts.rebuild ?? false,
        from: opts.from ?? null,
        batches,
        rows: { hourly_user: totals.hourlyUser, daily_user: totals.dailyUser, hourly_group: totals.hourlyGroup, daily_group: totals.dailyGroup },
        events_summarized: totals.events,
        sessions_summarized: totals.sessions,
        cleared,
        indexes_created: indexesCreated,
        duration_ms: Math.round(performance.now() - t0),
      };
    });
  } catch (err) {
    throw sig.wrap(err);
  } finally {
    await sig.stop();
  }
}

export interface RegroupResult {
  batches: number;
  rows: { hourly_group: number; daily_group: number };
  duration_ms: number;
}

/** Recomputes every hourly/daily GROUP row from the hourly user rows (after memberships changed). */
export async function rebuildGroupSummaries(db: Db, opts: JobControls & { now: EpochMicros; batchDays?: number }): Promise<RegroupResult> {
  const t0 = performance.now();
  await prepare(db, 'rebuilding group summaries');
  const d = db.dialect;
  const cutoff = d.hourStart(opts.now);
  const todayStart = d.dayStart(d.dayOfInstant(opts.now));
  const sig = watchCancel(db, opts.signal, cancelledError);
  sig.check();
  try {
    return await withCompileLock(db, async () => {
      await ensureDerivedSchema(db);
      let cursor: number | null = null;
      let batches = 0;
      let firstLo: number | null = null;
      const rows = { hourly_group: 0, daily_group: 0 };
      for (;;) {
        await sig.between();
        // The next hour holding user or group rows (a group row without user rows is stale).
        let start: number | null = null;
        for (const table of ['askbot_hourlyusersummary', 'askbot_hourlygroupsummary']) {
          const r = await db.one<{ h: unknown }>(
            sql`SELECT "hour" AS h FROM ${ident(table)} ${cursor === null ? empty : sql`WHERE ${atOrAfter(db, '"hour"', bigint(cursor))}`} ORDER BY "hour" LIMIT 1`,
          );
          if (r?.h != null) start = Math.min(start ?? Infinity, d.readDateTime(r.h));
        }
        if (start === null || start >= cutoff) break;
        const batch = planBatch(db, start, cutoff, todayStart, 0, opts.batchDays ?? 31);
        firstLo ??= batch.lo;
        const r = await sig.batch(() => db.transaction((tx) => regroupBatch(tx, batch)));
        rows.hourly_group += r.hourlyGroup;
        rows.daily_group += r.dailyGroup;
        batches++;
        cursor = batch.hi;
        opts.onProgress?.({ step: 'groups', done: Math.round(((batch.hi - firstLo) / Math.max(1, cutoff - firstLo)) * 1000), total: 1000 });
      }
      await db.transaction((tx) => finalizeDays(tx, cutoff, todayStart, (date) => dayBounds(db, date)));
      return { batches, rows, duration_ms: Math.round(performance.now() - t0) };
    });
  } catch (err) {
    throw sig.wrap(err);
  } finally {
    await sig.stop();
  }
}

export interface ResetResult extends ClearedCounts {
  indexes_dropped: string[];
}

/** Askbot's askbot_reset_analytics: deletes every summary and marks all events (and session time) pending. */
export async function resetAnalytics(db: Db, opts: { dropIndexes?: boolean } = {}): Promise<ResetResult> {
  await prepare(db, 'reset');
  return withCompileLock(db, async () => {
    const cleared = await db.transaction((tx) => clearCompiled(tx, null));
    const dropped = opts.dropIndexes ? await dropDerivedSchema(db) : [];
    return { ...cleared, indexes_dropped: dropped };
  });
}

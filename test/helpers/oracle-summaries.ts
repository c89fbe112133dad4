// Reads the four summary tables into plain, comparable objects (engine storage decoded), sorted.
import type { Db } from '../../src-main/core/db/types';
import { ident, raw, sql } from '../../src-main/core/db/sql';
import { formatInstant } from '../../src-main/core/time/instant';

export interface Counters {
  num_questions: number;
  num_answers: number;
  num_upvotes: number;
  num_downvotes: number;
  question_views: number;
  /** Microseconds. */
  time_on_site: number;
}

export interface SummarySnapshot {
  hourlyUser: Array<{ user: number; hour: string; summarized: boolean } & Counters>;
  dailyUser: Array<{ user: number; date: string } & Counters>;
  hourlyGroup: Array<{ group: number; hour: string; num_users: number; num_users_added: number; summarized: boolean } & Counters>;
  dailyGroup: Array<{ group: number; date: string; num_users: number; num_users_added: number; summarized: boolean } & Counters>;
}

const COUNTERS = ['num_questions', 'num_answers', 'num_upvotes', 'num_downvotes', 'question_views'] as const;

function counters(db: Db, r: Record<string, unknown>): Counters {
  const c = Object.fromEntries(COUNTERS.map((k) => [k, Number(r[k])])) as Omit<Counters, 'time_on_site'>;
  return { ...c, time_on_site: Number(r.tos) };
}

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export async function readSummaries(db: Db): Promise<SummarySnapshot> {
  const d = db.dialect;
  const cols = sql`${raw(COUNTERS.map((c) => `"${c}"`).join(', '))}, ${d.durationMicros('"time_on_site"')} AS tos`;
  const hu = await db.all(sql`SELECT "user_id", "hour", "summarized", ${cols} FROM "askbot_hourlyusersummary"`);
  const du = await db.all(sql`SELECT "user_id", "date", ${cols} FROM "askbot_dailyusersummary"`);
  const hg = await db.all(sql`SELECT "group_id", "hour", "num_users", "num_users_added", "summarized", ${cols} FROM "askbot_hourlygroupsummary"`);
  const dg = await db.all(sql`SELECT "group_id", "date", "num_users", "num_users_added", "summarized", ${cols} FROM "askbot_dailygroupsummary"`);
  return {
    hourlyUser: hu
      .map((r) => ({ user: Number(r.user_id), hour: formatInstant(d.readDateTime(r.hour)), summarized: d.readBool(r.summarized), ...counters(db, r) }))
      .sort(byKey((x) => `${x.user}|${x.hour}`)),
    dailyUser: du.map((r) => ({ user: Number(r.user_id), date: d.readDate(r.date), ...counters(db, r) })).sort(byKey((x) => `${x.user}|${x.date}`)),
    hourlyGroup: hg
      .map((r) => ({
        group: Number(r.group_id),
        hour: formatInstant(d.readDateTime(r.hour)),
        num_users: Number(r.num_users),
        num_users_added: Number(r.num_users_added),
        summarized: d.readBool(r.summarized),
        ...counters(db, r),
      }))
      .sort(byKey((x) => `${x.group}|${x.hour}`)),
    dailyGroup: dg
      .map((r) => ({
        group: Number(r.group_id),
        date: d.readDate(r.date),
        num_users: Number(r.num_users),
        num_users_added: Number(r.num_users_added),
        summarized: d.readBool(r.summarized),
        ...counters(db, r),
      }))
      .sort(byKey((x) => `${x.group}|${x.date}`)),
  };
}

export type MonthlyRow = { user: number; month: string } & Counters;

/** The compiler's per-user monthly rollups (aac_monthlyusersummary), sorted. */
export async function readMonthlyRollups(db: Db): Promise<MonthlyRow[]> {
  const d = db.dialect;
  const rows = await db.all(
    sql`SELECT "user_id", "month", ${raw(COUNTERS.map((c) => `"${c}"`).join(', '))}, "time_on_site_us" AS tos FROM "aac_monthlyusersummary"`,
  );
  return rows.map((r) => ({ user: Number(r.user_id), month: d.readDate(r.month), ...counters(db, r) })).sort(byKey((x) => `${x.user}|${x.month}`));
}

/** What the rollups must hold: the daily user rows summed per user and calendar month. */
export function monthlyFromDaily(daily: SummarySnapshot['dailyUser']): MonthlyRow[] {
  const out = new Map<string, MonthlyRow>();
  for (const r of daily) {
    const month = `${r.date.slice(0, 7)}-01`;
    const key = `${r.user}|${month}`;
    const m = out.get(key) ?? { user: r.user, month, num_questions: 0, num_answers: 0, num_upvotes: 0, num_downvotes: 0, question_views: 0, time_on_site: 0 };
    for (const c of [...COUNTERS, 'time_on_site'] as const) m[c] += r[c];
    out.set(key, m);
  }
  return [...out.values()].sort(byKey((x) => `${x.user}|${x.month}`));
}

/** The compiler's question views (aac_dailyquestionviews, aac_monthlyquestionviews), sorted like questionViewsFromHistory's. */
export async function readQuestionViews(
  db: Db,
): Promise<{ daily: Array<{ post: number; date: string; views: number }>; monthly: Array<{ post: number; date: string; views: number }> }> {
  const d = db.dialect;
  const read = async (table: string, col: string) =>
    (await db.all(sql`SELECT "post_id", ${ident(col)} AS date, "views" FROM ${ident(table)}`))
      .map((r) => ({ post: Number(r.post_id), date: d.readDate(r.date), views: Number(r.views) }))
      .sort(byKey((x) => `${x.date}|${String(x.post).padStart(9, '0')}`));
  return { daily: await read('aac_dailyquestionviews', 'date'), monthly: await read('aac_monthlyquestionviews', 'month') };
}

export type ActiveDayRow = { date: string; gap: number; users: number } & Counters;

/** The compiler's active days (aac_dailyactiveusers), sorted. */
export async function readActiveDays(db: Db): Promise<ActiveDayRow[]> {
  const d = db.dialect;
  const rows = await db.all(
    sql`SELECT "date", "gap", "users", ${raw(COUNTERS.map((c) => `"${c}"`).join(', '))}, "time_on_site_us" AS tos FROM "aac_dailyactiveusers"`,
  );
  return rows
    .map((r) => ({ date: d.readDate(r.date), gap: Number(r.gap), users: Number(r.users), ...counters(db, r) }))
    .sort(byKey((x) => `${x.date}|${String(x.gap).padStart(6, '0')}`));
}

/**
 * What the active days must hold: each daily user row with a positive counter or time on site, grouped
 * by its date and the days since the same user's previous such row (0 for the user's first), summed.
 */
export function activeDaysFromDaily(daily: SummarySnapshot['dailyUser']): ActiveDayRow[] {
  const dayNo = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
  const active = daily.filter((r) => COUNTERS.some((c) => r[c] > 0) || r.time_on_site > 0).sort(byKey((x) => `${x.user}|${x.date}`));
  const out = new Map<string, ActiveDayRow>();
  active.forEach((r, i) => {
    const before = active[i - 1];
    const gap = before && before.user === r.user ? dayNo(r.date) - dayNo(before.date) : 0;
    const key = `${r.date}|${String(gap).padStart(6, '0')}`;
    const m = out.get(key) ?? {
      date: r.date,
      gap,
      users: 0,
      num_questions: 0,
      num_answers: 0,
      num_upvotes: 0,
      num_downvotes: 0,
      question_views: 0,
      time_on_site: 0,
    };
    m.users += 1;
    for (const c of [...COUNTERS, 'time_on_site'] as const) m[c] += r[c];
    out.set(key, m);
  });
  return [...out.values()].sort(byKey((x) => `${x.date}|${String(x.gap).padStart(6, '0')}`));
}

// Askbot's per-user daily summary rows for the report fixtures, declared by user name (the compiler
// writes them in the product; the fixtures declare them so the tests can add up the expected numbers).
import { insertRows } from '../../src-main/core/db/batch';
import type { Db } from '../../src-main/core/db/types';

export interface DailyRow {
  user: string;
  date: string;
  q?: number;
  a?: number;
  up?: number;
  down?: number;
  views?: number;
  tos?: number; // seconds
}

/** Writes the rows as summarized `askbot_dailyusersummary` rows; `users` maps names to ids. */
export async function insertDailySummaries(db: Db, rows: readonly DailyRow[], users: Record<string, number>): Promise<void> {
  const d = db.dialect;
  await insertRows(
    db,
    'askbot_dailyusersummary',
    ['num_questions', 'num_answers', 'num_upvotes', 'num_downvotes', 'question_views', 'time_on_site', 'date', 'user_id', 'summarized'],
    rows.map((r) => [
      r.q ?? 0,
      r.a ?? 0,
      r.up ?? 0,
      r.down ?? 0,
      r.views ?? 0,
      d.durationParam((r.tos ?? 0) * 1_000_000),
      d.dateParam(r.date),
      users[r.user],
      d.bool(true),
    ]),
  );
}

// Report indexes for the Overview's answering health and new members (spread into REPORT_INDEXES).
import type { ReportIndex } from './report-indexes';

export const HEALTH_INDEXES: readonly ReportIndex[] = [
  // The first answer of each question of the Overview's two periods (questions.ts, countedAnswer): a
  // range of a thread's answers read from the index alone, answers only (about half the posts; no
  // questions or comments). Askbot's own thread_id index needs a row fetch per post: at 5M events
  // SQLite spent 40-60 ms on them for 7k questions (8.6 MB of posts through a 2 MB page cache).
  ['aac_rep_post_answer_thread', 'askbot_post', '"thread_id", "added_at", "author_id", "deleted"', `"post_type" = 'answer'`],
];

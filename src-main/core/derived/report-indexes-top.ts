// Report indexes for the Overview's top askers, answerers and most-viewed questions (spread into REPORT_INDEXES).
import { EVENT } from '../forum/analytics';
import type { ReportIndex } from './report-indexes';

export const VIEWED_INDEX = 'aac_rep_event_viewed';
export const SESSION_USER_INDEX = 'aac_rep_session_user_id';

export const TOP_INDEXES: readonly ReportIndex[] = [
  // The most-viewed questions of a range (overview-top-questions.ts) count the range's question-viewed
  // events per post from this index alone; through aac_rep_event_type_ts_id every event's row is read
  // (164k rows for last-30-days on the 5M bench forum). Partial: only question-viewed events (40% of
  // the bench's events) pay for it.
  [VIEWED_INDEX, 'askbot_event', '"timestamp", "object_id", "content_type_id", "session_id", "event_type"', `"event_type" = ${Number(EVENT.QUESTION_VIEWED)}`],
  // The sessions of the users the most-viewed questions leave out (blocked, staff when left out, and
  // anonymous sessions), found by user: PostgreSQL reads a session's id from the table through Askbot's
  // user_id index, which for the bench's 400 blocked users' 33k sessions (scattered over the table) it
  // plans as a sequential scan of all 1.67M sessions (~380 ms); from this index alone ~15 ms. On SQLite
  // Askbot's index already holds the id (the rowid).
  [SESSION_USER_INDEX, 'askbot_session', '"user_id", "id"'],
];

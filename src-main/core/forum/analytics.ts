// Writing analytics sessions and events in Askbot's shape (SCHEMA.md §3.13). Batched.
import { insertRowsReturningIds } from '../db/batch';
import type { Db } from '../db/types';
import type { EpochMicros } from '../time/instant';

export const EVENT = {
  REGISTERED: 1,
  LOGGED_IN: 2,
  LOGGED_OUT: 3,
  QUESTION_VIEWED: 4,
  ANSWER_VIEWED: 5,
  UPVOTED: 6,
  DOWNVOTED: 7,
  VOTE_CANCELED: 8,
  ASKED: 9,
  ANSWERED: 10,
  COMMENTED_QUESTION: 11,
  COMMENTED_ANSWER: 12,
  RETAGGED: 13,
  SEARCHED: 14,
} as const;
export type EventType = (typeof EVENT)[keyof typeof EVENT];

export interface NewSession {
  userId: number | null;
  createdAt: EpochMicros;
  updatedAt: EpochMicros;
  /** Defaults to `createdAt`, as Askbot's SessionManager.create_session writes it. */
  lastSummarizedAt?: EpochMicros;
  ipAddress?: string | null;
  userAgent?: string | null;
}

export async function insertSessions(db: Db, sessions: readonly NewSession[]): Promise<number[]> {
  const d = db.dialect;
  return insertRowsReturningIds(
    db,
    'askbot_session',
    ['ip_address', 'user_agent', 'created_at', 'updated_at', 'user_id', 'last_summarized_at'],
    sessions.map((s) => [
      s.ipAddress ?? null,
      s.userAgent ?? null,
      d.dateTimeParam(s.createdAt),
      d.dateTimeParam(s.updatedAt),
      s.userId,
      d.dateTimeParam(s.lastSummarizedAt ?? s.createdAt),
    ]),
  );
}

export interface NewEvent {
  sessionId: number;
  eventType: EventType;
  timestamp: EpochMicros;
  contentTypeId: number;
  objectId: number;
  summarized?: boolean;
}

export async function insertEvents(db: Db, events: readonly NewEvent[]): Promise<number[]> {
  const d = db.dialect;
  return insertRowsReturningIds(
    db,
    'askbot_event',
    ['timestamp', 'object_id', 'content_type_id', 'session_id', 'summarized', 'event_type'],
    events.map((e) => [d.dateTimeParam(e.timestamp), e.objectId, e.contentTypeId, e.sessionId, d.bool(e.summarized ?? false), e.eventType]),
  );
}

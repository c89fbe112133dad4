// Writing forum content in Askbot's shape (SCHEMA.md §3.11): threads, question/answer/comment posts,
// votes and (legacy) question views, with every NOT NULL column the ORM would fill. Batched multi-row
// INSERTs. Callers pass the denormalised counters (answer_count, vote counts, ...) they know.
import { insertRows, insertRowsReturningIds } from '../db/batch';
import type { Db } from '../db/types';
import type { EpochMicros } from '../time/instant';

export interface NewThread {
  title: string;
  /** Space-separated tag names (≤ 125 characters). */
  tagnames: string;
  addedAt: EpochMicros;
  lastActivityAt: EpochMicros;
  lastActivityById: number;
  viewCount?: number;
  answerCount?: number;
  score?: number;
  favouriteCount?: number;
}

export async function insertThreads(db: Db, threads: readonly NewThread[]): Promise<number[]> {
  const d = db.dialect;
  return insertRowsReturningIds(
    db,
    'askbot_thread',
    [
      'title',
      'tagnames',
      'view_count',
      'favourite_count',
      'answer_count',
      'last_activity_at',
      'language_code',
      'closed',
      'closed_at',
      'close_reason',
      'deleted',
      'approved',
      'added_at',
      'score',
      'accepted_answer_id',
      'closed_by_id',
      'last_activity_by_id',
      'close_reason_text',
    ],
    threads.map((t) => [
      t.title.slice(0, 300),
      t.tagnames.slice(0, 125),
      t.viewCount ?? 0,
      t.favouriteCount ?? 0,
      t.answerCount ?? 0,
      d.dateTimeParam(t.lastActivityAt),
      'en',
      d.bool(false),
      null,
      null,
      d.bool(false),
      d.bool(true),
      d.dateTimeParam(t.addedAt),
      t.score ?? 0,
      null,
      null,
      t.lastActivityById,
      '',
    ]),
  );
}

export type PostType = 'question' | 'answer' | 'comment';

export interface NewPost {
  postType: PostType;
  threadId: number;
  /** The question or answer a comment belongs to; null for questions and answers. */
  parentId?: number | null;
  authorId: number;
  addedAt: EpochMicros;
  text: string;
  voteUpCount?: number;
  voteDownCount?: number;
  commentCount?: number;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export async function insertPosts(db: Db, posts: readonly NewPost[]): Promise<number[]> {
  const d = db.dialect;
  return insertRowsReturningIds(
    db,
    'askbot_post',
    [
      'post_type',
      'added_at',
      'endorsed',
      'approved',
      'deleted',
      'wiki',
      'locked',
      'score',
      'vote_up_count',
      'vote_down_count',
      'comment_count',
      'offensive_flag_count',
      'html',
      'text',
      'language_code',
      'summary',
      'is_anonymous',
      'author_id',
      'parent_id',
      'thread_id',
      'marked_as_spam',
    ],
    posts.map((p) => {
      const up = p.voteUpCount ?? 0;
      const down = p.voteDownCount ?? 0;
      return [
        p.postType,
        d.dateTimeParam(p.addedAt),
        d.bool(false),
        d.bool(true),
        d.bool(false),
        d.bool(false),
        d.bool(false),
        up - down,
        up,
        down,
        p.commentCount ?? 0,
        0,
        `<p>${escapeHtml(p.text)}</p>`,
        p.text,
        'en',
        p.text.slice(0, 300),
        d.bool(false),
        p.authorId,
        p.parentId ?? null,
        p.threadId,
        d.bool(false),
      ];
    }),
  );
}

export interface NewVote {
  userId: number;
  postId: number;
  /** 1 up, -1 down. A cancelled vote is deleted in Askbot, so there is no third value. */
  vote: 1 | -1;
  votedAt: EpochMicros;
}

export async function insertVotes(db: Db, votes: readonly NewVote[]): Promise<void> {
  const d = db.dialect;
  await insertRows(
    db,
    'vote',
    ['vote', 'voted_at', 'user_id', 'voted_post_id'],
    votes.map((v) => [v.vote, d.dateTimeParam(v.votedAt), v.userId, v.postId]),
  );
}

export interface NewQuestionView {
  questionId: number;
  userId: number;
  when: EpochMicros;
}

/** Legacy `askbot_questionview` rows (current Askbot only updates them; migration 0027 reads them). */
export async function insertQuestionViews(db: Db, views: readonly NewQuestionView[]): Promise<void> {
  const d = db.dialect;
  await insertRows(
    db,
    'askbot_questionview',
    ['when', 'question_id', 'who_id'],
    views.map((v) => [d.dateTimeParam(v.when), v.questionId, v.userId]),
  );
}

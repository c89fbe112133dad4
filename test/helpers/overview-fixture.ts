// A small forum for the Overview and questions tests (issue 14), declared as data so every expected
// number in test/integration/reports-overview.test.ts is computed by hand from these lines: staff of
// every kind (administrator `d`, moderator `m`, a superuser with an ordinary status), a blocked user,
// a user in two organizations, a member whose only summary row is all zeros, deleted and closed
// questions, a deleted answer, a self-answer, a deleted thread, and a question asked before the
// range and answered inside it. The range of the tests is 2026-03-08..2026-03-14 (7 days), its
// previous period 2026-03-01..2026-03-07.
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { sql } from '../../src-main/core/db/sql';
import { EVENT, insertEvents, insertSessions } from '../../src-main/core/forum/analytics';
import { insertPosts, insertThreads } from '../../src-main/core/forum/posts';
import { insertGroups, insertUsers, joinGroups, type UserStatus } from '../../src-main/core/forum/users';
import { parseInstant } from '../../src-main/core/time/instant';
import { insertDailySummaries, type DailyRow } from './daily-summaries';

export const OV_NOW = parseInstant('2026-03-15T12:00:00Z');
export const OV_RANGE = '2026-03-08..2026-03-14';

export const OV_USERS: ReadonlyArray<{ name: string; joined: string; status?: UserStatus; superuser?: boolean; groups: string[] }> = [
  { name: 'adm', joined: '2025-01-01T00:00:00Z', status: 'd', groups: ['Acme'] }, // administrator (and superuser)
  { name: 'mod', joined: '2026-03-09T08:00:00Z', status: 'm', groups: ['Beta'] }, // moderator, joined in the range
  { name: 'sup', joined: '2025-06-01T00:00:00Z', superuser: true, groups: [] }, // superuser with status 'w'
  { name: 'amy', joined: '2026-03-03T10:00:00Z', groups: ['Acme', 'Beta'] }, // two organizations; joined in the previous period
  { name: 'ben', joined: '2026-03-10T23:30:00Z', groups: ['Acme'] }, // joined in the range, activated
  { name: 'blk', joined: '2026-03-11T00:00:00Z', status: 'b', groups: ['Acme'] }, // blocked: never counted
  { name: 'cal', joined: '2026-02-20T00:00:00Z', groups: ['Beta'] },
  { name: 'old', joined: '2025-12-15T00:00:00Z', groups: [] },
  { name: 'dee', joined: '2026-03-12T05:00:00Z', groups: [] }, // joined in the range, only an all-zero row: not activated, not active
];

export const OV_GROUPS = ['Acme', 'Beta'] as const;

/** Daily user summaries (UTC days): q questions, a answers, up/down votes, views, tos seconds. */
export const OV_DAILY: readonly DailyRow[] = [
  { user: 'amy', date: '2026-03-05', q: 1 },
  { user: 'amy', date: '2026-03-08', views: 2 },
  { user: 'amy', date: '2026-03-13', tos: 600 }, // time on site only
  { user: 'ben', date: '2026-03-12', a: 1 },
  { user: 'cal', date: '2026-02-10', up: 1 }, // 26 days before the range: inside MAU's trailing window only
  { user: 'cal', date: '2026-03-14', q: 2, down: 1 },
  { user: 'old', date: '2026-03-01', views: 1 },
  { user: 'adm', date: '2026-03-09', q: 1, tos: 300 },
  { user: 'mod', date: '2026-03-09', up: 1 },
  { user: 'sup', date: '2026-03-10', a: 1 },
  { user: 'blk', date: '2026-03-11', q: 5 },
  { user: 'dee', date: '2026-03-13' }, // all zeros (e.g. a login): not activity
];

/** Threads, each with one question and its answers. Times UTC. */
export const OV_THREADS: ReadonlyArray<{
  name: string;
  asker: string;
  asked: string;
  closed?: boolean;
  deleted?: 'question' | 'thread';
  views?: number;
  answers: ReadonlyArray<{ by: string; at: string; deleted?: boolean }>;
}> = [
  {
    name: 'Q1',
    asker: 'amy',
    asked: '2026-03-08T10:00:00Z',
    views: 11,
    answers: [
      { by: 'ben', at: '2026-03-08T20:00:00Z' },
      { by: 'cal', at: '2026-03-09T00:00:00Z' },
    ],
  },
  {
    name: 'Q2',
    asker: 'cal',
    asked: '2026-03-09T00:00:00Z',
    answers: [
      { by: 'cal', at: '2026-03-09T01:00:00Z' },
      { by: 'amy', at: '2026-03-11T00:00:00Z' },
    ],
  },
  // A deleted answer and a blocked user's answer: neither answers it.
  {
    name: 'Q3',
    asker: 'ben',
    asked: '2026-03-10T12:00:00Z',
    answers: [
      { by: 'old', at: '2026-03-10T13:00:00Z', deleted: true },
      { by: 'blk', at: '2026-03-10T15:00:00Z' },
    ],
  },
  { name: 'Q4', asker: 'amy', asked: '2026-03-11T00:00:00Z', closed: true, answers: [] },
  { name: 'Q5', asker: 'old', asked: '2026-03-12T00:00:00Z', deleted: 'question', answers: [] },
  // Asked before the range; cal's answer comes before the range's start, amy's inside it.
  {
    name: 'Q6',
    asker: 'old',
    asked: '2026-03-07T23:00:00Z',
    answers: [
      { by: 'amy', at: '2026-03-08T01:00:00Z' },
      { by: 'cal', at: '2026-03-07T23:30:00Z' },
    ],
  },
  { name: 'Q7', asker: 'adm', asked: '2026-03-13T00:00:00Z', answers: [{ by: 'amy', at: '2026-03-13T06:00:00Z' }] },
  { name: 'Q8', asker: 'amy', asked: '2026-03-13T12:00:00Z', answers: [{ by: 'mod', at: '2026-03-13T13:00:00Z' }] }, // answered by staff only
  { name: 'Q9', asker: 'blk', asked: '2026-03-12T00:00:00Z', answers: [] },
  { name: 'Q10', asker: 'amy', asked: '2026-03-12T00:00:00Z', deleted: 'thread', answers: [] },
  // 2026-03-15 03:00 UTC is 2026-03-14 22:00 in Chicago: in the range only when days are Chicago's (USE_TZ = false).
  { name: 'Q11', asker: 'cal', asked: '2026-03-15T03:00:00Z', answers: [] },
];

/** Question-viewed events: who viewed which question when. */
export const OV_VIEWS: ReadonlyArray<{ user: string; question: string; at: string }> = [
  { user: 'amy', question: 'Q1', at: '2026-03-08T11:00:00Z' },
  { user: 'amy', question: 'Q1', at: '2026-03-08T12:00:00Z' },
  { user: 'cal', question: 'Q2', at: '2026-03-09T02:00:00Z' },
  { user: 'blk', question: 'Q2', at: '2026-03-11T02:00:00Z' },
  { user: 'blk', question: 'Q2', at: '2026-03-11T03:00:00Z' },
  { user: 'blk', question: 'Q2', at: '2026-03-11T04:00:00Z' },
  { user: 'mod', question: 'Q3', at: '2026-03-10T14:00:00Z' },
  { user: 'ben', question: 'Q1', at: '2026-03-07T12:00:00Z' }, // before the range
];

export interface OverviewFixture {
  users: Record<string, number>;
  groups: Record<string, number>;
  questions: Record<string, number>;
  threads: Record<string, number>;
}

export async function buildOverviewFixture(db: Db): Promise<OverviewFixture> {
  return db.transaction(async (tx) => {
    const d = tx.dialect;
    const ids = await insertUsers(
      tx,
      OV_USERS.map((u) => ({ username: u.name, email: `${u.name}@example.com`, dateJoined: parseInstant(u.joined), status: u.status })),
    );
    const users = Object.fromEntries(OV_USERS.map((u, i) => [u.name, ids[i]!]));
    for (const u of OV_USERS.filter((x) => x.superuser)) {
      await tx.run(sql`UPDATE "auth_user" SET "is_superuser" = ${d.bool(true)} WHERE "id" = ${users[u.name]}`);
    }
    const gids = await insertGroups(
      tx,
      OV_GROUPS.map((name) => ({ name, usedForAnalytics: true })),
    );
    const groups = Object.fromEntries(OV_GROUPS.map((g, i) => [g, gids[i]!]));
    await joinGroups(
      tx,
      OV_USERS.flatMap((u) => u.groups.map((g) => [users[u.name]!, groups[g]!] as const)),
    );
    await insertDailySummaries(tx, OV_DAILY, users);
    const threads: Record<string, number> = {};
    const questions: Record<string, number> = {};
    for (const t of OV_THREADS) {
      const asked = parseInstant(t.asked);
      const [tid] = await insertThreads(tx, [
        { title: `Thread ${t.name}`, tagnames: 'x', addedAt: asked, lastActivityAt: asked, lastActivityById: users[t.asker]!, viewCount: t.views ?? 0 },
      ]);
      threads[t.name] = tid!;
      const [qid] = await insertPosts(tx, [{ postType: 'question', threadId: tid!, authorId: users[t.asker]!, addedAt: asked, text: t.name }]);
      questions[t.name] = qid!;
      for (const a of t.answers) {
        const [aid] = await insertPosts(tx, [
          { postType: 'answer', threadId: tid!, authorId: users[a.by]!, addedAt: parseInstant(a.at), text: `answer to ${t.name}` },
        ]);
        if (a.deleted) await tx.run(sql`UPDATE "askbot_post" SET "deleted" = ${d.bool(true)} WHERE "id" = ${aid}`);
      }
      if (t.closed) await tx.run(sql`UPDATE "askbot_thread" SET "closed" = ${d.bool(true)} WHERE "id" = ${tid}`);
      if (t.deleted === 'thread') await tx.run(sql`UPDATE "askbot_thread" SET "deleted" = ${d.bool(true)} WHERE "id" = ${tid}`);
      if (t.deleted === 'question') await tx.run(sql`UPDATE "askbot_post" SET "deleted" = ${d.bool(true)} WHERE "id" = ${qid}`);
    }
    const ct = await ensureContentTypeId(tx, 'askbot', 'post');
    const sessions = await insertSessions(
      tx,
      OV_VIEWS.map((v) => ({ userId: users[v.user]!, createdAt: parseInstant(v.at), updatedAt: parseInstant(v.at) })),
    );
    await insertEvents(
      tx,
      OV_VIEWS.map((v, i) => ({
        sessionId: sessions[i]!,
        eventType: EVENT.QUESTION_VIEWED,
        timestamp: parseInstant(v.at),
        contentTypeId: ct,
        objectId: questions[v.question]!,
      })),
    );
    return { users, groups, questions, threads };
  });
}

// A small forum for the report tests, declared as data so the tests can compute expected numbers by
// hand (and with a brute-force oracle over the same declarations): two named segments sharing a user,
// organizations, a user in two organizations, a blocked user, a personal group flagged for analytics
// (must never show), summary rows and events on the boundary days of every preset for TODAY, and a
// thread with a question, answers and comments.
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { EVENT, insertEvents, insertSessions, type EventType } from '../../src-main/core/forum/analytics';
import { insertPosts, insertThreads } from '../../src-main/core/forum/posts';
import { insertGroups, insertUsers, joinGroups, type UserStatus } from '../../src-main/core/forum/users';
import { parseSettings, type AnalyticsSettings } from '../../src-main/core/settings';
import { parseInstant } from '../../src-main/core/time/instant';
import { insertDailySummaries, type DailyRow } from './daily-summaries';

export const TODAY = '2026-03-15';
/** Noon of TODAY (UTC): reports in the tests run "now". */
export const NOW = parseInstant('2026-03-15T12:00:00Z');

export const FIXTURE_USERS: ReadonlyArray<{ name: string; joined: string; status?: UserStatus; groups: string[] }> = [
  { name: 'ann', joined: '2025-01-10T10:00:00Z', status: 'd', groups: ['Staff', 'Partners', 'everyone'] },
  { name: 'bob', joined: '2026-03-01T00:00:00Z', groups: ['Partners', 'everyone', 'Hobby'] },
  { name: 'cat', joined: '2026-02-14T00:00:00Z', groups: ['Acme', 'Beta_Corp', 'everyone'] },
  // Joined late on TODAY: counted by ranges ending today (Askbot's views drop end-day sign-ups).
  { name: 'dan', joined: '2026-03-15T23:30:00Z', groups: ['Acme', 'everyone'] },
  { name: 'eve', joined: '2025-06-01T00:00:00Z', status: 'b', groups: ['Beta_Corp', 'everyone'] },
  // Joined at the first instant after TODAY: never counted by ranges ending today.
  { name: 'fay', joined: '2026-03-16T00:00:00Z', groups: ['everyone', '100% Pure'] },
  { name: 'gus', joined: '2024-12-31T23:59:59Z', groups: ['everyone', '_personal_7'] },
];

/** Analytics groups: Staff and Partners are named segments; the rest, except personal ones, are organizations. */
export const FIXTURE_GROUPS: ReadonlyArray<{ name: string; analytics: boolean }> = [
  { name: 'Staff', analytics: true },
  { name: 'Partners', analytics: true },
  { name: 'Acme', analytics: true },
  { name: 'Beta_Corp', analytics: true },
  { name: 'Gamma', analytics: true }, // no members
  { name: '100% Pure', analytics: true },
  { name: '_personal_7', analytics: true }, // personal: never an organization even when flagged
  { name: 'everyone', analytics: false },
  { name: 'Hobby', analytics: false },
];

export type { DailyRow };

export const FIXTURE_DAILY: readonly DailyRow[] = [
  { user: 'ann', date: '2026-03-15', q: 1, tos: 600 }, // today
  { user: 'ann', date: '2026-02-14', a: 2 }, // first day of last-30-days
  { user: 'bob', date: '2026-03-09', q: 2, up: 1 }, // first day of last-7-days
  { user: 'cat', date: '2026-03-08', a: 1, views: 5 }, // day before last-7-days
  { user: 'cat', date: '2026-02-13', down: 1 }, // day before last-30-days
  { user: 'dan', date: '2026-03-15', views: 3, tos: 120 },
  { user: 'eve', date: '2026-02-28', q: 1, tos: 30 }, // blocked: activity still counts; last day of last-month
  { user: 'gus', date: '2025-12-01', a: 1 }, // first day of last-3-months
  { user: 'gus', date: '2025-11-30', up: 2 }, // day before last-3-months
  { user: 'ann', date: '2025-01-01', q: 1 }, // first day of last-year; the earliest summary (all-time)
  { user: 'ann', date: '2025-12-31', views: 4 }, // last day of last-year
  { user: 'cat', date: '2026-01-01', views: 2 }, // first day of this-year
  { user: 'gus', date: '2025-09-01', views: 1 }, // first day of last-6-months
  { user: 'gus', date: '2025-08-31', views: 7 }, // day before last-6-months
  { user: 'cat', date: '2026-02-01', up: 1 }, // first day of last-month
  { user: 'bob', date: '2026-03-01', down: 3, tos: 3600 }, // first day of this-month
];

export type ObjectRef = { kind: 'user'; name: string } | { kind: 'post'; name: string } | { kind: 'thread'; name: string };

export interface FixtureEvent {
  user: string;
  type: EventType;
  at: string;
  object: ObjectRef;
}

/** Posts of thread T1 (Q1 with answers A1, A2, comments C1 on Q1, C2 on A1) and of thread T2 (Q2). */
export const FIXTURE_POSTS: ReadonlyArray<{
  name: string;
  type: 'question' | 'answer' | 'comment';
  thread: 'T1' | 'T2';
  parent?: string;
  author: string;
  text: string;
}> = [
  { name: 'Q1', type: 'question', thread: 'T1', author: 'ann', text: 'How do I compile analytics?' },
  {
    name: 'A1',
    type: 'answer',
    thread: 'T1',
    author: 'bob',
    text: 'Run the compile command   every hour from cron, and look at the summaries afterwards to check the counts.',
  },
  { name: 'A2', type: 'answer', thread: 'T1', author: 'cat', text: 'Use the console.' },
  { name: 'C1', type: 'comment', thread: 'T1', parent: 'Q1', author: 'dan', text: 'Which version?' },
  { name: 'C2', type: 'comment', thread: 'T1', parent: 'A1', author: 'ann', text: 'Thanks!' },
  { name: 'Q2', type: 'question', thread: 'T2', author: 'gus', text: 'Another question' },
];
export const FIXTURE_THREADS = { T1: 'Compiling analytics', T2: 'Second thread' } as const;

const u = (name: string): ObjectRef => ({ kind: 'user', name });
const post = (name: string): ObjectRef => ({ kind: 'post', name });

export const FIXTURE_EVENTS: readonly FixtureEvent[] = [
  { user: 'dan', type: EVENT.REGISTERED, at: '2026-03-15T23:30:00Z', object: u('dan') },
  { user: 'ann', type: EVENT.LOGGED_IN, at: '2026-03-15T08:00:00Z', object: u('ann') },
  { user: 'ann', type: EVENT.LOGGED_OUT, at: '2026-03-15T09:00:00Z', object: u('ann') },
  // Three events at the same instant: the cursor must break the tie by id.
  { user: 'dan', type: EVENT.QUESTION_VIEWED, at: '2026-03-14T12:00:00Z', object: post('Q1') },
  { user: 'dan', type: EVENT.ANSWER_VIEWED, at: '2026-03-14T12:00:00Z', object: post('A1') },
  { user: 'bob', type: EVENT.UPVOTED, at: '2026-03-14T12:00:00Z', object: post('A2') },
  { user: 'cat', type: EVENT.DOWNVOTED, at: '2026-03-13T10:00:00Z', object: post('A1') },
  { user: 'cat', type: EVENT.VOTE_CANCELED, at: '2026-03-13T10:05:00Z', object: post('A1') },
  { user: 'ann', type: EVENT.ASKED, at: '2026-03-01T00:00:00Z', object: post('Q1') },
  { user: 'bob', type: EVENT.ANSWERED, at: '2026-03-09T00:00:00Z', object: post('A1') },
  { user: 'cat', type: EVENT.ANSWERED, at: '2026-02-14T00:00:00Z', object: post('A2') },
  { user: 'dan', type: EVENT.COMMENTED_QUESTION, at: '2026-03-10T00:00:00Z', object: post('C1') },
  { user: 'ann', type: EVENT.COMMENTED_ANSWER, at: '2026-03-11T00:00:00Z', object: post('C2') },
  { user: 'ann', type: EVENT.RETAGGED, at: '2026-03-12T00:00:00Z', object: { kind: 'thread', name: 'T1' } },
  { user: 'ann', type: EVENT.RETAGGED, at: '2026-03-12T00:00:01Z', object: post('Q1') }, // the 0027 back-fill's shape
  { user: 'gus', type: EVENT.SEARCHED, at: '2026-02-28T23:59:59.999999Z', object: u('gus') },
  { user: 'gus', type: EVENT.ASKED, at: '2026-02-01T00:00:00Z', object: post('Q2') },
  { user: 'eve', type: EVENT.LOGGED_IN, at: '2026-03-05T00:00:00Z', object: u('eve') },
  { user: 'cat', type: EVENT.UPVOTED, at: '2026-03-08T23:59:59Z', object: post('Q2') }, // last second before last-7-days
];

export interface ReportFixture {
  settings: AnalyticsSettings;
  users: Record<string, number>;
  groups: Record<string, number>;
  posts: Record<string, number>;
  threads: Record<string, number>;
  /** Event ids in FIXTURE_EVENTS order. */
  events: number[];
}

/** The named segments: Staff and Partners (ann is in both). */
export function fixtureSettings(groups: Record<string, number>, extra: Record<string, unknown> = {}): AnalyticsSettings {
  return parseSettings({
    ASKBOT_ANALYTICS_NAMED_SEGMENTS: [
      { name: 'Staff', slug: 'staff', group_ids: [groups.Staff] },
      { name: 'Partners', slug: 'partners', group_ids: [groups.Partners] },
    ],
    ...extra,
  });
}

export async function buildReportFixture(db: Db): Promise<ReportFixture> {
  return db.transaction(async (tx) => {
    const userIds = await insertUsers(
      tx,
      FIXTURE_USERS.map((x) => ({ username: x.name, email: `${x.name}@example.com`, dateJoined: parseInstant(x.joined), status: x.status })),
    );
    const users = Object.fromEntries(FIXTURE_USERS.map((x, i) => [x.name, userIds[i]!]));
    const groupIds = await insertGroups(
      tx,
      FIXTURE_GROUPS.map((g) => ({ name: g.name, usedForAnalytics: g.analytics })),
    );
    const groups = Object.fromEntries(FIXTURE_GROUPS.map((g, i) => [g.name, groupIds[i]!]));
    await joinGroups(
      tx,
      FIXTURE_USERS.flatMap((x) => x.groups.map((g) => [users[x.name]!, groups[g]!] as const)),
    );

    await insertDailySummaries(tx, FIXTURE_DAILY, users);

    const t0 = parseInstant('2026-01-01T00:00:00Z');
    const threadIds = await insertThreads(
      tx,
      (['T1', 'T2'] as const).map((t) => ({ title: FIXTURE_THREADS[t], tagnames: 'analytics', addedAt: t0, lastActivityAt: t0, lastActivityById: users.ann! })),
    );
    const threads = { T1: threadIds[0]!, T2: threadIds[1]! };
    const posts: Record<string, number> = {};
    for (const p of FIXTURE_POSTS) {
      // Parents first (declaration order guarantees it); one statement per post is fine in a fixture.
      const [id] = await insertPosts(tx, [
        {
          postType: p.type,
          threadId: threads[p.thread],
          parentId: p.parent ? posts[p.parent] : null,
          authorId: users[p.author]!,
          addedAt: t0,
          text: p.text,
        },
      ]);
      posts[p.name] = id!;
    }

    const ct = {
      user: await ensureContentTypeId(tx, 'auth', 'user'),
      post: await ensureContentTypeId(tx, 'askbot', 'post'),
      thread: await ensureContentTypeId(tx, 'askbot', 'thread'),
    };
    const sessionIds = await insertSessions(
      tx,
      FIXTURE_EVENTS.map((e) => ({ userId: users[e.user]!, createdAt: parseInstant(e.at), updatedAt: parseInstant(e.at) })),
    );
    const events = await insertEvents(
      tx,
      FIXTURE_EVENTS.map((e, i) => ({
        sessionId: sessionIds[i]!,
        eventType: e.type,
        timestamp: parseInstant(e.at),
        contentTypeId: ct[e.object.kind],
        objectId: e.object.kind === 'user' ? users[e.object.name]! : e.object.kind === 'post' ? posts[e.object.name]! : threads[e.object.name as 'T1']!,
      })),
    );
    return { settings: fixtureSettings(groups), users, groups, posts, threads, events };
  });
}

// ---- A brute-force oracle over the declarations above (no SQL): what the reports must return. ----

export interface OracleMetrics {
  num_users: number;
  num_users_added: number;
  num_questions: number;
  num_answers: number;
  num_upvotes: number;
  num_downvotes: number;
  question_views: number;
  time_on_site_seconds: number;
}

export function membersOf(group: string): string[] {
  return FIXTURE_USERS.filter((x) => x.groups.includes(group)).map((x) => x.name);
}

/** Users in none of the named segments' groups (Staff, Partners). */
export function restUsers(): string[] {
  return FIXTURE_USERS.filter((x) => !x.groups.includes('Staff') && !x.groups.includes('Partners')).map((x) => x.name);
}

/** UTC day of a joined timestamp (the fixture's tests run with USE_TZ = true unless they say otherwise). */
function joinedDay(iso: string): string {
  return iso.slice(0, 10);
}

export function oracleMetrics(users: readonly string[], range: { start: string; end: string }): OracleMetrics {
  const set = new Set(users);
  const counted = FIXTURE_USERS.filter((x) => set.has(x.name) && x.status !== 'b');
  const rows = FIXTURE_DAILY.filter((r) => set.has(r.user) && r.date >= range.start && r.date <= range.end);
  const sum = (f: (r: DailyRow) => number | undefined) => rows.reduce((a, r) => a + (f(r) ?? 0), 0);
  return {
    num_users: counted.filter((x) => joinedDay(x.joined) <= range.end).length,
    num_users_added: counted.filter((x) => joinedDay(x.joined) >= range.start && joinedDay(x.joined) <= range.end).length,
    num_questions: sum((r) => r.q),
    num_answers: sum((r) => r.a),
    num_upvotes: sum((r) => r.up),
    num_downvotes: sum((r) => r.down),
    question_views: sum((r) => r.views),
    time_on_site_seconds: sum((r) => r.tos),
  };
}

/** Indexes into FIXTURE_EVENTS of the events matching, newest first (ties: later inserted first). */
export function oracleEvents(opts: {
  types?: readonly number[] | null;
  users?: readonly string[];
  objects?: readonly ObjectRef[];
  from: string;
  to: string;
}): number[] {
  const key = (o: ObjectRef) => `${o.kind}:${o.name}`;
  const objects = opts.objects ? new Set(opts.objects.map(key)) : null;
  return FIXTURE_EVENTS.map((e, i) => ({ e, i }))
    .filter(({ e }) => !opts.types || opts.types.includes(e.type))
    .filter(({ e }) => !opts.users || opts.users.includes(e.user))
    .filter(({ e }) => !objects || objects.has(key(e.object)))
    .filter(({ e }) => parseInstant(e.at) >= parseInstant(opts.from) && parseInstant(e.at) < parseInstant(opts.to))
    .sort((a, b) => parseInstant(b.e.at) - parseInstant(a.e.at) || b.i - a.i)
    .map(({ i }) => i);
}

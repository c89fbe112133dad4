// `seed demo`: fills a database just created by `initSchema` with a believable Askbot forum (DESIGN.md §7):
// users across organizations and public-mail providers, an administrator and a moderator with Django
// passwords, threads with questions, answers, comments, votes, tags and question views following a daily
// and weekly rhythm over the past D days; organization groups made by the same code as `create-groups`,
// "Staff" and "Partners" groups ready for named segments; analytics sessions and events derived from that
// activity by `seedEventsFromForum`. Deterministic for a seed (and `now`). The forum is simulated in
// memory (demo-simulation.ts), then written with batched multi-row INSERTs, all in one transaction.
import { hashDjangoPassword } from '../auth/password';
import { betweenBatches } from '../cancel';
import { AppError } from '../errors';
import { assertWritable } from '../db/schema';
import { raw, sql, type Sql } from '../db/sql';
import type { Db } from '../db/types';
import { insertPosts, insertQuestionViews, insertThreads, insertVotes, type NewPost } from '../forum/posts';
import { insertGroups, insertUsers, joinGroups, type NewUser } from '../forum/users';
import { createEmailDomainGroups, type JobOptions } from '../groups/email-domains';
import { DEFAULT_SETTINGS } from '../settings';
import { formatInstant, type EpochMicros } from '../time/instant';
import type { DemoSummary } from '../types/jobs';
import { HOST_DOMAIN, ORGANIZATION_DOMAINS, PARTNER_DOMAINS, PUBLIC_MAIL_DOMAINS } from './demo-content';
import { DEMO_ADMIN_USERNAME, DEMO_MODERATOR_USERNAME, simulateForum, type SimPost, type SimulatedForum } from './demo-simulation';
import { seedEventsFromForum, type SeedEventsResult } from './events';
import { Rng } from './random';

export { DEMO_ADMIN_USERNAME, DEMO_MODERATOR_USERNAME };
export const DEMO_ADMIN_PASSWORD = 'admin-demo-password';
export const DEMO_MODERATOR_PASSWORD = 'moderator-demo-password';
export const DEMO_DEFAULTS = { users: 300, days: 120, seed: 1 } as const;

export interface DemoOptions extends JobOptions {
  users: number;
  days: number;
  seed: number;
  /** The end of the simulated period (µs since the epoch). */
  now: EpochMicros;
  adminPassword?: string;
  moderatorPassword?: string;
  /** Session gluing for the derived analytics (ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES, default 30). */
  sessionTimeoutMinutes?: number;
  /** PBKDF2 iterations of the two passwords (Django 4.2's 600 000 unless a test wants speed). */
  passwordIterations?: number;
}

export type { DemoSummary };

const SALT_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function validate(o: DemoOptions): void {
  const bad = (msg: string) => new AppError('INVALID_INPUT', msg);
  if (!Number.isInteger(o.users) || o.users < 10 || o.users > 2_000_000) throw bad(`--users must be an integer from 10 to 2000000, not ${o.users}`);
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > 3650) throw bad(`--days must be an integer from 1 to 3650, not ${o.days}`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) throw bad(`--seed must be an integer from 0 to 4294967295, not ${o.seed}`);
  if (!Number.isFinite(o.now)) throw bad('now must be an instant');
  for (const [k, v] of [
    ['admin password', o.adminPassword],
    ['moderator password', o.moderatorPassword],
  ] as const) {
    if (v !== undefined && v.length < 8) throw bad(`the ${k} must have at least 8 characters`);
  }
}

/** The administrator's and the moderator's password hashes (salts drawn from the demo's generator). */
async function hashPasswords(o: DemoOptions, rng: Rng): Promise<[admin: string, moderator: string]> {
  const iterations = o.passwordIterations;
  const [admin, moderator] = await Promise.all([
    hashDjangoPassword(o.adminPassword ?? DEMO_ADMIN_PASSWORD, { iterations, salt: rng.chars(22, SALT_ALPHABET) }),
    hashDjangoPassword(o.moderatorPassword ?? DEMO_MODERATOR_PASSWORD, { iterations, salt: rng.chars(22, SALT_ALPHABET) }),
  ]);
  return [admin, moderator];
}

/** The users with their profiles; the first two sign in with the given hashes. Returns their ids in order. */
function writeUsers(tx: Db, sim: SimulatedForum, [adminHash, moderatorHash]: [string, string]): Promise<number[]> {
  const newUsers: NewUser[] = sim.users.map((u, i) => ({
    username: u.username,
    email: u.email,
    dateJoined: u.joined,
    status: u.status,
    realName: u.realName,
    password: i === 0 ? adminHash : i === 1 ? moderatorHash : undefined,
  }));
  return insertUsers(tx, newUsers);
}

interface DemoGroups {
  organizations: number;
  staff: number;
  partners: number;
}

/**
 * What Askbot gives every user (the global group and a personal group, neither used for analytics),
 * the organizations by the same code as create-groups (public-mail providers are no organization), and
 * the groups for named segments: Staff (the host's admins and some employees) and Partners.
 */
async function writeGroups(tx: Db, sim: SimulatedForum, userIds: number[], o: DemoOptions, rng: Rng): Promise<DemoGroups> {
  const [everyone] = await insertGroups(tx, [{ name: 'everyone' }]);
  const personal = await insertGroups(
    tx,
    userIds.map((id) => ({ name: `_personal_${id}` })),
  );
  await joinGroups(tx, [...userIds.map((id) => [id, everyone!] as const), ...userIds.map((id, i) => [id, personal[i]!] as const)]);
  const orgs = await createEmailDomainGroups(
    tx,
    { ...DEFAULT_SETTINGS, ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED: true },
    {
      now: o.now,
      onlyDomains: new Set(ORGANIZATION_DOMAINS.map(([d]) => d)),
      rebuildSummaries: false, // nothing is compiled yet
    },
  );
  const [staff, partners] = await insertGroups(tx, [
    { name: 'Staff', usedForAnalytics: true, visibility: 1 },
    { name: 'Partners', usedForAnalytics: true, visibility: 2 },
  ]);
  const segmentPairs: Array<readonly [number, number]> = [];
  sim.users.forEach((u, i) => {
    if (i < 2 || (u.domain === HOST_DOMAIN && rng.chance(0.1))) segmentPairs.push([userIds[i]!, staff!]);
    if ((PARTNER_DOMAINS.includes(u.domain) && rng.chance(0.4)) || (PUBLIC_MAIL_DOMAINS.includes(u.domain) && rng.chance(0.03))) {
      segmentPairs.push([userIds[i]!, partners!]);
    }
  });
  await joinGroups(tx, segmentPairs);
  return { organizations: orgs.groups.length, staff: staff!, partners: partners! };
}

/** Threads, then questions and answers (comments point at them), then comments, each kind in time order. Returns the post ids by simulated post index. */
async function writeThreadsAndPosts(tx: Db, sim: SimulatedForum, userIds: number[]): Promise<number[]> {
  const threadIds = await insertThreads(
    tx,
    sim.threads.map((t) => ({
      title: t.title,
      tagnames: t.tags,
      addedAt: t.at,
      lastActivityAt: t.lastAt,
      lastActivityById: userIds[t.lastBy]!,
      viewCount: t.views,
      answerCount: t.answers.length,
      score: sim.posts[t.question]!.up - sim.posts[t.question]!.down,
    })),
  );
  const postIds = new Array<number>(sim.posts.length);
  const toRow = (p: SimPost): NewPost => ({
    postType: p.type,
    threadId: threadIds[p.thread]!,
    parentId: p.parent >= 0 ? postIds[p.parent]! : null,
    authorId: userIds[p.author]!,
    addedAt: p.at,
    text: p.type === 'question' ? `${sim.threads[p.thread]!.title}\n\n${p.text}` : p.text,
    voteUpCount: p.up,
    voteDownCount: p.down,
    commentCount: p.comments,
  });
  for (const kinds of [['question', 'answer'], ['comment']]) {
    const idx = sim.posts.map((p, i) => i).filter((i) => kinds.includes(sim.posts[i]!.type));
    idx.sort((a, b) => sim.posts[a]!.at - sim.posts[b]!.at || a - b);
    const ids = await insertPosts(
      tx,
      idx.map((i) => toRow(sim.posts[i]!)),
    );
    idx.forEach((i, k) => (postIds[i] = ids[k]!));
  }
  return postIds;
}

async function writeVotesAndViews(tx: Db, sim: SimulatedForum, userIds: number[], postIds: number[]): Promise<void> {
  await insertVotes(
    tx,
    sim.votes.map((v) => ({ userId: userIds[v.user]!, postId: postIds[v.post]!, vote: v.vote, votedAt: v.at })),
  );
  await insertQuestionViews(
    tx,
    sim.views.map((v) => ({ questionId: postIds[sim.threads[v.thread]!.question]!, userId: userIds[v.user]!, when: v.at })),
  );
}

/** SQL: the end of the latest session of the user whose id is in `userIdColumn` (code). */
function latestSessionEnd(userIdColumn: string): Sql {
  return sql`(SELECT max(s."updated_at") FROM "askbot_session" s WHERE s."user_id" = ${raw(userIdColumn)})`;
}

/** Sessions and events from the forum's activity; last sign-in and last-seen times follow each user's latest session, as a live site would show them. */
async function writeAnalytics(tx: Db, o: DemoOptions): Promise<SeedEventsResult> {
  const events = await seedEventsFromForum(
    tx,
    { ...DEFAULT_SETTINGS, ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: o.sessionTimeoutMinutes ?? DEFAULT_SETTINGS.ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES },
    { signal: o.signal },
  );
  await tx.run(sql`UPDATE "auth_user" SET "last_login" = ${latestSessionEnd('"auth_user"."id"')}`);
  await tx.run(sql`UPDATE "askbot_userprofile" SET "last_seen" = COALESCE(${latestSessionEnd('"askbot_userprofile"."auth_user_ptr_id"')}, "last_seen")`);
  return events;
}

function summarize(o: DemoOptions, sim: SimulatedForum, groups: DemoGroups, events: SeedEventsResult): DemoSummary {
  return {
    seed: o.seed,
    days: o.days,
    from: formatInstant(sim.firstDay),
    to: formatInstant(o.now),
    users: sim.users.length,
    blockedUsers: sim.users.filter((u) => u.status === 'b').length,
    admin: { username: DEMO_ADMIN_USERNAME },
    moderator: { username: DEMO_MODERATOR_USERNAME },
    organizationGroups: groups.organizations,
    namedSegmentGroups: [
      { id: groups.staff, name: 'Staff' },
      { id: groups.partners, name: 'Partners' },
    ],
    threads: sim.threads.length,
    answers: sim.posts.filter((p) => p.type === 'answer').length,
    comments: sim.posts.filter((p) => p.type === 'comment').length,
    votes: sim.votes.length,
    questionViews: sim.views.length,
    sessions: events.sessionsAdded,
    events: events.eventsAdded,
  };
}

/**
 * Creates the demo forum in a database that has the Askbot schema and no users yet.
 * Returns what was written, with the sign-in accounts' usernames.
 */
export async function seedDemo(db: Db, o: DemoOptions): Promise<DemoSummary> {
  validate(o);
  assertWritable(db, 'seed demo');
  const existing = await db.one<{ n: number }>(sql`SELECT count(*) AS n FROM "auth_user"`);
  if (Number(existing?.n ?? 0) > 0) {
    throw new AppError('NOT_EMPTY', `${db.description} already has ${existing!.n} users; the demo forum is only created in a new database`);
  }
  const rng = new Rng(o.seed);
  const sim = simulateForum(o, rng);
  const total = 6;
  let done = 0;
  const progress = async (step: string) => {
    await betweenBatches(o.signal, () => new AppError('CANCELLED', 'Creating the demo forum was cancelled; no forum rows were written'));
    o.onProgress?.({ step, done: done++, total });
  };
  await progress('passwords');
  const hashes = await hashPasswords(o, rng);

  return db.transaction(async (tx) => {
    await progress('users');
    const userIds = await writeUsers(tx, sim, hashes);
    await progress('groups');
    const groups = await writeGroups(tx, sim, userIds, o, rng);
    await progress('posts');
    const postIds = await writeThreadsAndPosts(tx, sim, userIds);
    await progress('votes and views');
    await writeVotesAndViews(tx, sim, userIds, postIds);
    await progress('analytics events');
    const events = await writeAnalytics(tx, o);
    return summarize(o, sim, groups, events);
  });
}

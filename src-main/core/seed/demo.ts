// `seed demo`: fills a database just created by `initSchema` with a believable Askbot forum (DESIGN.md §7):
// users across organizations and public-mail providers, an administrator and a moderator with Django
// passwords, threads with questions, answers, comments, votes, tags and question views following a daily
// and weekly rhythm over the past D days; organization groups made by the same code as `create-groups`,
// "Staff" and "Partners" groups ready for named segments; analytics sessions and events derived from that
// activity by `seedEventsFromForum`. Deterministic for a seed (and `now`). The forum is simulated in
// memory, then written with batched multi-row INSERTs, all in one transaction.
import { hashDjangoPassword } from '../auth/password';
import { betweenBatches } from '../cancel';
import { AppError } from '../errors';
import { assertWritable } from '../db/schema';
import type { Db } from '../db/types';
import { insertPosts, insertQuestionViews, insertThreads, insertVotes, type NewPost } from '../forum/posts';
import { insertGroups, insertUsers, joinGroups, type NewUser, type UserStatus } from '../forum/users';
import { createEmailDomainGroups, type JobOptions } from '../groups/email-domains';
import { DEFAULT_SETTINGS } from '../settings';
import { MICROS_PER_DAY, MICROS_PER_SECOND, formatInstant, type EpochMicros } from '../time/instant';
import type { DemoSummary } from '../types/jobs';
import {
  FIRST_NAMES,
  HOST_DOMAIN,
  HOUR_WEIGHTS,
  LAST_NAMES,
  ORGANIZATION_DOMAINS,
  PARTNER_DOMAINS,
  PUBLIC_MAIL_DOMAINS,
  PUBLIC_MAIL_SHARE,
  TAGS,
  WEEKDAY_WEIGHTS,
  answerText,
  commentText,
  questionText,
  questionTitle,
} from './demo-content';
import { seedEventsFromForum } from './events';
import { Rng, cumulative } from './random';

/** The demo's sign-in accounts (shown on the app's demo screen). */
export const DEMO_ADMIN_USERNAME = 'admin';
export const DEMO_ADMIN_PASSWORD = 'admin-demo-password';
export const DEMO_MODERATOR_USERNAME = 'moderator';
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

const MINUTE = 60 * MICROS_PER_SECOND;
const SALT_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

interface SimUser {
  username: string;
  email: string;
  domain: string;
  realName: string;
  joined: EpochMicros;
  status: UserStatus;
  /** Visits per day, and per-visit chances of asking, answering, commenting, voting. */
  rate: number;
  ask: number;
  answer: number;
  comment: number;
  vote: number;
}

interface SimPost {
  type: 'question' | 'answer' | 'comment';
  thread: number;
  parent: number; // post index, -1 for none
  author: number;
  at: EpochMicros;
  text: string;
  up: number;
  down: number;
  comments: number;
}

interface SimThread {
  title: string;
  tags: string;
  question: number; // post index
  answers: number[]; // post indexes
  at: EpochMicros;
  lastAt: EpochMicros;
  lastBy: number;
  views: number;
}

function validate(o: DemoOptions): void {
  const bad = (msg: string) => new AppError('INVALID_INPUT', msg);
  if (!Number.isInteger(o.users) || o.users < 10 || o.users > 2_000_000) throw bad(`--users must be an integer from 10 to 2000000, not ${o.users}`);
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > 3650) throw bad(`--days must be an integer from 1 to 3650, not ${o.days}`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) throw bad(`--seed must be an integer from 0 to 4294967295, not ${o.seed}`);
  if (!Number.isFinite(o.now)) throw bad('now must be an instant');
  for (const [k, v] of [['admin password', o.adminPassword], ['moderator password', o.moderatorPassword]] as const) {
    if (v !== undefined && v.length < 8) throw bad(`the ${k} must have at least 8 characters`);
  }
}

/** The simulated forum: users first, then visits in time order, each viewing, asking, answering, commenting, voting. */
function simulate(o: DemoOptions, rng: Rng) {
  const today = Math.floor(o.now / MICROS_PER_DAY) * MICROS_PER_DAY;
  const firstDay = today - (o.days - 1) * MICROS_PER_DAY;
  const hours = cumulative(HOUR_WEIGHTS);
  const orgWeights = cumulative(ORGANIZATION_DOMAINS.map(([, w]) => w));
  const tagWeights = cumulative(TAGS.map((_, i) => 1 / (i + 2)));
  const pick = <T>(xs: readonly T[]) => rng.pick(xs);

  /** A time on a given day, following the hourly curve, never after `now`. */
  const timeOn = (day: EpochMicros): EpochMicros => {
    for (let tries = 0; tries < 8; tries++) {
      const t = day + rng.weighted(hours) * 3_600 * MICROS_PER_SECOND + rng.int(3_600 * MICROS_PER_SECOND);
      if (t <= o.now) return t;
    }
    return Math.min(o.now, day + rng.int(Math.max(1, o.now - day)));
  };
  /** A day of the window weighted by weekday and a gentle growth trend (rejection sampling). */
  const dayInWindow = (from: EpochMicros): EpochMicros => {
    const start = Math.max(firstDay, Math.floor(from / MICROS_PER_DAY) * MICROS_PER_DAY);
    const span = Math.floor((today - start) / MICROS_PER_DAY) + 1;
    for (;;) {
      const day = start + rng.int(span) * MICROS_PER_DAY;
      const weekday = new Date(day / 1000).getUTCDay();
      const trend = 0.7 + 0.6 * ((day - firstDay) / Math.max(1, today - firstDay + MICROS_PER_DAY));
      if (rng.next() * 1.4 < WEEKDAY_WEIGHTS[weekday]! * trend) return day;
    }
  };

  // Users: the administrator registered first (Askbot makes the first user an administrator).
  const users: SimUser[] = [];
  const taken = new Map<string, number>();
  const kinds = [
    { share: 0.5, rate: 0.03, ask: 0.02, answer: 0.02, comment: 0.03, vote: 0.08 },
    { share: 0.35, rate: 0.1, ask: 0.08, answer: 0.15, comment: 0.12, vote: 0.25 },
    { share: 0.15, rate: 0.35, ask: 0.12, answer: 0.35, comment: 0.25, vote: 0.45 },
  ];
  const power = kinds[2]!;
  for (let i = 0; i < o.users; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    let username: string;
    let domain: string;
    let status: UserStatus;
    let joined: EpochMicros;
    let kind = power;
    if (i === 0 || i === 1) {
      username = i === 0 ? DEMO_ADMIN_USERNAME : DEMO_MODERATOR_USERNAME;
      domain = HOST_DOMAIN;
      status = i === 0 ? 'd' : 'm';
      joined = timeOn(firstDay - (400 - 20 * i) * MICROS_PER_DAY);
    } else {
      const base = `${first}.${last}`.toLowerCase();
      const n = (taken.get(base) ?? 0) + 1;
      taken.set(base, n);
      username = n === 1 ? base : `${base}${n}`;
      domain = rng.chance(PUBLIC_MAIL_SHARE) ? pick(PUBLIC_MAIL_DOMAINS) : ORGANIZATION_DOMAINS[rng.weighted(orgWeights)]![0];
      // A few blocked accounts (spread deterministically), a fifth on moderation watch.
      status = i % 97 === 13 ? 'b' : rng.chance(0.2) ? 'w' : 'a';
      joined = rng.chance(0.35) ? timeOn(firstDay - (1 + rng.int(700)) * MICROS_PER_DAY) : timeOn(dayInWindow(firstDay));
      const r = rng.next();
      kind = r < kinds[0]!.share ? kinds[0]! : r < kinds[0]!.share + kinds[1]!.share ? kinds[1]! : power;
    }
    const damp = status === 'b' ? 0.3 : 1;
    users.push({
      username,
      email: `${username}@${domain}`,
      domain,
      realName: i < 2 ? `${first} ${last} (${username})` : `${first} ${last}`,
      joined,
      status,
      rate: kind.rate * damp,
      ask: kind.ask,
      answer: kind.answer,
      comment: kind.comment,
      vote: kind.vote,
    });
  }

  const threads: SimThread[] = [];
  const posts: SimPost[] = [];
  const votes: Array<{ user: number; post: number; vote: 1 | -1; at: EpochMicros }> = [];
  const views: Array<{ thread: number; user: number; at: EpochMicros }> = [];
  const voted = new Set<number>();

  const tagsFor = () => {
    const n = 1 + rng.int(3);
    const chosen = new Set<string>();
    while (chosen.size < n) chosen.add(TAGS[rng.weighted(tagWeights)]!);
    return [...chosen].join(' ');
  };
  const addPost = (p: Omit<SimPost, 'up' | 'down' | 'comments'>): number => {
    posts.push({ ...p, up: 0, down: 0, comments: 0 });
    const t = threads[p.thread]!;
    if (p.at >= t.lastAt) {
      t.lastAt = p.at;
      t.lastBy = p.author;
    }
    return posts.length - 1;
  };
  const ask = (user: number, at: EpochMicros): number => {
    const thread = threads.length;
    threads.push({ title: questionTitle(pick), tags: tagsFor(), question: posts.length, answers: [], at, lastAt: at, lastBy: user, views: 0 });
    addPost({ type: 'question', thread, parent: -1, author: user, at, text: questionText(pick) });
    return thread;
  };
  const answer = (user: number, thread: number, at: EpochMicros) => {
    threads[thread]!.answers.push(addPost({ type: 'answer', thread, parent: -1, author: user, at, text: answerText(pick) }));
  };
  /** A post of the thread (question or answer) that exists at `at`, if any. */
  const postOf = (thread: number, at: EpochMicros): number | undefined => {
    const t = threads[thread]!;
    const candidates = t.answers.filter((a) => posts[a]!.at < at);
    if (candidates.length === 0 || rng.chance(0.5)) return t.question;
    return pick(candidates);
  };
  /** A question to read: mostly recent ones, some older; it must exist already. */
  const readable = (at: EpochMicros): number | undefined => {
    for (let tries = 0; tries < 4 && threads.length > 0; tries++) {
      const recent = Math.min(threads.length, 40);
      const t = rng.chance(0.6) ? threads.length - 1 - rng.int(recent) : rng.int(threads.length);
      if (threads[t]!.at < at) return t;
    }
    return undefined;
  };

  // A backlog of older questions (some answered) so the window opens on a living forum.
  const veterans = users.map((u, i) => ({ u, i })).filter(({ u }) => u.joined < firstDay - 60 * MICROS_PER_DAY && u.status !== 'b');
  const backlog = Math.max(10, Math.round(o.users / 15));
  const backlogTimes = Array.from({ length: backlog }, () => timeOn(firstDay - (1 + rng.int(60)) * MICROS_PER_DAY)).sort((a, b) => a - b);
  for (const at of backlogTimes) {
    const author = veterans.length ? pick(veterans).i : 0;
    const thread = ask(author, at);
    const answers = rng.int(3);
    for (let k = 0; k < answers && veterans.length; k++) {
      const who = pick(veterans).i;
      if (who !== author) answer(who, thread, Math.min(firstDay - 1, at + (5 + rng.int(600)) * MINUTE));
    }
  }

  // Visits over the window, in time order.
  const visits: Array<[EpochMicros, number]> = [];
  users.forEach((u, i) => {
    const activeFrom = Math.max(firstDay, u.joined);
    const activeDays = Math.max(0, (o.now - activeFrom) / MICROS_PER_DAY);
    const n = rng.poisson(u.rate * activeDays * 0.85);
    for (let k = 0; k < n; k++) {
      const t = timeOn(dayInWindow(activeFrom));
      visits.push([t < u.joined ? u.joined + (1 + rng.int(20)) * MINUTE : t, i]);
    }
    // Newcomers usually look around right after registering.
    if (u.joined >= firstDay && rng.chance(0.6)) visits.push([u.joined + (1 + rng.int(10)) * MINUTE, i]);
  });
  visits.sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  for (const [start, user] of visits) {
    const u = users[user]!;
    let at = start;
    const step = (lo: number, hi: number) => (at += lo * MICROS_PER_SECOND + rng.int((hi - lo) * MICROS_PER_SECOND));
    let lastRead: number | undefined;
    const reads = 1 + Math.min(7, Math.floor(Math.log(1 - rng.next()) / Math.log(0.45)));
    for (let k = 0; k < reads; k++) {
      step(20, 240);
      const t = readable(at);
      if (t === undefined || at > o.now) break;
      views.push({ thread: t, user, at });
      threads[t]!.views++;
      lastRead = t;
    }
    if (rng.chance(threads.length < 5 ? 0.5 : u.ask)) {
      step(120, 600);
      if (at <= o.now) ask(user, at);
    }
    if (lastRead !== undefined && posts[threads[lastRead]!.question]!.author !== user && rng.chance(u.answer)) {
      step(60, 480);
      if (at <= o.now) answer(user, lastRead, at);
    }
    if (lastRead !== undefined && rng.chance(u.comment)) {
      step(30, 180);
      const parent = postOf(lastRead, at);
      if (parent !== undefined && at <= o.now) {
        addPost({ type: 'comment', thread: lastRead, parent, author: user, at, text: commentText(pick) });
        posts[parent]!.comments++;
      }
    }
    for (let k = 0; k < 2 && lastRead !== undefined; k++) {
      if (!rng.chance(k === 0 ? u.vote : u.vote / 3)) break;
      step(5, 60);
      const post = postOf(lastRead, at);
      if (post === undefined || at > o.now || posts[post]!.author === user) continue;
      const key = post * 4_194_304 + user; // unique (user, post) pairs, as the vote table demands
      if (voted.has(key)) continue;
      voted.add(key);
      const v: 1 | -1 = rng.chance(0.85) ? 1 : -1;
      votes.push({ user, post, vote: v, at });
      if (v === 1) posts[post]!.up++;
      else posts[post]!.down++;
    }
  }
  return { users, threads, posts, votes, views, firstDay };
}

/**
 * Creates the demo forum in a database that has the Askbot schema and no users yet.
 * Returns what was written, with the sign-in accounts' usernames.
 */
export async function seedDemo(db: Db, o: DemoOptions): Promise<DemoSummary> {
  validate(o);
  assertWritable(db, 'seed demo');
  const existing = await db.one<{ n: number }>(`SELECT count(*) AS n FROM "auth_user"`);
  if (Number(existing?.n ?? 0) > 0) {
    throw new AppError('NOT_EMPTY', `${db.description} already has ${existing!.n} users; the demo forum is only created in a new database`);
  }
  const rng = new Rng(o.seed);
  const sim = simulate(o, rng);
  const total = 6;
  let done = 0;
  const progress = async (step: string) => {
    await betweenBatches(o.signal, () => new AppError('CANCELLED', 'Creating the demo forum was cancelled; nothing was written'));
    o.onProgress?.({ step, done: done++, total });
  };
  await progress('passwords');
  const iterations = o.passwordIterations;
  const [adminHash, moderatorHash] = await Promise.all([
    hashDjangoPassword(o.adminPassword ?? DEMO_ADMIN_PASSWORD, { iterations, salt: rng.chars(22, SALT_ALPHABET) }),
    hashDjangoPassword(o.moderatorPassword ?? DEMO_MODERATOR_PASSWORD, { iterations, salt: rng.chars(22, SALT_ALPHABET) }),
  ]);

  return db.transaction(async (tx) => {
    await progress('users');
    const newUsers: NewUser[] = sim.users.map((u, i) => ({
      username: u.username,
      email: u.email,
      dateJoined: u.joined,
      status: u.status,
      realName: u.realName,
      password: i === 0 ? adminHash : i === 1 ? moderatorHash : undefined,
    }));
    const userIds = await insertUsers(tx, newUsers);

    await progress('groups');
    // What Askbot gives every user: the global group and a personal group (neither used for analytics).
    const [everyone] = await insertGroups(tx, [{ name: 'everyone' }]);
    const personal = await insertGroups(tx, userIds.map((id) => ({ name: `_personal_${id}` })));
    await joinGroups(tx, [...userIds.map((id) => [id, everyone!] as const), ...userIds.map((id, i) => [id, personal[i]!] as const)]);
    // Organizations, by the same code as create-groups (public-mail providers are no organization).
    const orgs = await createEmailDomainGroups(tx, { ...DEFAULT_SETTINGS, ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED: true }, {
      now: o.now,
      onlyDomains: new Set(ORGANIZATION_DOMAINS.map(([d]) => d)),
      rebuildSummaries: false, // nothing is compiled yet
    });
    // Groups for named segments: Staff (the host's admins and some employees), Partners.
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

    await progress('posts');
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
    // Questions and answers first (comments point at them), each kind in time order.
    for (const kinds of [['question', 'answer'], ['comment']]) {
      const idx = sim.posts.map((p, i) => i).filter((i) => kinds.includes(sim.posts[i]!.type));
      idx.sort((a, b) => sim.posts[a]!.at - sim.posts[b]!.at || a - b);
      const ids = await insertPosts(tx, idx.map((i) => toRow(sim.posts[i]!)));
      idx.forEach((i, k) => (postIds[i] = ids[k]!));
    }

    await progress('votes and views');
    await insertVotes(tx, sim.votes.map((v) => ({ userId: userIds[v.user]!, postId: postIds[v.post]!, vote: v.vote, votedAt: v.at })));
    await insertQuestionViews(
      tx,
      sim.views.map((v) => ({ questionId: postIds[sim.threads[v.thread]!.question]!, userId: userIds[v.user]!, when: v.at })),
    );

    await progress('analytics events');
    const events = await seedEventsFromForum(
      tx,
      { ...DEFAULT_SETTINGS, ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: o.sessionTimeoutMinutes ?? DEFAULT_SETTINGS.ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES },
      { signal: o.signal },
    );
    // Last sign-in and last-seen times follow each user's latest session, as a live site would show them.
    const lastSession = `(SELECT max(s."updated_at") FROM "askbot_session" s WHERE s."user_id" = `;
    await tx.run(`UPDATE "auth_user" SET "last_login" = ${lastSession}"auth_user"."id")`);
    await tx.run(
      `UPDATE "askbot_userprofile" SET "last_seen" = COALESCE(${lastSession}"askbot_userprofile"."auth_user_ptr_id"), "last_seen")`,
    );
    return {
      seed: o.seed,
      days: o.days,
      from: formatInstant(sim.firstDay),
      to: formatInstant(o.now),
      users: sim.users.length,
      blockedUsers: sim.users.filter((u) => u.status === 'b').length,
      admin: { username: DEMO_ADMIN_USERNAME },
      moderator: { username: DEMO_MODERATOR_USERNAME },
      organizationGroups: orgs.groups.length,
      namedSegmentGroups: [
        { id: staff!, name: 'Staff' },
        { id: partners!, name: 'Partners' },
      ],
      threads: sim.threads.length,
      answers: sim.posts.filter((p) => p.type === 'answer').length,
      comments: sim.posts.filter((p) => p.type === 'comment').length,
      votes: sim.votes.length,
      questionViews: sim.views.length,
      sessions: events.sessionsAdded,
      events: events.eventsAdded,
    };
  });
}

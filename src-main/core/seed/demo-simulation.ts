// The demo forum simulated in memory (DESIGN.md §7): users first, then a backlog of older questions, then
// visits in time order, each reading, asking, answering, commenting and voting. Every random draw comes
// from one seeded generator in a fixed order, so a seed (and `now`) always gives the same forum: the steps
// below must keep the order of their draws.
import { MICROS_PER_DAY, MICROS_PER_SECOND, type EpochMicros } from '../time/instant';
import type { UserStatus } from '../forum/users';
import {
  FIRST_NAMES,
  HOST_DOMAIN,
  HOUR_WEIGHTS,
  LAST_NAMES,
  ORGANIZATION_DOMAINS,
  PUBLIC_MAIL_DOMAINS,
  PUBLIC_MAIL_SHARE,
  TAGS,
  WEEKDAY_WEIGHTS,
  answerText,
  commentText,
  questionText,
  questionTitle,
} from './demo-content';
import { cumulative, type Rng } from './random';

/** The demo's sign-in accounts (shown on the app's demo screen). */
export const DEMO_ADMIN_USERNAME = 'admin';
export const DEMO_MODERATOR_USERNAME = 'moderator';

const MINUTE = 60 * MICROS_PER_SECOND;

export interface SimulationOptions {
  users: number;
  days: number;
  /** The end of the simulated period (µs since the epoch). */
  now: EpochMicros;
}

export interface SimUser {
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

export interface SimPost {
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

export interface SimThread {
  title: string;
  tags: string;
  question: number; // post index
  answers: number[]; // post indexes
  at: EpochMicros;
  lastAt: EpochMicros;
  lastBy: number;
  views: number;
}

export interface SimVote {
  user: number;
  post: number;
  vote: 1 | -1;
  at: EpochMicros;
}

export interface SimView {
  thread: number;
  user: number;
  at: EpochMicros;
}

export interface SimulatedForum {
  users: SimUser[];
  threads: SimThread[];
  posts: SimPost[];
  votes: SimVote[];
  views: SimView[];
  /** The first day of the window (µs, midnight UTC). */
  firstDay: EpochMicros;
}

/** Days and times of the window: a daily curve of hours, a weekly rhythm and a gentle growth trend. */
class Calendar {
  readonly today: EpochMicros;
  readonly firstDay: EpochMicros;
  private readonly hours = cumulative(HOUR_WEIGHTS);

  constructor(
    private readonly rng: Rng,
    readonly now: EpochMicros,
    days: number,
  ) {
    this.today = Math.floor(now / MICROS_PER_DAY) * MICROS_PER_DAY;
    this.firstDay = this.today - (days - 1) * MICROS_PER_DAY;
  }

  /** A time on a given day, following the hourly curve, never after `now`. */
  timeOn(day: EpochMicros): EpochMicros {
    for (let tries = 0; tries < 8; tries++) {
      const t = day + this.rng.weighted(this.hours) * 3_600 * MICROS_PER_SECOND + this.rng.int(3_600 * MICROS_PER_SECOND);
      if (t <= this.now) return t;
    }
    return Math.min(this.now, day + this.rng.int(Math.max(1, this.now - day)));
  }

  /** A day of the window weighted by weekday and a gentle growth trend (rejection sampling). */
  dayInWindow(from: EpochMicros): EpochMicros {
    const start = Math.max(this.firstDay, Math.floor(from / MICROS_PER_DAY) * MICROS_PER_DAY);
    const span = Math.floor((this.today - start) / MICROS_PER_DAY) + 1;
    for (;;) {
      const day = start + this.rng.int(span) * MICROS_PER_DAY;
      const weekday = new Date(day / 1000).getUTCDay();
      const trend = 0.7 + 0.6 * ((day - this.firstDay) / Math.max(1, this.today - this.firstDay + MICROS_PER_DAY));
      if (this.rng.next() * 1.4 < WEEKDAY_WEIGHTS[weekday]! * trend) return day;
    }
  }
}

/** How often users of a kind visit, and what they do on a visit. */
const USER_KINDS = [
  { share: 0.5, rate: 0.03, ask: 0.02, answer: 0.02, comment: 0.03, vote: 0.08 },
  { share: 0.35, rate: 0.1, ask: 0.08, answer: 0.15, comment: 0.12, vote: 0.25 },
  { share: 0.15, rate: 0.35, ask: 0.12, answer: 0.35, comment: 0.25, vote: 0.45 },
] as const;
const POWER_USER = USER_KINDS[2];
type UserKind = (typeof USER_KINDS)[number];

/** The users: the administrator registered first (Askbot makes the first user an administrator), then the moderator. */
function simulateUsers(o: SimulationOptions, rng: Rng, cal: Calendar): SimUser[] {
  const orgWeights = cumulative(ORGANIZATION_DOMAINS.map(([, w]) => w));
  const taken = new Map<string, number>();
  const users: SimUser[] = [];
  for (let i = 0; i < o.users; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const account = i < 2 ? staffAccount(i, rng, cal) : memberAccount(i, `${first}.${last}`.toLowerCase(), taken, orgWeights, rng, cal);
    const damp = account.status === 'b' ? 0.3 : 1;
    users.push({
      username: account.username,
      email: `${account.username}@${account.domain}`,
      domain: account.domain,
      realName: i < 2 ? `${first} ${last} (${account.username})` : `${first} ${last}`,
      joined: account.joined,
      status: account.status,
      rate: account.kind.rate * damp,
      ask: account.kind.ask,
      answer: account.kind.answer,
      comment: account.kind.comment,
      vote: account.kind.vote,
    });
  }
  return users;
}

interface Account {
  username: string;
  domain: string;
  status: UserStatus;
  joined: EpochMicros;
  kind: UserKind;
}

/** User 0 is the administrator, user 1 the moderator: the host's staff, long registered, power users. */
function staffAccount(i: number, rng: Rng, cal: Calendar): Account {
  return {
    username: i === 0 ? DEMO_ADMIN_USERNAME : DEMO_MODERATOR_USERNAME,
    domain: HOST_DOMAIN,
    status: i === 0 ? 'd' : 'm',
    joined: cal.timeOn(cal.firstDay - (400 - 20 * i) * MICROS_PER_DAY),
    kind: POWER_USER,
  };
}

/** Any other user: a unique first.last name, an organization's or a public-mail domain, a kind. */
function memberAccount(i: number, base: string, taken: Map<string, number>, orgWeights: number[], rng: Rng, cal: Calendar): Account {
  const n = (taken.get(base) ?? 0) + 1;
  taken.set(base, n);
  const username = n === 1 ? base : `${base}${n}`;
  const domain = rng.chance(PUBLIC_MAIL_SHARE) ? rng.pick(PUBLIC_MAIL_DOMAINS) : ORGANIZATION_DOMAINS[rng.weighted(orgWeights)]![0];
  // A few blocked accounts (spread deterministically), a fifth on moderation watch.
  const status: UserStatus = i % 97 === 13 ? 'b' : rng.chance(0.2) ? 'w' : 'a';
  const joined = rng.chance(0.35) ? cal.timeOn(cal.firstDay - (1 + rng.int(700)) * MICROS_PER_DAY) : cal.timeOn(cal.dayInWindow(cal.firstDay));
  const r = rng.next();
  const [casual, regular] = USER_KINDS;
  const kind = r < casual.share ? casual : r < casual.share + regular.share ? regular : POWER_USER;
  return { username, domain, status, joined, kind };
}

/** The forum's content as it grows: threads, posts, votes and question views, with their counters. */
class ForumContent {
  readonly threads: SimThread[] = [];
  readonly posts: SimPost[] = [];
  readonly votes: SimVote[] = [];
  readonly views: SimView[] = [];
  /** (post, user) pairs that voted, as post * 2^22 + user: the vote table allows one vote per pair. */
  private readonly voted = new Set<number>();
  private readonly tagWeights = cumulative(TAGS.map((_, i) => 1 / (i + 2)));
  readonly pick = <T>(xs: readonly T[]): T => this.rng.pick(xs);

  constructor(readonly rng: Rng) {}

  private tagsFor(): string {
    const n = 1 + this.rng.int(3);
    const chosen = new Set<string>();
    while (chosen.size < n) chosen.add(TAGS[this.rng.weighted(this.tagWeights)]!);
    return [...chosen].join(' ');
  }

  private addPost(p: Omit<SimPost, 'up' | 'down' | 'comments'>): number {
    this.posts.push({ ...p, up: 0, down: 0, comments: 0 });
    const t = this.threads[p.thread]!;
    if (p.at >= t.lastAt) {
      t.lastAt = p.at;
      t.lastBy = p.author;
    }
    return this.posts.length - 1;
  }

  /** A new thread with its question; returns the thread index. */
  ask(user: number, at: EpochMicros): number {
    const thread = this.threads.length;
    const title = questionTitle(this.pick);
    this.threads.push({ title, tags: this.tagsFor(), question: this.posts.length, answers: [], at, lastAt: at, lastBy: user, views: 0 });
    this.addPost({ type: 'question', thread, parent: -1, author: user, at, text: questionText(this.pick) });
    return thread;
  }

  answer(user: number, thread: number, at: EpochMicros): void {
    this.threads[thread]!.answers.push(this.addPost({ type: 'answer', thread, parent: -1, author: user, at, text: answerText(this.pick) }));
  }

  comment(user: number, thread: number, parent: number, at: EpochMicros): void {
    this.addPost({ type: 'comment', thread, parent, author: user, at, text: commentText(this.pick) });
    this.posts[parent]!.comments++;
  }

  view(user: number, thread: number, at: EpochMicros): void {
    this.views.push({ thread, user, at });
    this.threads[thread]!.views++;
  }

  /** Records an up- or down-vote, unless the user already voted on the post. */
  vote(user: number, post: number, at: EpochMicros): void {
    const key = post * 4_194_304 + user;
    if (this.voted.has(key)) return;
    this.voted.add(key);
    const v: 1 | -1 = this.rng.chance(0.85) ? 1 : -1;
    this.votes.push({ user, post, vote: v, at });
    if (v === 1) this.posts[post]!.up++;
    else this.posts[post]!.down++;
  }

  /** A post of the thread (question or answer) that exists at `at`, if any. */
  postOf(thread: number, at: EpochMicros): number | undefined {
    const t = this.threads[thread]!;
    const candidates = t.answers.filter((a) => this.posts[a]!.at < at);
    if (candidates.length === 0 || this.rng.chance(0.5)) return t.question;
    return this.pick(candidates);
  }

  /** A question to read: mostly recent ones, some older; it must exist already. */
  readable(at: EpochMicros): number | undefined {
    for (let tries = 0; tries < 4 && this.threads.length > 0; tries++) {
      const recent = Math.min(this.threads.length, 40);
      const t = this.rng.chance(0.6) ? this.threads.length - 1 - this.rng.int(recent) : this.rng.int(this.threads.length);
      if (this.threads[t]!.at < at) return t;
    }
    return undefined;
  }
}

/** A backlog of older questions (some answered) so the window opens on a living forum. */
function simulateBacklog(forum: ForumContent, users: SimUser[], o: SimulationOptions, cal: Calendar): void {
  const rng = forum.rng;
  const veterans = users.map((u, i) => ({ u, i })).filter(({ u }) => u.joined < cal.firstDay - 60 * MICROS_PER_DAY && u.status !== 'b');
  const backlog = Math.max(10, Math.round(o.users / 15));
  const backlogTimes = Array.from({ length: backlog }, () => cal.timeOn(cal.firstDay - (1 + rng.int(60)) * MICROS_PER_DAY)).sort((a, b) => a - b);
  for (const at of backlogTimes) {
    const author = veterans.length ? rng.pick(veterans).i : 0;
    const thread = forum.ask(author, at);
    const answers = rng.int(3);
    for (let k = 0; k < answers && veterans.length; k++) {
      const who = rng.pick(veterans).i;
      if (who !== author) forum.answer(who, thread, Math.min(cal.firstDay - 1, at + (5 + rng.int(600)) * MINUTE));
    }
  }
}

/** Every user's visits over the window as (start, user index), in time order. */
function planVisits(users: SimUser[], rng: Rng, cal: Calendar): Array<[EpochMicros, number]> {
  const visits: Array<[EpochMicros, number]> = [];
  users.forEach((u, i) => {
    const activeFrom = Math.max(cal.firstDay, u.joined);
    const activeDays = Math.max(0, (cal.now - activeFrom) / MICROS_PER_DAY);
    const n = rng.poisson(u.rate * activeDays * 0.85);
    for (let k = 0; k < n; k++) {
      const t = cal.timeOn(cal.dayInWindow(activeFrom));
      visits.push([t < u.joined ? u.joined + (1 + rng.int(20)) * MINUTE : t, i]);
    }
    // Newcomers usually look around right after registering.
    if (u.joined >= cal.firstDay && rng.chance(0.6)) visits.push([u.joined + (1 + rng.int(10)) * MINUTE, i]);
  });
  visits.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return visits;
}

/** One visit of one user: its clock moves on with every action; nothing happens after `now`. */
class Visit {
  /** The thread read last, which the user may answer, comment on or vote in. */
  lastRead: number | undefined;

  constructor(
    readonly forum: ForumContent,
    readonly users: SimUser[],
    readonly user: number,
    public at: EpochMicros,
    readonly now: EpochMicros,
  ) {}

  get profile(): SimUser {
    return this.users[this.user]!;
  }

  /** Moves the clock on by lo to hi seconds. */
  step(lo: number, hi: number): void {
    this.at += lo * MICROS_PER_SECOND + this.forum.rng.int((hi - lo) * MICROS_PER_SECOND);
  }

  get over(): boolean {
    return this.at > this.now;
  }
}

/** Reads one to eight questions (geometrically fewer), stopping when there is none to read. */
function readQuestions(v: Visit): void {
  const rng = v.forum.rng;
  const reads = 1 + Math.min(7, Math.floor(Math.log(1 - rng.next()) / Math.log(0.45)));
  for (let k = 0; k < reads; k++) {
    v.step(20, 240);
    const t = v.forum.readable(v.at);
    if (t === undefined || v.over) break;
    v.forum.view(v.user, t, v.at);
    v.lastRead = t;
  }
}

/** Asks a question (half the time while the forum has fewer than five threads). */
function maybeAsk(v: Visit): void {
  if (v.forum.rng.chance(v.forum.threads.length < 5 ? 0.5 : v.profile.ask)) {
    v.step(120, 600);
    if (!v.over) v.forum.ask(v.user, v.at);
  }
}

/** Answers the question read last, unless it is the user's own. */
function maybeAnswer(v: Visit): void {
  const f = v.forum;
  if (v.lastRead !== undefined && f.posts[f.threads[v.lastRead]!.question]!.author !== v.user && f.rng.chance(v.profile.answer)) {
    v.step(60, 480);
    if (!v.over) f.answer(v.user, v.lastRead, v.at);
  }
}

/** Comments on the question or an answer of the thread read last. */
function maybeComment(v: Visit): void {
  const f = v.forum;
  if (v.lastRead !== undefined && f.rng.chance(v.profile.comment)) {
    v.step(30, 180);
    const parent = f.postOf(v.lastRead, v.at);
    if (parent !== undefined && !v.over) f.comment(v.user, v.lastRead, parent, v.at);
  }
}

/** Up to two votes on posts of the thread read last (never on the user's own). */
function maybeVote(v: Visit): void {
  const f = v.forum;
  for (let k = 0; k < 2 && v.lastRead !== undefined; k++) {
    if (!f.rng.chance(k === 0 ? v.profile.vote : v.profile.vote / 3)) break;
    v.step(5, 60);
    const post = f.postOf(v.lastRead, v.at);
    if (post === undefined || v.over || f.posts[post]!.author === v.user) continue;
    f.vote(v.user, post, v.at);
  }
}

/** The simulated forum for the options and seed generator. */
export function simulateForum(o: SimulationOptions, rng: Rng): SimulatedForum {
  const cal = new Calendar(rng, o.now, o.days);
  const users = simulateUsers(o, rng, cal);
  const forum = new ForumContent(rng);
  simulateBacklog(forum, users, o, cal);
  for (const [start, user] of planVisits(users, rng, cal)) {
    const visit = new Visit(forum, users, user, start, o.now);
    readQuestions(visit);
    maybeAsk(visit);
    maybeAnswer(visit);
    maybeComment(visit);
    maybeVote(visit);
  }
  return { users, threads: forum.threads, posts: forum.posts, votes: forum.votes, views: forum.views, firstDay: cal.firstDay };
}

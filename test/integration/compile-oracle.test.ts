// The compiler against the brute-force oracle on randomized histories: sessions crossing hours and
// midnight, overlapping sessions, users in 0/1/2 analytics groups and in non-analytics groups, users
// without sessions, anonymous sessions, every event type, compiles at random moments with late events
// and extended sessions in between, and cancelled compiles (a crash between transactions) rerun.
import { expect, it } from 'vitest';
import { compileAnalytics, rebuildGroupSummaries, resetAnalytics } from '../../src-main/core/compile';
import { dropQuestionViews, ensureQuestionViews } from '../../src-main/core/derived/question-views';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { TimeSettings } from '../../src-main/core/db/dialect';
import type { Db, Engine } from '../../src-main/core/db/types';
import { list, sql } from '../../src-main/core/db/sql';
import { AppError } from '../../src-main/core/errors';
import { insertEvents, insertSessions, type EventType } from '../../src-main/core/forum/analytics';
import { insertGroups, insertUsers, joinGroups } from '../../src-main/core/forum/users';
import { parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { oracleSummaries, questionViewsFromHistory, type RawHistory } from '../helpers/oracle';
import { activeDaysFromDaily, monthlyFromDaily, readActiveDays, readMonthlyRollups, readQuestionViews, readSummaries } from '../helpers/oracle-summaries';

const HOUR = 3_600_000_000;
const MIN = 60_000_000;

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** A random instant with a random microsecond part (Django keeps them). */
const jitter = (r: ReturnType<typeof rng>) => r.int(0, 999_999);

class World {
  h: RawHistory = { users: [], groups: [], membership: [], authMembership: [], sessions: [], events: [] };
  ct = 0;
  constructor(
    readonly db: Db,
    readonly r: ReturnType<typeof rng>,
    readonly t0: number,
  ) {}

  async setup(nUsers: number) {
    const { db, r, t0 } = this;
    await db.transaction(async (tx) => {
      const joinedAt = Array.from({ length: nUsers }, () => t0 + r.int(-24, 72) * HOUR + r.int(0, 59) * MIN + jitter(r));
      const ids = await insertUsers(
        tx,
        joinedAt.map((j, i) => ({ username: `u${i}`, email: `u${i}@x${i % 3}.org`, dateJoined: j })),
      );
      ids.forEach((id, i) => this.h.users.push({ id, dateJoined: joinedAt[i]! }));
      const groups = [
        { name: 'A', usedForAnalytics: true },
        { name: 'B', usedForAnalytics: true },
        { name: 'C', usedForAnalytics: true },
        { name: 'Plain', usedForAnalytics: false },
      ];
      const gids = await insertGroups(tx, groups);
      gids.forEach((id, i) => this.h.groups.push({ id, analytics: groups[i]!.usedForAnalytics }));
      const pairs: Array<[number, number]> = [];
      for (const u of ids) {
        const n = r.int(0, 2); // 0, 1 or 2 analytics groups
        const mine = [...gids.slice(0, 3)].sort(() => r.next() - 0.5).slice(0, n);
        if (r.next() < 0.4) mine.push(gids[3]!);
        for (const g of mine) pairs.push([u, g]);
      }
      await joinGroups(tx, pairs);
      for (const [user, group] of pairs) {
        this.h.membership.push({ user, group });
        this.h.authMembership.push({ user, group });
      }
      this.ct = await ensureContentTypeId(tx, 'askbot', 'post');
    });
  }

  /** New sessions (some anonymous, some overlapping, some crossing midnight) with events, up to `until`. */
  async addActivity(from: number, until: number, n: number) {
    const { r } = this;
    const sessions = Array.from({ length: n }, () => {
      const user = r.next() < 0.1 ? null : r.pick(this.h.users.slice(0, this.h.users.length - 1)).id; // the last user never visits
      const createdAt = r.int(from / MIN, (until - 10 * MIN) / MIN) * MIN + jitter(r);
      const updatedAt = Math.min(until, createdAt + r.pick([0, r.int(1, 50), r.int(30, 200)]) * MIN + jitter(r));
      return { user, createdAt, updatedAt: Math.max(createdAt, updatedAt) };
    });
    await this.db.transaction(async (tx) => {
      const ids = await insertSessions(
        tx,
        sessions.map((s) => ({ userId: s.user, createdAt: s.createdAt, updatedAt: s.updatedAt })),
      );
      sessions.forEach((s, i) => this.h.sessions.push({ id: ids[i]!, ...s }));
      const events = sessions.flatMap((s, i) =>
        Array.from({ length: r.int(0, 4) }, () => ({
          session: ids[i]!,
          type: r.int(1, 14),
          timestamp: s.createdAt + Math.floor(r.next() * (s.updatedAt - s.createdAt + 1)),
          object: r.int(1, 4),
        })),
      );
      await this.insertEvents(tx, events);
    });
  }

  /** A 20-minute session of `user` at `at` with one question view; returns the session's id. */
  async visit(user: number, at: number): Promise<number> {
    const s = { user, createdAt: at, updatedAt: at + 20 * MIN };
    const [id] = await insertSessions(this.db, [{ userId: s.user, createdAt: s.createdAt, updatedAt: s.updatedAt }]);
    this.h.sessions.push({ id: id!, ...s });
    await this.db.transaction((tx) => this.insertEvents(tx, [{ session: id!, type: 4, timestamp: at + 5 * MIN }]));
    return id!;
  }

  async insertEvents(tx: Db, events: RawHistory['events']) {
    if (events.length === 0) return;
    await insertEvents(
      tx,
      events.map((e) => ({ sessionId: e.session, eventType: e.type as EventType, timestamp: e.timestamp, contentTypeId: this.ct, objectId: e.object ?? 1 })),
    );
    this.h.events.push(...events);
  }

  /** Late events: timestamps in hours that may already be compiled. */
  async addLateEvents(before: number, n: number) {
    const old = this.h.sessions.filter((s) => s.createdAt < before);
    if (old.length === 0) return;
    const events = Array.from({ length: n }, () => {
      const s = this.r.pick(old);
      return {
        session: s.id,
        type: this.r.int(1, 14),
        timestamp: s.createdAt + Math.floor(this.r.next() * (s.updatedAt - s.createdAt + 1)),
        object: this.r.int(1, 4),
      };
    });
    await this.db.transaction((tx) => this.insertEvents(tx, events));
  }

  /** Askbot's middleware touching open sessions: updated_at moves on. */
  async extendSessions(until: number, n: number) {
    const d = this.db.dialect;
    for (let i = 0; i < n; i++) {
      const s = this.r.pick(this.h.sessions);
      const to = Math.min(until, s.updatedAt + this.r.int(1, 90) * MIN + jitter(this.r));
      if (to <= s.updatedAt) continue;
      s.updatedAt = to;
      await this.db.run(sql`UPDATE "askbot_session" SET "updated_at" = ${d.dateTimeParam(to)} WHERE "id" = ${s.id}`);
    }
  }
}

async function expectOracle(w: World, now: number, zone: string) {
  const got = await readSummaries(w.db);
  const want = oracleSummaries(w.h, now, zone);
  expect(got.hourlyUser).toEqual(want.hourlyUser);
  expect(got.dailyUser).toEqual(want.dailyUser);
  expect(got.hourlyGroup).toEqual(want.hourlyGroup);
  expect(got.dailyGroup).toEqual(want.dailyGroup);
  expect(await readMonthlyRollups(w.db)).toEqual(monthlyFromDaily(want.dailyUser));
  expect(await readActiveDays(w.db)).toEqual(activeDaysFromDaily(want.dailyUser));
  expect(await readQuestionViews(w.db)).toEqual(questionViewsFromHistory(w.h, now, zone));
}

async function randomHistory(engine: Engine, seed: number, time: TimeSettings, zone: string, start = '2024-03-09T00:00:00Z') {
  const { db } = await freshAskbotDb(engine, time);
  const r = rng(seed);
  const t0 = parseInstant(start);
  const w = new World(db, r, t0);
  await w.setup(9);
  let now = t0 + r.int(2, 10) * HOUR + r.int(0, 59) * MIN;
  await w.addActivity(t0 - 6 * HOUR, now + 2 * HOUR, 25); // some activity after `now`: it must wait
  for (let round = 0; round < 5; round++) {
    const cancel = r.next() < 0.4;
    if (cancel) {
      // A crash between transactions: cancelled after the first batch, then rerun.
      const ac = new AbortController();
      await expect(compileAnalytics(db, { now, signal: ac.signal, batchDays: 1, onProgress: () => ac.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
    }
    await compileAnalytics(db, { now, batchDays: r.int(1, 3) });
    await expectOracle(w, now, zone);
    const next = now + r.int(1, 30) * HOUR + r.int(0, 59) * MIN + jitter(r);
    await w.addActivity(now - 3 * HOUR, next + HOUR, r.int(5, 20));
    await w.addLateEvents(now, r.int(0, 6));
    await w.extendSessions(next + HOUR, r.int(0, 6));
    now = next;
  }
  await compileAnalytics(db, { now });
  await expectOracle(w, now, zone);
  return { db, w, now };
}

describeEachEngine('compile vs oracle', (engine) => {
  for (const seed of [1, 2, 3, 4]) {
    it(`randomized history, seed ${seed} (UTC)`, async () => {
      const { db } = await randomHistory(engine, seed, { useTz: true, timeZone: 'UTC' }, 'UTC');
      await db.close();
    });
  }

  it('randomized history across a month end (monthly rollups of both months)', async () => {
    const { db } = await randomHistory(engine, 5, { useTz: true, timeZone: 'UTC' }, 'UTC', '2024-03-30T00:00:00Z');
    await db.close();
  });

  it('USE_TZ = false, America/Chicago (naive local storage, DST change on 2024-03-10)', async () => {
    const { db } = await randomHistory(engine, 11, { useTz: false, timeZone: 'America/Chicago' }, 'America/Chicago');
    await db.close();
  });

  it("a late session days before a user's next visit moves that visit's gap in the active days", async () => {
    const { db } = await freshAskbotDb(engine);
    const t0 = parseInstant('2024-05-01T00:00:00Z');
    const w = new World(db, rng(3), t0);
    await w.setup(3);
    const DAY = 24 * HOUR;
    const visit = (user: number, at: number) => w.visit(user, at);
    const [a, b] = w.h.users.map((u) => u.id);
    await visit(a!, t0 + 2 * HOUR);
    await visit(a!, t0 + 6 * DAY + 2 * HOUR);
    await visit(b!, t0 + 3 * DAY);
    const now = t0 + 8 * DAY;
    await compileAnalytics(db, { now });
    await expectOracle(w, now, 'UTC');
    const gapOn = async (date: string) => (await readActiveDays(db)).filter((r) => r.date === date).map((r) => r.gap);
    expect(await gapOn('2024-05-07')).toEqual([6]);
    // Day 3 of a's history arrives late (imported): a's visit on day 7 now follows it by 4 days.
    await visit(a!, t0 + 2 * DAY + 2 * HOUR);
    await compileAnalytics(db, { now });
    await expectOracle(w, now, 'UTC');
    expect(await gapOn('2024-05-07')).toEqual([4]);
    await db.close();
  });

  it("a compiled user's activity deleted: their hour, day and month go when the hour is recompiled", async () => {
    const { db } = await freshAskbotDb(engine);
    const t0 = parseInstant('2024-05-01T00:00:00Z');
    const w = new World(db, rng(4), t0);
    await w.setup(3);
    const DAY = 24 * HOUR;
    const visit = (user: number, at: number) => w.visit(user, at);
    const [a, b, c] = w.h.users.map((u) => u.id);
    const gone = [await visit(a!, t0 + 2 * DAY + 2 * HOUR), await visit(c!, t0 + 2 * DAY + 2 * HOUR)];
    await visit(c!, t0 + 4 * DAY); // c keeps a day in May, a does not
    const bSession = await visit(b!, t0 + 2 * DAY + 2 * HOUR);
    const now = t0 + 6 * DAY;
    await compileAnalytics(db, { now });
    await expectOracle(w, now, 'UTC');
    const mayUsers = async () => (await readMonthlyRollups(db)).map((r) => r.user).sort();
    expect(await mayUsers()).toEqual([a, b, c].sort());
    // A moderator deletes a's and c's sessions of day 3 with their events; a late event of b's in that
    // hour makes the compiler recompute it.
    await db.run(sql`DELETE FROM "askbot_event" WHERE "session_id" IN (${list(gone)})`);
    await db.run(sql`DELETE FROM "askbot_session" WHERE "id" IN (${list(gone)})`);
    w.h.events = w.h.events.filter((e) => !gone.includes(e.session));
    w.h.sessions = w.h.sessions.filter((x) => !gone.includes(x.id));
    await db.transaction((tx) => w.insertEvents(tx, [{ session: bSession, type: 4, timestamp: t0 + 2 * DAY + 2 * HOUR + 10 * MIN }]));
    await compileAnalytics(db, { now });
    await expectOracle(w, now, 'UTC');
    expect(await mayUsers()).toEqual([b, c].sort());
    await db.close();
  });

  it('rebuild, rebuild --from, reset then compile, and group rebuild after membership changes', async () => {
    const { db, w, now } = await randomHistory(engine, 7, { useTz: true, timeZone: 'UTC' }, 'UTC');
    const before = await readSummaries(db);
    const views = questionViewsFromHistory(w.h, now, 'UTC');
    expect(views.daily.length).toBeGreaterThan(1);
    await compileAnalytics(db, { now, rebuild: true });
    expect(await readSummaries(db)).toEqual(before);
    await compileAnalytics(db, { now, rebuild: true, from: '2024-03-10' });
    expect(await readSummaries(db)).toEqual(before);
    expect(await readMonthlyRollups(db)).toEqual(monthlyFromDaily(before.dailyUser));
    expect(await readActiveDays(db)).toEqual(activeDaysFromDaily(before.dailyUser));
    expect(await readQuestionViews(db)).toEqual(views);
    // Created on a forum compiled before they existed: filled from the summarized events.
    expect(await dropQuestionViews(db)).toEqual(['aac_dailyquestionviews', 'aac_monthlyquestionviews']);
    expect(await ensureQuestionViews(db)).toEqual(['aac_dailyquestionviews', 'aac_monthlyquestionviews']);
    expect(await readQuestionViews(db)).toEqual(views);
    const reset = await resetAnalytics(db);
    expect(reset.eventsMarkedUnsummarized).toBe(w.h.events.filter((e) => e.timestamp < Math.floor(now / HOUR) * HOUR).length);
    expect(await readSummaries(db)).toEqual({ hourlyUser: [], dailyUser: [], hourlyGroup: [], dailyGroup: [] });
    expect(await readMonthlyRollups(db)).toEqual([]);
    expect(await readActiveDays(db)).toEqual([]);
    expect(await readQuestionViews(db)).toEqual({ daily: [], monthly: [] });
    await compileAnalytics(db, { now });
    expect(await readSummaries(db)).toEqual(before);
    expect(await readQuestionViews(db)).toEqual(views);

    // A user joins group C (both membership tables), then the group rows are rebuilt.
    const groupC = w.h.groups[2]!.id;
    const joiner = w.h.users.find((u) => !w.h.membership.some((m) => m.user === u.id && m.group === groupC) && w.h.sessions.some((s) => s.user === u.id))!;
    await joinGroups(db, [[joiner.id, groupC]]);
    w.h.membership.push({ user: joiner.id, group: groupC });
    w.h.authMembership.push({ user: joiner.id, group: groupC });
    await rebuildGroupSummaries(db, { now });
    await expectOracle(w, now, 'UTC');
    await db.close();
  });

  it('refuses --from without --rebuild and a malformed date', async () => {
    const { db } = await freshAskbotDb(engine);
    const now = parseInstant('2024-03-09T00:00:00Z');
    await expect(compileAnalytics(db, { now, from: '2024-03-01' })).rejects.toBeInstanceOf(AppError);
    await expect(compileAnalytics(db, { now, rebuild: true, from: '03/01/2024' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await db.close();
  });
});

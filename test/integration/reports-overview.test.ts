// The Overview and the questions list (issue 14) on both engines, against numbers computed by hand
// from test/helpers/overview-fixture.ts (range 2026-03-08..2026-03-14, previous 2026-03-01..03-07).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTIVE_DAYS_TABLE, dropActiveDays, ensureActiveDays } from '../../src-main/core/derived/active-days';
import { DAILY_VIEWS_TABLE, MONTHLY_VIEWS_TABLE, dropQuestionViews, ensureQuestionViews } from '../../src-main/core/derived/question-views';
import { MONTHLY_TABLE, dropMonthlyRollups, ensureMonthlyRollups } from '../../src-main/core/derived/monthly-rollups';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import { EVENT, insertEvents, insertSessions } from '../../src-main/core/forum/analytics';
import { parseInstant } from '../../src-main/core/time/instant';
import type { Db } from '../../src-main/core/db/types';
import { ident, sql } from '../../src-main/core/db/sql';
import { reportOverview, reportQuestions } from '../../src-main/core/reports';
import { parseSettings } from '../../src-main/core/settings';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { buildOverviewFixture, OV_NOW, OV_RANGE, type OverviewFixture } from '../helpers/overview-fixture';

const WITH_STAFF = parseSettings({});
const NO_STAFF = parseSettings({ EXCLUDE_STAFF: true });

// Every all-users figure twice: computed from the daily rows and the events, and from the compiler's
// active days (aac_dailyactiveusers, filled here from the fixture's daily rows) and question views
// (filled from its events, marked compiled) less the users left out.
for (const source of ['daily rows', 'active days'] as const)
  describeEachEngine(`Overview report (all users from the ${source})`, (engine) => {
    let db: Db;
    let f: OverviewFixture;
    beforeAll(async () => {
      ({ db } = await freshAskbotDb(engine));
      f = await buildOverviewFixture(db);
      // The fixture writes daily rows directly: `init`'s derived tables would not follow them.
      await dropMonthlyRollups(db);
      await dropActiveDays(db);
      await dropQuestionViews(db);
      if (source === 'active days') {
        expect(await ensureActiveDays(db)).toContain(ACTIVE_DAYS_TABLE);
        await db.run(sql`UPDATE "askbot_event" SET "summarized" = ${db.dialect.TRUE}`);
        expect(await ensureQuestionViews(db)).toEqual([DAILY_VIEWS_TABLE, MONTHLY_VIEWS_TABLE]);
      }
    });
    afterAll(async () => db.close());

    const values = (r: Awaited<ReturnType<typeof reportOverview>>) => Object.fromEntries(Object.entries(r.figures).map(([k, v]) => [k, v.value]));
    const previous = (r: Awaited<ReturnType<typeof reportOverview>>) => Object.fromEntries(Object.entries(r.figures).map(([k, v]) => [k, v.previous]));

    it('all users, staff included: every figure by hand', async () => {
      const r = await reportOverview(db, WITH_STAFF, { dates: OV_RANGE, now: OV_NOW });
      expect(r.range).toEqual({ start: '2026-03-08', end: '2026-03-14', partial: false });
      expect(r.previous_range).toEqual({ start: '2026-03-01', end: '2026-03-07', partial: false });
      expect([r.segment, r.name, r.excludeStaff, r.zone, r.granularity]).toEqual(['all-users', 'All Users', false, 'UTC', 'day']);
      const v = values(r);
      // Active rows in the range: amy 08, 13; ben 12; cal 14; adm 09; mod 09; sup 10 (dee's row is all zeros, blk is blocked).
      expect(v.active_users).toBe(6);
      expect(v.dau).toBeCloseTo(7 / 7, 10);
      // WAU days: amy 7 (05, 08, 13 cover all), ben 3, cal 1, old 0, adm 6, mod 6, sup 5 = 28.
      expect(v.wau).toBeCloseTo(28 / 7, 10);
      // MAU days: amy 7, ben 3, cal 4 (02-10 covers 03-08..11) + 1 (03-14), old 7 (03-01), adm 6, mod 6, sup 5 = 39.
      expect(v.mau).toBeCloseTo(39 / 7, 10);
      expect(v.stickiness).toBeCloseTo(7 / 39, 10);
      // Joined in the range: mod (09), ben (10), dee (12); blk is blocked. ben answered on 12, mod upvoted on 09.
      expect([v.new_members, v.activated_members]).toEqual([3, 2]);
      expect(v.activation_rate).toBeCloseTo(2 / 3, 10);
      expect([v.num_questions, v.num_answers, v.num_votes, v.question_views, v.time_on_site_seconds]).toEqual([3, 2, 2, 2, 900]);
      expect(v.time_on_site_per_active_user_seconds).toBeCloseTo(150, 10);
      // Questions: Q1, Q2, Q3, Q4 (closed), Q7, Q8 (Q5 deleted, Q6 before the range, Q9 blocked asker, Q10 deleted thread).
      // First counted answers: Q1 10 h, Q2 48 h (cal's self-answer does not count), Q7 6 h, Q8 1 h; Q3's answers are deleted or by a blocked user.
      expect([v.questions, v.answered, v.answered_24h, v.unanswered]).toEqual([6, 4, 3, 1]);
      expect(v.answered_share).toBeCloseTo(4 / 6, 10);
      expect(v.answered_24h_share).toBeCloseTo(3 / 6, 10);
      expect(v.median_first_answer_seconds).toBe((6 * 3600 + 10 * 3600) / 2);
      // The previous period: amy 03-05 and old 03-01 active; cal's 02-10 in the trailing windows; amy joined 03-03 and asked 03-05.
      const p = previous(r);
      expect([p.active_users, p.new_members, p.activated_members, p.num_questions, p.question_views]).toEqual([2, 1, 1, 1, 1]);
      expect(p.dau).toBeCloseTo(2 / 7, 10);
      expect(p.wau).toBeCloseTo((3 + 7) / 7, 10);
      expect(p.mau).toBeCloseTo((3 + 7 + 7) / 7, 10);
      // Q6, asked 03-07 23:00: its first answer (cal's) came 30 minutes later, before the range's start.
      expect([p.questions, p.answered, p.answered_24h, p.unanswered, p.median_first_answer_seconds]).toEqual([1, 1, 1, 0, 1800]);
      expect(p.time_on_site_per_active_user_seconds).toBe(0);
      expect(r.figures.active_users).toMatchObject({ value: 6, previous: 2, change: 4, change_pct: 200 });
      expect(r.figures.unanswered).toMatchObject({ value: 1, previous: 0, change: 1, change_pct: null });
      expect(r.figures.num_questions.link).toEqual({ view: 'activity', activity: 'question-posted', users: 'all-users', dates: '2026-03-08..2026-03-14' });
      expect(r.figures.unanswered.link).toEqual({ view: 'questions', which: 'unanswered', segment: 'all-users', dates: '2026-03-08..2026-03-14' });
      expect(r.figures.unanswered.previous_link).toEqual({ view: 'questions', which: 'unanswered', segment: 'all-users', dates: '2026-03-01..2026-03-07' });
    });

    // Registered for the active days only: it compares them with the daily rows.
    if (source === 'active days')
      it('weeks and months, staff in and out: the same figures and charts as from the daily rows', async () => {
        const ranges = ['2025-12-01..2026-03-14', '2025-12-03..2026-03-31', '2025-03-01..2026-03-14', '2026-02-10..2026-03-09', OV_RANGE];
        const reports = async () => {
          const out: unknown[] = [];
          for (const settings of [WITH_STAFF, NO_STAFF]) for (const dates of ranges) out.push(await reportOverview(db, settings, { dates, now: OV_NOW }));
          return out;
        };
        const compiled = await reports();
        expect(compiled.map((r) => (r as { granularity: string }).granularity)).toEqual([
          'week',
          'week',
          'month',
          'day',
          'day',
          'week',
          'week',
          'month',
          'day',
          'day',
        ]);
        await dropActiveDays(db);
        const live = await reports();
        expect(await ensureActiveDays(db)).toContain(ACTIVE_DAYS_TABLE);
        expect(compiled).toEqual(live);
      });

    it('the chart and the top lists', async () => {
      const r = await reportOverview(db, WITH_STAFF, { dates: OV_RANGE, now: OV_NOW });
      expect(r.points.map((x) => [x.date, x.active_users, x.new_members, x.num_questions, x.num_answers])).toEqual([
        ['2026-03-08', 1, 0, 0, 0],
        ['2026-03-09', 2, 1, 1, 0],
        ['2026-03-10', 1, 1, 0, 1],
        ['2026-03-11', 0, 0, 0, 0],
        ['2026-03-12', 1, 1, 0, 1],
        ['2026-03-13', 1, 0, 0, 0],
        ['2026-03-14', 1, 0, 2, 0],
      ]);
      expect(r.top.askers.map((x) => [x.user.username, x.count])).toEqual([
        ['cal', 2],
        ['adm', 1],
      ]);
      expect(r.top.askers[0]!.link).toEqual({ view: 'activity', activity: 'question-posted', users: `user:${f.users.cal}`, dates: '2026-03-08..2026-03-14' });
      // A tie (1 each) ordered by username.
      expect(r.top.answerers.map((x) => [x.user.username, x.count])).toEqual([
        ['ben', 1],
        ['sup', 1],
      ]);
      // Q1 twice by amy (ben's view is before the range); Q2 once by cal (blk's three are not counted); Q3 once by mod.
      expect(r.top.viewed.map((x) => [x.post_id, x.thread_id, x.title, x.views])).toEqual([
        [f.questions.Q1, f.threads.Q1, 'Thread Q1', 2],
        [f.questions.Q2, f.threads.Q2, 'Thread Q2', 1],
        [f.questions.Q3, f.threads.Q3, 'Thread Q3', 1],
      ]);
      expect(r.top.viewed[0]!.link).toEqual({
        view: 'activity',
        activity: 'question-viewed',
        users: 'all-users',
        content: `post:${f.questions.Q1}`,
        dates: '2026-03-08..2026-03-14',
      });
    });

    it('staff left out: administrators, moderators and superusers removed from every figure', async () => {
      const r = await reportOverview(db, NO_STAFF, { dates: OV_RANGE, now: OV_NOW });
      expect(r.excludeStaff).toBe(true);
      const v = values(r);
      expect(v.active_users).toBe(3);
      expect(v.dau).toBeCloseTo(4 / 7, 10);
      expect(v.wau).toBeCloseTo(11 / 7, 10);
      expect(v.mau).toBeCloseTo(22 / 7, 10);
      expect(v.stickiness).toBeCloseTo(4 / 22, 10);
      expect([v.new_members, v.activated_members]).toEqual([2, 1]);
      expect([v.num_questions, v.num_answers, v.num_votes, v.question_views, v.time_on_site_seconds]).toEqual([2, 1, 1, 2, 600]);
      expect(v.time_on_site_per_active_user_seconds).toBeCloseTo(200, 10);
      // Q7 (asked by adm) leaves; Q8's only answer is the moderator's, so it is unanswered now.
      expect([v.questions, v.answered, v.answered_24h, v.unanswered]).toEqual([5, 2, 1, 2]);
      expect(v.median_first_answer_seconds).toBe((10 * 3600 + 48 * 3600) / 2);
      expect(r.top.askers.map((x) => x.user.username)).toEqual(['cal']);
      expect(r.top.answerers.map((x) => x.user.username)).toEqual(['ben']);
      expect(r.top.viewed.map((x) => [x.post_id, x.views])).toEqual([
        [f.questions.Q1, 2],
        [f.questions.Q2, 1],
      ]);
    });

    it('an organization: members of Acme (amy is also in Beta), the blocked member left out', async () => {
      const r = await reportOverview(db, WITH_STAFF, { segment: `group:${f.groups.Acme}`, dates: OV_RANGE, now: OV_NOW });
      expect([r.segment, r.name]).toEqual([`group:${f.groups.Acme}`, 'Acme']);
      const v = values(r);
      // adm, amy, ben (blk blocked): active rows amy 08, 13; ben 12; adm 09.
      expect(v.active_users).toBe(3);
      expect(v.dau).toBeCloseTo(4 / 7, 10);
      expect(v.wau).toBeCloseTo((7 + 3 + 6) / 7, 10);
      expect([v.new_members, v.activated_members, v.num_questions, v.num_answers, v.question_views, v.time_on_site_seconds]).toEqual([1, 1, 1, 1, 2, 900]);
      // Q1, Q3, Q4 (closed), Q7, Q8; answered Q1 (10 h), Q7 (6 h), Q8 (1 h).
      expect([v.questions, v.answered, v.answered_24h, v.unanswered, v.median_first_answer_seconds]).toEqual([5, 3, 3, 1, 6 * 3600]);
      const beta = values(await reportOverview(db, WITH_STAFF, { segment: `group:${f.groups.Beta}`, dates: OV_RANGE, now: OV_NOW }));
      // mod, amy, cal: amy counted in both organizations.
      expect([beta.active_users, beta.new_members, beta.num_questions]).toEqual([3, 1, 2]);
    });

    it('the same figures when whole months come from the monthly rollups', async () => {
      const before = await reportOverview(db, WITH_STAFF, { dates: '2026-02-01..2026-03-14', now: OV_NOW });
      expect(await ensureMonthlyRollups(db)).toEqual(['aac_monthlyusersummary']); // filled from the daily rows
      const after = await reportOverview(db, WITH_STAFF, { dates: '2026-02-01..2026-03-14', now: OV_NOW });
      expect(after.figures).toEqual(before.figures);
      // February whole (cal's upvote) plus March 1-14 (the range's rows above, amy's 03-05 question and old's view).
      expect([after.figures.num_questions.value, after.figures.num_votes.value, after.figures.question_views.value]).toEqual([4, 3, 3]);
      await dropMonthlyRollups(db);
    });

    it('top lists of all users: anonymous views and rollup rows without a user change nothing', async () => {
      type R = Awaited<ReturnType<typeof reportOverview>>;
      const top = (r: R) => [
        r.top.askers.map((x) => [x.user.username, x.count]),
        r.top.answerers.map((x) => [x.user.username, x.count]),
        r.top.viewed.map((x) => [x.post_id, x.views]),
      ];
      const lists = async (settings: typeof WITH_STAFF, dates: string, segment?: string) =>
        top(await reportOverview(db, settings, { dates, segment, now: OV_NOW }));
      const month = '2026-03-01..2026-03-31';
      const cases = [
        [WITH_STAFF, OV_RANGE],
        [NO_STAFF, OV_RANGE],
        [WITH_STAFF, month],
        [NO_STAFF, month, `group:${f.groups.Acme}`],
        [WITH_STAFF, month, `user:${f.users.cal}`],
      ] as const;
      const before = [];
      for (const [s, dates, segment] of cases) before.push(await lists(s, dates, segment));
      expect(before[3]![0]!.length + before[4]![0]!.length).toBeGreaterThan(0); // the segments have askers
      // Views of Q3 in an anonymous session (no user: never counted) within the range.
      const ct = await ensureContentTypeId(db, 'askbot', 'post');
      const at = parseInstant('2026-03-10T15:00:00Z');
      const [anon] = await insertSessions(db, [{ userId: null, createdAt: at, updatedAt: at }]);
      await insertEvents(
        db,
        [0, 1, 2].map((i) => ({ sessionId: anon!, eventType: EVENT.QUESTION_VIEWED, timestamp: at + i, contentTypeId: ct, objectId: f.questions.Q3! })),
      );
      // March from the rollups, one of whose rows belongs to no user (a user deleted since the rollup).
      expect(await ensureMonthlyRollups(db)).toEqual([MONTHLY_TABLE]);
      await db.run(
        sql`INSERT INTO ${ident(MONTHLY_TABLE)} ("month", "user_id", "num_questions", "num_answers", "num_upvotes", "num_downvotes", "question_views", "time_on_site_us") VALUES (${db.dialect.dateParam('2026-03-01')}, 999999, 50, 50, 0, 0, 0, 0)`,
      );
      try {
        for (const [i, [s, dates, segment]] of cases.entries()) expect(await lists(s, dates, segment)).toEqual(before[i]);
      } finally {
        await dropMonthlyRollups(db);
        await db.run(sql`DELETE FROM "askbot_event" WHERE "session_id" = ${anon}`);
        await db.run(sql`DELETE FROM "askbot_session" WHERE "id" = ${anon}`);
      }
    });

    it('bad input is refused with a clear error', async () => {
      await expect(reportOverview(db, WITH_STAFF, { segment: 'nope', now: OV_NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(reportOverview(db, WITH_STAFF, { dates: '2026-03-10..2026-03-01', now: OV_NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });

describeEachEngine('Overview in TIME_ZONE days (USE_TZ = false)', (engine) => {
  let db: Db;
  let f: OverviewFixture;
  const chicago = parseSettings({ USE_TZ: false, TIME_ZONE: 'America/Chicago' });
  beforeAll(async () => {
    ({ db } = await freshAskbotDb(engine, { useTz: false, timeZone: 'America/Chicago' }));
    f = await buildOverviewFixture(db);
  });
  afterAll(async () => db.close());

  it("the range's questions and new members follow Chicago's days", async () => {
    const r = await reportOverview(db, chicago, { dates: OV_RANGE, now: OV_NOW });
    expect(r.zone).toBe('America/Chicago');
    // Q11 (03-15 03:00 UTC = 03-14 22:00 CDT) joins the range's questions, unanswered; the rest as in UTC.
    expect([r.figures.questions.value, r.figures.unanswered.value, r.figures.answered.value]).toEqual([7, 2, 4]);
    expect([r.figures.new_members.value, r.figures.new_members.previous]).toEqual([3, 1]);
    const un = await reportQuestions(db, chicago, { dates: OV_RANGE, now: OV_NOW });
    expect(un.rows.map((x) => x.post_id)).toEqual([f.questions.Q11, f.questions.Q3]);
  });
});

describeEachEngine('Questions list', (engine) => {
  let db: Db;
  let f: OverviewFixture;
  beforeAll(async () => {
    ({ db } = await freshAskbotDb(engine));
    f = await buildOverviewFixture(db);
  });
  afterAll(async () => db.close());

  it('unanswered (default), answered within 24 hours, asked: newest first, with answers and first-answer delay', async () => {
    const un = await reportQuestions(db, WITH_STAFF, { dates: OV_RANGE, now: OV_NOW });
    expect(un.which).toBe('unanswered');
    expect(un.rows.map((x) => x.post_id)).toEqual([f.questions.Q3]);
    expect(un.rows[0]).toMatchObject({
      thread_id: f.threads.Q3,
      title: 'Thread Q3',
      author: { id: f.users.ben, username: 'ben' },
      asked_at: '2026-03-10T12:00:00Z',
      first_answer_at: null,
      first_answer_seconds: null,
      answers: 0,
      closed: false,
    });
    expect(un.rows[0]!.link).toEqual({
      view: 'activity',
      activity: 'all-activity',
      users: 'all-users',
      content: `thread:${f.threads.Q3}`,
      dates: '2026-03-08..2026-03-14',
    });
    const fast = await reportQuestions(db, WITH_STAFF, { dates: OV_RANGE, which: 'answered-24h', now: OV_NOW });
    expect(fast.rows.map((x) => [x.post_id, x.first_answer_seconds, x.answers])).toEqual([
      [f.questions.Q8, 3600, 1],
      [f.questions.Q7, 6 * 3600, 1],
      [f.questions.Q1, 10 * 3600, 2],
    ]);
    expect(fast.rows[2]).toMatchObject({ first_answer_at: '2026-03-08T20:00:00Z', views: 11 });
    const asked = await reportQuestions(db, WITH_STAFF, { dates: OV_RANGE, which: 'asked', now: OV_NOW });
    expect([asked.row_count, asked.pages]).toEqual([6, 1]);
    expect(asked.rows.find((x) => x.post_id === f.questions.Q4)).toMatchObject({ closed: true });
    // Q2: cal's own answer does not count, amy's does.
    expect(asked.rows.find((x) => x.post_id === f.questions.Q2)).toMatchObject({ answers: 1, first_answer_seconds: 48 * 3600 });
  });

  it('staff left out: staff questions gone, staff answers do not answer', async () => {
    const un = await reportQuestions(db, NO_STAFF, { dates: OV_RANGE, now: OV_NOW });
    expect(un.excludeStaff).toBe(true);
    expect(un.rows.map((x) => [x.post_id, x.answers])).toEqual([
      [f.questions.Q8, 0],
      [f.questions.Q3, 0],
    ]);
  });

  it('pages of 20 and bad input', async () => {
    const small = await reportQuestions(db, WITH_STAFF, { dates: OV_RANGE, which: 'asked', pageSize: 4, page: 2, now: OV_NOW });
    expect([small.row_count, small.page, small.pages, small.rows.length]).toEqual([6, 2, 2, 2]);
    await expect(reportQuestions(db, WITH_STAFF, { dates: OV_RANGE, which: 'asked', pageSize: 4, page: 3, now: OV_NOW })).rejects.toThrow(
      /past the last page \(2\)/,
    );
    await expect(reportQuestions(db, WITH_STAFF, { which: 'open', now: OV_NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

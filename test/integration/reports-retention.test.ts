// Retention cohorts on both engines against hand-computed numbers over the report fixture: join months
// in the bucket zone, blocked users never members, staff left out on request, activity before the join
// month without a column, zero rows not activity, the rollup and the daily rows giving the same cohorts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { refreshMonthlyRollups } from '../../src-main/core/derived/monthly-rollups';
import { insertRows } from '../../src-main/core/db/batch';
import type { Db } from '../../src-main/core/db/types';
import { reportRetention } from '../../src-main/core/reports';
import { insertUsers } from '../../src-main/core/forum/users';
import { parseSettings } from '../../src-main/core/settings';
import { parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { buildReportFixture, NOW, type ReportFixture } from '../helpers/report-fixture';

const zeros = (n: number) => new Array<number>(n).fill(0);

describeEachEngine('Retention cohorts', (engine) => {
  let db: Db;
  let f: ReportFixture;
  beforeAll(async () => {
    ({ db } = await freshAskbotDb(engine));
    f = await buildReportFixture(db);
    // gus: a summary row with nothing counted (a login only) in 2025-10: not activity.
    const d = db.dialect;
    await insertRows(
      db,
      'askbot_dailyusersummary',
      ['num_questions', 'num_answers', 'num_upvotes', 'num_downvotes', 'question_views', 'time_on_site', 'date', 'user_id', 'summarized'],
      [[0, 0, 0, 0, 0, d.durationParam(0), d.dateParam('2025-10-15'), f.users.gus, d.bool(true)]],
    );
  });
  afterAll(async () => db.close());

  it('all users, all time: a cohort per join month, the share active in each month up to today (hand-computed)', async () => {
    const r = await reportRetention(db, f.settings, { dates: 'all-time', now: NOW });
    expect(r.range).toMatchObject({ start: '2025-01-01', end: '2026-03-15' });
    expect(r.current_month).toBe('2026-03');
    expect(r.excludeStaff).toBe(false);
    expect(r.segment).toBe('all-users');
    // 2025-01 … 2026-03: 15 cohorts; the oldest has 15 columns (its month and 14 after it).
    expect(r.cohorts.map((c) => c.month)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(r.months).toBe(15);
    // ann joined 2025-01-10, active in 2025-01 (a question), 2025-12 (views), 2026-02 (answers), 2026-03 (today).
    const ann = zeros(15);
    [0, 11, 13, 14].forEach((k) => (ann[k] = 1));
    expect(r.cohorts[0]).toEqual({ month: '2025-01', size: 1, active: ann, share: ann });
    // eve joined 2025-06 but is blocked: no member. Empty cohorts have no shares.
    expect(r.cohorts[5]).toEqual({ month: '2025-06', size: 0, active: zeros(10), share: new Array(10).fill(null) });
    // cat joined 2026-02-14: her 2026-01-01 views come before her cohort (no column); active 2026-02 and 2026-03.
    expect(r.cohorts[13]).toEqual({ month: '2026-02', size: 1, active: [1, 1], share: [1, 1] });
    // bob, dan (23:30 on today) and fay (tomorrow, still this month) joined 2026-03; fay did nothing yet.
    expect(r.cohorts[14]).toEqual({ month: '2026-03', size: 3, active: [2], share: [2 / 3] });
    // Month 0 over every cohort: (1 + 1 + 2) of (1 + 1 + 3); month 1 reached by ann's and cat's cohorts: cat only.
    expect(r.average[0]).toBeCloseTo(4 / 5, 12);
    expect(r.average[1]).toBe(1 / 2);
    expect(r.average[11]).toBe(1 / 1);
    expect(r.average[14]).toBe(1);
    expect(r.average).toHaveLength(15);
  });

  it('leaves staff out on request, and filters to a segment or an organization', async () => {
    const noStaff = await reportRetention(db, { ...f.settings, EXCLUDE_STAFF: true }, { dates: 'all-time', now: NOW });
    expect(noStaff.excludeStaff).toBe(true);
    expect(noStaff.cohorts[0]).toMatchObject({ month: '2025-01', size: 0 });
    expect(noStaff.average[0]).toBeCloseTo(3 / 4, 12);
    const acme = await reportRetention(db, f.settings, { segment: `group:${f.groups.Acme}`, dates: '2026-01-01..2026-03-31', now: NOW });
    expect(acme.name).toBe('Acme');
    // cat (2026-02) and dan (2026-03); the range reaches past today's month: no cohort after it.
    expect(acme.cohorts).toEqual([
      { month: '2026-01', size: 0, active: [0, 0, 0], share: [null, null, null] },
      { month: '2026-02', size: 1, active: [1, 1], share: [1, 1] },
      { month: '2026-03', size: 1, active: [1], share: [1] },
    ]);
    const partners = await reportRetention(db, f.settings, { segment: 'partners', dates: 'this-month', now: NOW });
    // ann (2025) and bob (2026-03): one cohort of this month, bob active.
    expect(partners.cohorts).toEqual([{ month: '2026-03', size: 1, active: [1], share: [1] }]);
    const one = await reportRetention(db, f.settings, { segment: `user:${f.users.cat}`, dates: 'last-month', now: NOW });
    expect(one.cohorts).toEqual([{ month: '2026-02', size: 1, active: [1, 1], share: [1, 1] }]);
  });

  it('a row with nothing counted is not activity; gus, who joined one second before 2025, is in the 2024-12 cohort', async () => {
    const r = await reportRetention(db, f.settings, { dates: '2024-12-01..2024-12-31', now: NOW });
    expect(r.cohorts).toHaveLength(1);
    const gus = zeros(16);
    // 2025-08 (views), 2025-09 (views), 2025-11 (upvotes), 2025-12 (an answer); 2025-10 holds only a zero row.
    [8, 9, 11, 12].forEach((k) => (gus[k] = 1));
    expect(r.cohorts[0]).toEqual({ month: '2024-12', size: 1, active: gus, share: gus });
  });

  it('the monthly rollups give the same cohorts as the daily rows, also when some months have rollups and others not', async () => {
    const before = await reportRetention(db, f.settings, { dates: '2024-12-01..2026-03-15', now: NOW });
    await db.transaction((tx) => refreshMonthlyRollups(tx, '2025-11-01', '2026-01-31'));
    expect(await reportRetention(db, f.settings, { dates: '2024-12-01..2026-03-15', now: NOW })).toEqual(before);
    await db.transaction((tx) => refreshMonthlyRollups(tx, '2024-12-01', '2026-03-31'));
    const after = await reportRetention(db, f.settings, { dates: '2024-12-01..2026-03-15', now: NOW });
    expect(after).toEqual(before);
    expect(after.cohorts.map((c) => c.size)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3]);
  });

  it('no cohorts after today, refuses what it cannot show', async () => {
    const future = await reportRetention(db, f.settings, { dates: '2027-01-01..2027-03-01', now: NOW });
    expect(future.cohorts).toEqual([]);
    expect(future.months).toBe(0);
    await expect(reportRetention(db, f.settings, { dates: '1990-01-01..2026-01-01', now: NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(reportRetention(db, f.settings, { segment: 'nope', now: NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('join months are calendar months of the bucket zone (USE_TZ = false, TIME_ZONE America/Chicago)', async () => {
    const time = { useTz: false, timeZone: 'America/Chicago' };
    const { db: local } = await freshAskbotDb(engine, time);
    try {
      const settings = parseSettings({ USE_TZ: false, TIME_ZONE: 'America/Chicago' });
      // 03:00 UTC on March 1st is still February 28th in Chicago; 06:00 UTC is March 1st there.
      const [feb, mar] = await insertUsers(local, [
        { username: 'late-feb', email: 'a@example.com', dateJoined: parseInstant('2026-03-01T03:00:00Z') },
        { username: 'early-mar', email: 'b@example.com', dateJoined: parseInstant('2026-03-01T06:00:00Z') },
      ]);
      const d = local.dialect;
      await insertRows(
        local,
        'askbot_dailyusersummary',
        ['num_questions', 'num_answers', 'num_upvotes', 'num_downvotes', 'question_views', 'time_on_site', 'date', 'user_id', 'summarized'],
        [[1, 0, 0, 0, 0, d.durationParam(0), d.dateParam('2026-03-02'), feb, d.bool(true)]],
      );
      const r = await reportRetention(local, settings, { dates: '2026-02-01..2026-03-15', now: NOW });
      expect(r.zone).toBe('America/Chicago');
      expect(r.cohorts).toEqual([
        { month: '2026-02', size: 1, active: [0, 1], share: [0, 1] },
        { month: '2026-03', size: 1, active: [0], share: [0] },
      ]);
      expect(mar).toBeGreaterThan(0);
    } finally {
      await local.close();
    }
  });
});

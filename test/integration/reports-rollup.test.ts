// The Users report reads whole months from the compiler's monthly rollups (aac_monthlyusersummary)
// and edge days from the daily rows: results must be identical to summing the daily rows, with the
// table present, absent (a database our app never initialised or compiled) or missing a month.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dropMonthlyRollups, ensureMonthlyRollups, MONTHLY_TABLE } from '../../src-main/core/derived/monthly-rollups';
import type { Db } from '../../src-main/core/db/types';
import { ident, sql } from '../../src-main/core/db/sql';
import { ensureReportIndexes } from '../../src-main/core/derived/report-indexes';
import { reportSeries, reportUsers, type UsersQuery } from '../../src-main/core/reports';
import { planUserSums } from '../../src-main/core/reports/user-sums';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { insertDailySummaries, type DailyRow } from '../helpers/daily-summaries';
import { buildReportFixture, NOW, type ReportFixture } from '../helpers/report-fixture';

/** Daily rows in 2024 around month boundaries (the fixture's own rows start in 2025). */
const EXTRA_DAILY: readonly DailyRow[] = [
  { user: 'ann', date: '2024-01-14', q: 1 }, // the day before the custom range; the earliest summary (all-time)
  { user: 'ann', date: '2024-01-15', a: 2, tos: 60 }, // first day of the custom range
  { user: 'cat', date: '2024-01-31', views: 3 },
  { user: 'ann', date: '2024-02-01', up: 1 },
  { user: 'bob', date: '2024-02-02', q: 1, tos: 30 },
  { user: 'bob', date: '2024-02-03', a: 1 },
  { user: 'gus', date: '2024-02-15', views: 5, tos: 120 },
  { user: 'cat', date: '2024-02-27', down: 2 },
  { user: 'cat', date: '2024-02-28', q: 1 },
  { user: 'ann', date: '2024-02-29', views: 7 },
  { user: 'gus', date: '2024-03-01', q: 2 },
  { user: 'bob', date: '2024-03-31', tos: 3600 },
  { user: 'ann', date: '2024-04-01', a: 1 },
  { user: 'cat', date: '2024-04-10', views: 4 }, // last day of the custom range
  { user: 'cat', date: '2024-04-11', q: 3 }, // the day after
  { user: 'gus', date: '2024-04-30', up: 2 },
];

const RANGES = [
  '2024-01-15..2024-04-10', // partial January and April around whole February and March
  '2024-02-03..2024-02-27', // most of February: its rollup minus the days left out on both sides
  '2024-01-01..2024-03-31', // whole months only
  '2024-02-10..2024-02-10',
  '2024-01-31..2024-02-01',
  'all-time',
  'last-30-days',
  'last-3-months',
  'this-year',
  'last-year',
];

function queries(f: ReportFixture): UsersQuery[] {
  return [
    {},
    { segment: 'rest', sort: 'num_questions' },
    { segment: 'all-users', sort: 'question_views' },
    { segment: 'all-users', sort: 'time_on_site_seconds', order: 'asc', compare: true },
    { segment: 'partners', compare: true },
    { segment: `group:${f.groups.Acme}` },
    { segment: `user:${f.users.cat}` },
    { compare: true, query: 'e' },
  ];
}

describeEachEngine('Users report from monthly rollups', (engine) => {
  let db: Db;
  let f: ReportFixture;

  async function rebuildRollups() {
    await dropMonthlyRollups(db);
    expect(await ensureMonthlyRollups(db)).toEqual([MONTHLY_TABLE]); // created and filled from the daily rows
    await ensureReportIndexes(db);
  }

  async function everyReport() {
    const out: unknown[] = [];
    for (const dates of RANGES) for (const q of queries(f)) out.push(await reportUsers(db, f.settings, { ...q, dates, now: NOW }));
    return out;
  }

  /** Monthly series (ranges over a year), whose whole months come from the rollups. */
  async function everySeries() {
    const out: unknown[] = [];
    for (const dates of ['all-time', '2024-01-15..2025-12-31', '2024-02-01..2025-03-31'])
      for (const segment of [undefined, 'partners', `group:${f.groups.Acme}`, `user:${f.users.gus}`])
        out.push(await reportSeries(db, f.settings, { dates, segment, now: NOW }));
    return out;
  }

  beforeAll(async () => {
    ({ db } = await freshAskbotDb(engine));
    f = await buildReportFixture(db);
    await insertDailySummaries(db, EXTRA_DAILY, f.users);
    await rebuildRollups();
  });
  afterAll(async () => db.close());

  it('splits a range into rollup months, added edge days and subtracted days', async () => {
    expect(await planUserSums(db, { start: '2024-01-15', end: '2024-04-10' })).toEqual({
      months: [['2024-02-01', '2024-03-01']],
      days: [
        ['2024-01-15', '2024-01-31'],
        ['2024-04-01', '2024-04-10'],
      ],
      minus: [],
    });
    expect(await planUserSums(db, { start: '2024-02-03', end: '2024-02-27' })).toEqual({
      months: [['2024-02-01', '2024-02-01']],
      days: [],
      minus: [
        ['2024-02-01', '2024-02-02'],
        ['2024-02-28', '2024-02-29'],
      ],
    });
    // Days after the last summary are not planned at all: the plan follows the data, not the range.
    expect(await planUserSums(db, { start: '2024-04-01', end: '2024-07-31' })).toEqual({
      months: [['2024-04-01', '2024-04-01']],
      days: [],
      minus: [],
    });
    expect(await planUserSums(db, { start: '1900-01-01', end: '1999-12-31' })).toEqual({ months: [], days: [], minus: [] });
  });

  it('hand-computed totals over partial and whole months', async () => {
    const custom = await reportUsers(db, f.settings, { segment: 'all-users', dates: '2024-01-15..2024-04-10', now: NOW });
    // Nobody had joined yet; 01-14 and 04-11 are outside the range.
    expect(custom.total).toEqual({
      key: 'all-users',
      name: 'Total',
      num_users: 0,
      num_users_added: 0,
      num_questions: 4,
      num_answers: 4,
      num_upvotes: 1,
      num_downvotes: 2,
      question_views: 19,
      time_on_site_seconds: 3810,
    });
    const feb = await reportUsers(db, f.settings, { segment: 'all-users', dates: '2024-02-03..2024-02-27', now: NOW });
    // bob's answer (02-03), gus's views and time (02-15), cat's downvotes (02-27); not 02-01, 02-02, 02-28, 02-29.
    expect(feb.total).toMatchObject({ num_questions: 0, num_answers: 1, num_upvotes: 0, num_downvotes: 2, question_views: 5, time_on_site_seconds: 120 });
    const cat = feb.rows.find((r) => r.key === `user:${f.users.cat}`)!;
    expect(cat).toMatchObject({ num_questions: 0, num_downvotes: 2, question_views: 0 });
  });

  it('every level, range, sort and comparison equals summing the daily rows (table dropped)', async () => {
    const withRollups = await everyReport();
    await dropMonthlyRollups(db);
    try {
      expect(await planUserSums(db, { start: '2024-01-15', end: '2024-04-10' })).toEqual({ months: [], days: [['2024-01-15', '2024-04-10']], minus: [] });
      expect(await everyReport()).toEqual(withRollups);
    } finally {
      await rebuildRollups();
    }
  });

  it('monthly series from the rollups equal the daily rows (table dropped), active users included', async () => {
    const withRollups = await everySeries();
    const all = await reportSeries(db, f.settings, { dates: 'all-time', now: NOW });
    expect(all.granularity).toBe('month');
    // February 2024, a whole month (from its rollup rows): ann, bob, gus and cat were active.
    expect(all.points.find((x) => x.date === '2024-02-01')).toEqual({
      date: '2024-02-01',
      end: '2024-02-29',
      num_questions: 2,
      num_answers: 1,
      num_upvotes: 1,
      num_downvotes: 2,
      question_views: 12,
      time_on_site_seconds: 150,
      active_users: 4,
    });
    await dropMonthlyRollups(db);
    try {
      expect(await everySeries()).toEqual(withRollups);
    } finally {
      await rebuildRollups();
    }
  });

  it('reads the rollup rows (a changed rollup row shows), and a month without rollup rows from the daily rows', async () => {
    const dates = '2024-01-15..2024-04-10';
    const before = await reportUsers(db, f.settings, { segment: `user:${f.users.gus}`, dates, now: NOW });
    await db.run(
      sql`UPDATE ${ident(MONTHLY_TABLE)} SET "question_views" = "question_views" + 100 WHERE "user_id" = ${f.users.gus} AND "month" = ${db.dialect.dateParam('2024-02-01')}`,
    );
    try {
      const changed = await reportUsers(db, f.settings, { segment: `user:${f.users.gus}`, dates, now: NOW });
      expect(changed.total.question_views).toBe(before.total.question_views! + 100);
      // Without February's rollup rows the month comes from the daily rows again.
      await db.run(sql`DELETE FROM ${ident(MONTHLY_TABLE)} WHERE "month" = ${db.dialect.dateParam('2024-02-01')}`);
      expect((await planUserSums(db, { start: '2024-01-15', end: '2024-04-10' })).days).toEqual([
        ['2024-01-15', '2024-02-29'],
        ['2024-04-01', '2024-04-10'],
      ]);
      expect(await reportUsers(db, f.settings, { segment: `user:${f.users.gus}`, dates, now: NOW })).toEqual(before);
    } finally {
      await rebuildRollups();
    }
  });

  it('falls back to the daily rows when the table is absent', async () => {
    await dropMonthlyRollups(db);
    try {
      const r = await reportUsers(db, f.settings, { segment: 'all-users', dates: '2024-01-15..2024-04-10', now: NOW });
      expect(r.total).toMatchObject({ num_questions: 4, num_answers: 4, num_upvotes: 1, num_downvotes: 2, question_views: 19, time_on_site_seconds: 3810 });
      const all = await reportUsers(db, f.settings, { dates: 'all-time', now: NOW });
      expect(all.range).toMatchObject({ start: '2024-01-14', end: '2026-03-15' });
      // The fixture's own rows (2025-2026) plus the 2024 rows above.
      expect(all.total).toMatchObject({ num_questions: 13, num_answers: 8, num_upvotes: 7, num_downvotes: 6, question_views: 41, time_on_site_seconds: 8160 });
    } finally {
      await rebuildRollups();
    }
    const all = await reportUsers(db, f.settings, { dates: 'all-time', now: NOW });
    expect(all.total).toMatchObject({ num_questions: 13, num_answers: 8, num_upvotes: 7, num_downvotes: 6, question_views: 41, time_on_site_seconds: 8160 });
  });
});

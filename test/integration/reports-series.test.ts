// Time series on both engines: daily, weekly and monthly buckets, zero-filled, active users.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src-main/core/db/types';
import { reportSeries } from '../../src-main/core/reports';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { buildReportFixture, FIXTURE_DAILY, membersOf, NOW, type ReportFixture } from '../helpers/report-fixture';

/** Oracle: sums and distinct users of the fixture's daily rows between two days. */
function bucket(users: string[] | null, start: string, end: string) {
  const rows = FIXTURE_DAILY.filter((r) => r.date >= start && r.date <= end && (!users || users.includes(r.user)));
  const sum = (k: 'q' | 'a' | 'up' | 'down' | 'views' | 'tos') => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
  return {
    num_questions: sum('q'),
    num_answers: sum('a'),
    num_upvotes: sum('up'),
    num_downvotes: sum('down'),
    question_views: sum('views'),
    time_on_site_seconds: sum('tos'),
    active_users: new Set(rows.map((r) => r.user)).size,
  };
}

describeEachEngine('Series', (engine) => {
  let db: Db;
  let f: ReportFixture;
  beforeAll(async () => {
    ({ db } = await freshAskbotDb(engine));
    f = await buildReportFixture(db);
  });
  afterAll(async () => db.close());

  it('daily points, zero-filled, for short ranges (hand-computed)', async () => {
    const r = await reportSeries(db, f.settings, { dates: 'last-7-days', now: NOW, metrics: 'num_questions,active_users,time_on_site_seconds' });
    expect(r.granularity).toBe('day');
    expect(r.metrics).toEqual(['num_questions', 'active_users', 'time_on_site_seconds']);
    expect(r.points).toEqual([
      { date: '2026-03-09', end: '2026-03-09', num_questions: 2, active_users: 1, time_on_site_seconds: 0 },
      ...['10', '11', '12', '13', '14'].map((d) => ({ date: `2026-03-${d}`, end: `2026-03-${d}`, num_questions: 0, active_users: 0, time_on_site_seconds: 0 })),
      { date: '2026-03-15', end: '2026-03-15', num_questions: 1, active_users: 2, time_on_site_seconds: 720 },
    ]);
  });

  it('weekly points up to a year and monthly beyond, matching the oracle per bucket', async () => {
    for (const [dates, granularity, count] of [
      ['last-6-months', 'week', 26],
      ['this-year', 'day', 74],
      ['all-time', 'month', 15],
      ['last-year', 'week', 53],
    ] as const) {
      const r = await reportSeries(db, f.settings, { dates, now: NOW });
      expect([r.granularity, r.points.length], dates).toEqual([granularity, count]);
      for (const p of r.points) {
        const { date, end, ...values } = p;
        expect(values, `${dates} ${date}`).toEqual(bucket(null, date, end as string));
      }
      expect(r.points[0]!.date).toBe(r.range.start);
      expect(r.points.at(-1)!.end).toBe(r.range.end);
    }
    const months = await reportSeries(db, f.settings, { dates: 'all-time', now: NOW, metrics: ['question_views'] });
    expect(months.points.slice(7, 9)).toEqual([
      { date: '2025-08-01', end: '2025-08-31', question_views: 7 },
      { date: '2025-09-01', end: '2025-09-30', question_views: 1 },
    ]);
  });

  it('for a segment, a group or a user', async () => {
    const partners = await reportSeries(db, f.settings, { segment: 'partners', dates: 'this-month', now: NOW });
    for (const p of partners.points) expect(p).toMatchObject(bucket(membersOf('Partners'), p.date, p.end));
    expect(partners.points[0]).toMatchObject({ date: '2026-03-01', num_downvotes: 3, time_on_site_seconds: 3600, active_users: 1 });
    const acme = await reportSeries(db, f.settings, {
      segment: `group:${f.groups.Acme}`,
      dates: '2026-03-08..2026-03-15',
      now: NOW,
      metrics: 'active_users,question_views',
    });
    expect(acme.points.map((p) => [p.active_users, p.question_views])).toEqual([
      [1, 5],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 3],
    ]);
    const gus = await reportSeries(db, f.settings, { segment: `user:${f.users.gus}`, dates: 'last-year', now: NOW, metrics: 'question_views' });
    expect(gus.points.reduce((s, p) => s + Number(p.question_views), 0)).toBe(8);
  });

  it('rejects unknown metrics and segments', async () => {
    await expect(reportSeries(db, f.settings, { metrics: 'num_questions,bogus' })).rejects.toThrow(/unknown metric "bogus"/);
    await expect(reportSeries(db, f.settings, { metrics: ' , ' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(reportSeries(db, f.settings, { segment: 'nope' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

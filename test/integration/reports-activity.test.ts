// The Activity log on both engines: every activity segment, content and users filter, date
// boundaries, keyset pages across equal timestamps, cursor validation, the export iterator.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src-main/core/db/types';
import { EVENT } from '../../src-main/core/forum/analytics';
import { ACTIVITY_SEGMENT_KEYS, iterateActivity, reportActivity, type ActivityRow } from '../../src-main/core/reports';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { buildReportFixture, FIXTURE_EVENTS, membersOf, NOW, oracleEvents, restUsers, type ObjectRef, type ReportFixture } from '../helpers/report-fixture';

// The spec's mapping of activity segments to Askbot event types (DESIGN.md §8, SCHEMA.md §3.13), written out by hand.
const SEGMENT_TYPES: Record<string, number[] | null> = {
  'all-activity': null,
  registered: [1],
  'logged-in': [2],
  'logged-out': [3],
  'question-viewed': [4],
  'answer-viewed': [5],
  'content-voted': [6, 7],
  'content-upvoted': [6],
  'content-downvoted': [7],
  'question-posted': [9],
  'answer-posted': [10],
  'question-commented': [11],
  'answer-commented': [12],
  'content-commented': [11, 12],
  'question-retagged': [13],
  'any-content-posted': [9, 10, 11, 12],
};
const WIDE = '2026-01-01..2026-03-15';
const WIDE_FROM = '2026-01-01T00:00:00Z';
const WIDE_TO = '2026-03-16T00:00:00Z';

describeEachEngine('Activity log', (engine) => {
  let db: Db;
  let f: ReportFixture;
  const ids = (idx: number[]) => idx.map((i) => f.events[i]!);
  const rowIds = (rows: ActivityRow[]) => rows.map((r) => r.id);
  beforeAll(async () => {
    ({ db } = await freshAskbotDb(engine));
    f = await buildReportFixture(db);
  });
  afterAll(async () => db.close());

  it('filters by each of the sixteen activity segments', async () => {
    expect([...ACTIVITY_SEGMENT_KEYS].sort()).toEqual(Object.keys(SEGMENT_TYPES).sort());
    for (const [activity, types] of Object.entries(SEGMENT_TYPES)) {
      const r = await reportActivity(db, f.settings, { activity, dates: WIDE, now: NOW, limit: 100 });
      const want = ids(oracleEvents({ types, from: WIDE_FROM, to: WIDE_TO }));
      expect(rowIds(r.rows), activity).toEqual(want);
      expect(r.total, activity).toBe(want.length);
    }
    // By hand: both retag shapes (thread and question post), three votes, six posts, no cancelled vote in content-voted.
    const count = async (activity: string) => (await reportActivity(db, f.settings, { activity, dates: WIDE, now: NOW })).total;
    expect(await count('question-retagged')).toBe(2);
    expect(await count('content-voted')).toBe(3);
    expect(await count('any-content-posted')).toBe(6);
    expect(await count('logged-in')).toBe(2);
    expect(await count('all-activity')).toBe(19);
  });

  it('describes each row: time, user, organization(s), event label and object', async () => {
    const r = await reportActivity(db, f.settings, { dates: WIDE, now: NOW, limit: 100 });
    const byIdx = (i: number) => r.rows.find((x) => x.id === f.events[i])!;
    expect(byIdx(0)).toEqual({
      id: f.events[0],
      timestamp: '2026-03-15T23:30:00Z',
      event_type: 1,
      event: 'Registered',
      user: { id: f.users.dan, username: 'dan' },
      organization: 'Acme',
      organizations: [{ id: f.groups.Acme, name: 'Acme' }],
      object: { type: 'user', id: f.users.dan, post_type: null, title: 'dan', thread_id: null },
    });
    // cat is in two organizations; ann only in named segments (no organization).
    expect(byIdx(6)).toMatchObject({
      event: 'Downvoted',
      organization: 'Acme, Beta_Corp',
      object: { type: 'post', id: f.posts.A1, post_type: 'answer', thread_id: f.threads.T1 },
    });
    expect(byIdx(6)!.organizations).toEqual([
      { id: f.groups.Acme, name: 'Acme' },
      { id: f.groups.Beta_Corp, name: 'Beta_Corp' },
    ]);
    expect(byIdx(6).object.title).toBe('Run the compile command every hour from cron, and look at the summaries afterwa…');
    expect(byIdx(8)).toMatchObject({ event: 'Asked question', organization: null, object: { post_type: 'question', title: 'Compiling analytics' } });
    expect(byIdx(11).object).toEqual({ type: 'post', id: f.posts.C1, post_type: 'comment', title: 'Which version?', thread_id: f.threads.T1 });
    expect(byIdx(13).object).toEqual({ type: 'thread', id: f.threads.T1, post_type: null, title: 'Compiling analytics', thread_id: f.threads.T1 });
    expect(byIdx(7).event).toBe('Canceled vote');
    expect(byIdx(15)).toMatchObject({ timestamp: '2026-02-28T23:59:59.999999Z', event: 'Searched', organization: null });
  });

  it('content: a thread with all its posts, or one post', async () => {
    const t1 = await reportActivity(db, f.settings, { content: `thread:${f.threads.T1}`, dates: WIDE, now: NOW, limit: 100 });
    const t1Objects: ObjectRef[] = [...['Q1', 'A1', 'A2', 'C1', 'C2'].map((name): ObjectRef => ({ kind: 'post', name })), { kind: 'thread', name: 'T1' }];
    expect(rowIds(t1.rows)).toEqual(ids(oracleEvents({ objects: t1Objects, from: WIDE_FROM, to: WIDE_TO })));
    expect(t1.total).toBe(12);
    const a1 = await reportActivity(db, f.settings, { content: `post:${f.posts.A1}`, dates: WIDE, now: NOW });
    expect(a1.rows.map((x) => x.event)).toEqual(['Viewed answer', 'Canceled vote', 'Downvoted', 'Answered question']);
    const t2 = await reportActivity(db, f.settings, { content: `thread:${f.threads.T2}`, activity: 'content-upvoted', dates: WIDE, now: NOW });
    expect(t2.rows.map((x) => [x.user?.username, x.object.title])).toEqual([['cat', 'Second thread']]); // a question's title is its thread's
    expect(t2.rows[0]!.object).toMatchObject({ post_type: 'question', id: f.posts.Q2 });
    expect(t2.breadcrumbs).toEqual([
      { filter: 'users', key: 'all-users', label: 'All Users' },
      { filter: 'activity', key: 'content-upvoted', label: 'Content upvoted' },
      { filter: 'content', key: `thread:${f.threads.T2}`, label: 'Second thread' },
      { filter: 'dates', key: WIDE, label: '2026-01-01 – 2026-03-15' },
    ]);
  });

  it('users: named segment, default segment, group, user', async () => {
    const check = async (users: string, names: string[]) => {
      const r = await reportActivity(db, f.settings, { users, dates: WIDE, now: NOW, limit: 100 });
      expect(rowIds(r.rows), users).toEqual(ids(oracleEvents({ users: names, from: WIDE_FROM, to: WIDE_TO })));
      return r;
    };
    expect((await check('staff', membersOf('Staff'))).total).toBe(6);
    await check('partners', membersOf('Partners'));
    await check('rest', restUsers());
    await check(`group:${f.groups.Acme}`, membersOf('Acme'));
    const bob = await check(`user:${f.users.bob}`, ['bob']);
    expect(bob.breadcrumbs[0]).toEqual({ filter: 'users', key: `user:${f.users.bob}`, label: 'bob' });
    await check('all-users', ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus']);
    const combined = await reportActivity(db, f.settings, {
      users: 'rest',
      activity: 'content-voted',
      content: `thread:${f.threads.T1}`,
      dates: WIDE,
      now: NOW,
    });
    expect(combined.rows.map((x) => [x.user?.username, x.event])).toEqual([['cat', 'Downvoted']]);
  });

  it('date presets include their boundary instants and nothing beyond', async () => {
    const last7 = await reportActivity(db, f.settings, { dates: 'last-7-days', now: NOW, limit: 100 });
    expect(rowIds(last7.rows)).toEqual(ids(oracleEvents({ from: '2026-03-09T00:00:00Z', to: '2026-03-16T00:00:00Z' })));
    expect(last7.rows.at(-1)!.timestamp).toBe('2026-03-09T00:00:00Z'); // bob's answer; cat's vote at 03-08 23:59:59 is out
    const lastMonth = await reportActivity(db, f.settings, { dates: 'last-month', now: NOW, limit: 100 });
    expect(lastMonth.rows.map((x) => x.timestamp)).toEqual(['2026-02-28T23:59:59.999999Z', '2026-02-14T00:00:00Z', '2026-02-01T00:00:00Z']);
    const thisMonth = await reportActivity(db, f.settings, { dates: 'this-month', now: NOW, limit: 100 });
    expect(thisMonth.rows.at(-1)!.timestamp).toBe('2026-03-01T00:00:00Z');
    expect(thisMonth.total).toBe(16); // all but the three events of February
    const lastYear = await reportActivity(db, f.settings, { dates: 'last-year', now: NOW });
    expect([lastYear.rows, lastYear.total, lastYear.next]).toEqual([[], 0, null]);
  });

  it('keyset pages across equal timestamps cover every event once, in order', async () => {
    const want = ids(oracleEvents({ from: WIDE_FROM, to: WIDE_TO }));
    for (const limit of [1, 2, 3, 7]) {
      const got: number[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const r = await reportActivity(db, f.settings, { dates: WIDE, now: NOW, limit, after });
        expect(r.total).toBe(after ? null : want.length);
        got.push(...rowIds(r.rows));
        after = r.next ?? undefined;
        pages++;
      } while (after);
      expect(got, `limit ${limit}`).toEqual(want);
      expect(pages).toBe(Math.ceil(want.length / limit));
    }
    // The three events at 2026-03-14 12:00:00 split across pages of two: ties break by id, newest id first.
    const p1 = await reportActivity(db, f.settings, { dates: '2026-03-14..2026-03-14', now: NOW, limit: 2 });
    expect(rowIds(p1.rows)).toEqual([f.events[5], f.events[4]]);
    const p2 = await reportActivity(db, f.settings, { dates: '2026-03-14..2026-03-14', now: NOW, limit: 2, after: p1.next! });
    expect([rowIds(p2.rows), p2.next]).toEqual([[f.events[3]], null]);
  });

  it('rejects invalid cursors, cursors of other filters, bad limits and unknown segments', async () => {
    const p1 = await reportActivity(db, f.settings, { dates: WIDE, now: NOW, limit: 2 });
    const forged = Buffer.from(JSON.stringify({ v: 1, t: 'x', i: 1, f: 'abc' })).toString('base64url');
    for (const after of ['garbage!', 'e30', forged, p1.next!.slice(0, -3)]) {
      await expect(reportActivity(db, f.settings, { dates: WIDE, now: NOW, after })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(reportActivity(db, f.settings, { dates: WIDE, now: NOW, after: p1.next!, users: 'staff' })).rejects.toThrow(/other filters/);
    await expect(reportActivity(db, f.settings, { limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(reportActivity(db, f.settings, { limit: 1001 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(reportActivity(db, f.settings, { activity: 'upvoted' })).rejects.toThrow(
      /unknown activity segment "upvoted": expected one of all-activity, registered/,
    );
    await expect(reportActivity(db, f.settings, { content: 'question:1' })).rejects.toThrow(/all-content, thread:N or post:N/);
    await expect(reportActivity(db, f.settings, { content: 'thread:99999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reportActivity(db, f.settings, { users: 'user:99999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('iterates every matching row in bounded batches for exports', async () => {
    const batches: ActivityRow[][] = [];
    for await (const b of iterateActivity(db, f.settings, { dates: WIDE, now: NOW }, 4)) batches.push(b);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 4, 4, 3]);
    expect(batches.flat().map((r) => r.id)).toEqual(ids(oracleEvents({ from: WIDE_FROM, to: WIDE_TO })));
    const none: ActivityRow[][] = [];
    for await (const b of iterateActivity(db, f.settings, { dates: 'last-year', now: NOW })) none.push(b);
    expect(none).toEqual([]);
    expect(FIXTURE_EVENTS.filter((e) => e.type === EVENT.SEARCHED)).toHaveLength(1);
  });
});

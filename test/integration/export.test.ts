// Exports (issue 7, DESIGN.md §9) on both engines: each format parsed back equals the report it came
// from (every page of a Users level, every event of the Activity log across many batches), special
// characters survive, formula-leading text is escaped, cancel and failures leave no file.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../src-main/core/db/batch';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { EVENT, insertEvents, insertSessions } from '../../src-main/core/forum/analytics';
import { insertThreads } from '../../src-main/core/forum/posts';
import { insertGroups, insertUsers, joinGroups } from '../../src-main/core/forum/users';
import { exportActivity, exportAll, exportUsers, suggestedFileName, type ExportFormat } from '../../src-main/core/export';
import { iterateActivity, reportUsers, type ActivityRow, type UsersQuery, type UsersReport, type UsersRow } from '../../src-main/core/reports';
import { parseSettings, type AnalyticsSettings } from '../../src-main/core/settings';
import { OVERVIEW_FIGURES } from '../../src-main/core/types/reports';
import { parseInstant } from '../../src-main/core/time/instant';
import { cli } from '../helpers/cli';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { NOW, buildReportFixture, type ReportFixture } from '../helpers/report-fixture';
import { parseCsv, readBook, sheetRows } from '../helpers/read-export';

// ---- Readers: the HTML tables (CSV and workbooks: helpers/read-export.ts). ----

const unescapeHtml = (s: string) =>
  s.replace(/<br>/g, '\n').replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

interface HtmlTable {
  headers: string[];
  body: string[][];
  foot: string[][];
}

function htmlTables(html: string): HtmlTable[] {
  const cells = (row: string, tag: string) => [...row.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => unescapeHtml(m[1]!));
  const rows = (part: string | undefined) => [...(part ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1]!, 'td'));
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => {
    const t = m[1]!;
    return {
      headers: cells(/<thead>([\s\S]*?)<\/thead>/.exec(t)![1]!, 'th'),
      body: rows(/<tbody>([\s\S]*?)<\/tbody>/.exec(t)?.[1]),
      foot: rows(/<tfoot>([\s\S]*?)<\/tfoot>/.exec(t)?.[1]),
    };
  });
}

const excelDays = (d: Date) => (d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;

// ---- Expected values, from the reports themselves. ----

const esc = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
const hms = (s: number) => `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

async function allPages(db: Db, settings: AnalyticsSettings, q: UsersQuery): Promise<{ first: UsersReport; rows: UsersRow[] }> {
  const first = await reportUsers(db, settings, { ...q, page: 1 });
  const rows = [...first.rows];
  for (let page = 2; page <= first.pages; page++) rows.push(...(await reportUsers(db, settings, { ...q, page })).rows);
  return { first, rows };
}

/** A users row as text cells, as CSV and HTML show it. */
function usersText(r: UsersRow): string[] {
  const n = (v: number | null) => (v === null ? '' : String(v));
  return [
    esc(r.name),
    r.key,
    n(r.num_users),
    n(r.num_users_added),
    n(r.num_questions),
    n(r.num_answers),
    n(r.num_upvotes),
    n(r.num_downvotes),
    n(r.question_views),
    n(r.time_on_site_seconds),
    hms(r.time_on_site_seconds!),
  ];
}

/** A users row as XLSX values: numbers, the duration as a fraction of a day, null for no value. */
function usersXlsx(r: UsersRow): unknown[] {
  return [
    esc(r.name),
    r.key,
    r.num_users ?? undefined,
    r.num_users_added ?? undefined,
    r.num_questions,
    r.num_answers,
    r.num_upvotes,
    r.num_downvotes,
    r.question_views,
    r.time_on_site_seconds,
    r.time_on_site_seconds! / 86400,
  ];
}

function activityText(r: ActivityRow): string[] {
  const s = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return [
    r.timestamp,
    s(r.id),
    s(r.event_type),
    esc(r.event),
    s(r.user?.id),
    esc(s(r.user?.username)),
    esc(s(r.organization)),
    s(r.object.type),
    s(r.object.id),
    s(r.object.post_type),
    esc(s(r.object.title)),
    s(r.object.thread_id),
  ];
}

/** xlsx cells back as the text cells above (dates as ISO, numbers as text). */
function xlsxAsText(values: unknown[], width: number): string[] {
  return Array.from({ length: width }, (_, i) => {
    const v = values[i];
    if (v === undefined || v === null) return '';
    if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
    return String(v);
  });
}

// ---- Data with awkward text on top of the report fixture. ----

const SPECIAL_ORG = 'Spécial, "Quoted" Org';
const SPECIAL_USERS = ['=cmd|calc', '+plus', '-minus', '@at', 'Иван "Ваня", Петров', 'line\nbreak', '\ttabbed', '中文用户'];
const BULK = Array.from({ length: 22 }, (_, i) => `bulk${String(i + 1).padStart(2, '0')}`);
const SPECIAL_TITLE = '=SUM(1,2) "quoted"\nnext line, Ünïcödé';
const EVENTS_EXTRA = 37;

async function addSpecialData(db: Db): Promise<{ orgId: number }> {
  return db.transaction(async (tx) => {
    const d = tx.dialect;
    const names = [...SPECIAL_USERS, ...BULK];
    const ids = await insertUsers(
      tx,
      names.map((n, i) => ({ username: n, email: `u${i}@special.example`, dateJoined: parseInstant('2026-03-02T10:00:00Z') })),
    );
    const [orgId] = await insertGroups(tx, [{ name: SPECIAL_ORG, usedForAnalytics: true }]);
    await joinGroups(
      tx,
      ids.map((id) => [id, orgId!] as const),
    );
    await insertRows(
      tx,
      'askbot_dailyusersummary',
      ['num_questions', 'num_answers', 'num_upvotes', 'num_downvotes', 'question_views', 'time_on_site', 'date', 'user_id', 'summarized'],
      ids.map((id, i) => [i % 3, i % 2, 1, 0, i, d.durationParam((3600 * 25 + i * 61) * 1_000_000), d.dateParam('2026-03-05'), id, d.bool(true)]),
    );
    const t0 = parseInstant('2026-03-03T00:00:00Z');
    const [threadId] = await insertThreads(tx, [{ title: SPECIAL_TITLE, tagnames: 'x', addedAt: t0, lastActivityAt: t0, lastActivityById: ids[0]! }]);
    const threadCt = await ensureContentTypeId(tx, 'askbot', 'thread');
    const userCt = await ensureContentTypeId(tx, 'auth', 'user');
    // Many events on one day, so that a small batch size needs many batches.
    const at = (i: number) => parseInstant('2026-03-04T00:00:00Z') + i * 60_000_000;
    const sessions = await insertSessions(
      tx,
      Array.from({ length: EVENTS_EXTRA }, (_, i) => ({ userId: ids[i % names.length]!, createdAt: at(i), updatedAt: at(i) })),
    );
    await insertEvents(
      tx,
      sessions.map((s, i) => ({
        sessionId: s,
        eventType: i % 2 ? EVENT.RETAGGED : EVENT.LOGGED_IN,
        timestamp: at(i),
        contentTypeId: i % 2 ? threadCt : userCt,
        objectId: i % 2 ? Number(threadId) : ids[i % names.length]!,
      })),
    );
    return { orgId: orgId! };
  });
}

describe('suggestedFileName', () => {
  it('says what and when, in safe characters only', () => {
    const range = { start: '2026-11-01', end: '2026-11-24' };
    expect(suggestedFileName('users', { segmentName: 'Acme', range, format: 'xlsx' })).toBe('users-acme-2026-11-01..2026-11-24.xlsx');
    expect(suggestedFileName('users', { segmentName: 'Spécial, "Quoted" Org/../x', range, format: 'csv' })).toBe(
      'users-special-quoted-org-x-2026-11-01..2026-11-24.csv',
    );
    expect(suggestedFileName('activity', { segmentName: 'Иван', range, format: 'html' })).toBe('activity-2026-11-01..2026-11-24.html');
    expect(suggestedFileName('all', { range, format: 'xlsx' })).toBe('all-2026-11-01..2026-11-24.xlsx');
  });
});

describeEachEngine('exports', (engine) => {
  let db: Db;
  let url: string;
  let f: ReportFixture;
  let orgId: number;
  let dir: string;
  let n = 0;
  const out = (ext: string) => join(dir, `out${++n}.${ext}`);
  beforeAll(async () => {
    ({ db, url } = await freshAskbotDb(engine));
    f = await buildReportFixture(db);
    ({ orgId } = await addSpecialData(db));
    dir = mkdtempSync(join(tmpdir(), 'aac-export-'));
  });
  afterAll(async () => db.close());

  const usersQ = (): UsersQuery => ({ segment: `group:${orgId}`, dates: 'this-month', sort: 'question_views', order: 'desc', now: NOW });

  it('CSV of a Users level holds every page and the total, RFC 4180 with a BOM and CRLF', async () => {
    const q = usersQ();
    const { first, rows } = await allPages(db, f.settings, q);
    expect(first.pages).toBe(2);
    const file = out('csv');
    const progress: number[] = [];
    // Read in pages of 20, as the view shows them, so the export crosses a page boundary.
    const r = await exportUsers(db, f.settings, { ...q, format: 'csv', out: file, pageSize: 20, onProgress: (p) => progress.push(p.done) });
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(
      text
        .replace(/"[^"]*"/g, '')
        .split('\n')
        .slice(0, -1)
        .every((l) => l.endsWith('\r')),
    ).toBe(true);
    const records = parseCsv(text.slice(1));
    expect(records[0]).toEqual([
      'User',
      'Key',
      'Users',
      'Users added',
      'Questions',
      'Answers',
      'Upvotes',
      'Downvotes',
      'Question views',
      'Time on site (s)',
      'Time on site',
    ]);
    expect(records.slice(1)).toEqual([...rows.map(usersText), usersText({ ...first.total, name: 'Total' })]);
    expect(r).toMatchObject({ file, format: 'csv', rows: rows.length, bytes: Buffer.byteLength(text) });
    expect(r.suggestedName).toBe(`users-special-quoted-org-${first.range.start}..${first.range.end}.csv`);
    expect(progress).toEqual([20, rows.length]);
    // Formula-leading names are escaped; the others (quotes, commas, newlines, Cyrillic, CJK) survive as they are.
    const names = records.slice(1, -1).map((x) => x[0]);
    expect(names).toEqual(expect.arrayContaining(["'=cmd|calc", "'+plus", "'-minus", "'@at", "'\ttabbed", 'Иван "Ваня", Петров', 'line\nbreak', '中文用户']));
    expect(text).toContain('"Иван ""Ваня"", Петров"');
  });

  it('XLSX of a Users level: typed cells, duration cells, frozen header, auto-filter, About sheet', async () => {
    const q = usersQ();
    const { first, rows } = await allPages(db, f.settings, q);
    const file = out('xlsx');
    await exportUsers(db, f.settings, { ...q, format: 'xlsx', out: file });
    const book = await readBook(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Users', 'About']);
    const sheet = book.getWorksheet('Users')!;
    const got = sheetRows(sheet);
    const want = [...rows.map(usersXlsx), usersXlsx({ ...first.total, name: 'Total' })];
    expect(got.length).toBe(want.length);
    got.forEach((row, i) => {
      const w = want[i]!;
      expect(row.slice(0, 10)).toEqual(w.slice(0, 10));
      // exceljs reads a [h]:mm:ss cell back as a Date from Excel's epoch (1899-12-30).
      expect(row[10]).toBeInstanceOf(Date);
      expect(excelDays(row[10] as Date)).toBeCloseTo(w[10] as number, 9);
    });
    expect(typeof got[0]![4]).toBe('number');
    expect(sheet.getCell('K2').numFmt).toBe('[h]:mm:ss');
    expect(sheet.getCell('J2').numFmt).toBe('0');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:K1');
    expect(sheet.getRow(got.length + 1).font?.bold).toBe(true);
    const about = new Map(sheetRows(book.getWorksheet('About')!).map((r) => [String(r[0]), String(r[1])]));
    expect(about.get('Range')).toBe(`${first.range.start} .. ${first.range.end} (this-month), today is partial`);
    expect(about.get('Segment')).toBe(`group:${orgId}`);
    expect(about.get('Sort')).toBe('question_views desc');
    expect(about.get('Rows')).toBe(String(rows.length));
    expect(about.get('ASKBOT_ANALYTICS_NAMED_SEGMENTS')).toContain('Staff (staff');
    expect(about.get('Generated at')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('HTML of a Users level: self-contained, the table equals the report, a chart, range and filters', async () => {
    const q = usersQ();
    const { first, rows } = await allPages(db, f.settings, q);
    const file = out('html');
    await exportUsers(db, f.settings, { ...q, format: 'html', out: file });
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|url\(|https?:/i);
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('@media print');
    expect(html).toContain(`${first.range.start} .. ${first.range.end}`);
    const [t, ...more] = htmlTables(html);
    expect(more).toEqual([]);
    expect(t!.headers[0]).toBe('User');
    // HTML is not a spreadsheet: no formula escaping there.
    expect(t!.body).toEqual(rows.map((r) => [r.name, ...usersText(r).slice(1)]));
    expect(t!.foot).toEqual([['Total', ...usersText(first.total).slice(1)]]);
  });

  it('the segments level and the organizations level export with their totals', async () => {
    for (const segment of [undefined, 'rest']) {
      const q: UsersQuery = { segment, dates: 'last-30-days', now: NOW };
      const { first, rows } = await allPages(db, f.settings, q);
      const file = out('csv');
      await exportUsers(db, f.settings, { ...q, format: 'csv', out: file, bom: false });
      const records = parseCsv(readFileSync(file, 'utf8'));
      expect(records[0]![0]).toBe(segment ? 'Organization' : 'Segment');
      expect(records.slice(1)).toEqual([...rows.map(usersText), usersText({ ...first.total, name: 'Total' })]);
    }
  });

  async function allEvents(filters: Record<string, string | undefined>): Promise<ActivityRow[]> {
    const rows: ActivityRow[] = [];
    for await (const b of iterateActivity(db, f.settings, { ...filters, now: NOW }, 1000)) rows.push(...b);
    return rows;
  }

  for (const format of ['csv', 'xlsx', 'html'] as ExportFormat[]) {
    it(`Activity ${format}: every event across many batches, newest first, special text intact`, async () => {
      const filters = { dates: 'last-30-days' };
      const want = await allEvents(filters);
      expect(want.length).toBeGreaterThan(EVENTS_EXTRA);
      const file = out(format);
      const progress: Array<{ done: number; total: number }> = [];
      const r = await exportActivity(db, f.settings, { ...filters, now: NOW, format, out: file, batchSize: 4, onProgress: (p) => progress.push(p) });
      expect(r.rows).toBe(want.length);
      expect(progress.length).toBeGreaterThan(10);
      expect(progress[progress.length - 1]).toEqual({ step: 'activity', done: want.length, total: want.length } as never);
      let got: string[][];
      if (format === 'csv') got = parseCsv(readFileSync(file, 'utf8').slice(1)).slice(1);
      else if (format === 'xlsx') {
        const book = await readBook(file);
        expect(book.worksheets.map((s) => s.name)).toEqual(['Activity', 'About']);
        const sheet = book.getWorksheet('Activity')!;
        expect(sheet.getCell('A2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
        got = sheetRows(sheet).map((x) => xlsxAsText(x, 12));
      } else {
        const html = readFileSync(file, 'utf8');
        expect(html).not.toMatch(/<script|\bsrc=|\bhref=|url\(|https?:/i);
        expect(html).toContain('Matching events: total ' + want.length.toLocaleString('en-US'));
        got = htmlTables(html)[0]!.body;
      }
      // Excel keeps milliseconds: the XLSX time cells drop the microseconds (the event id stays exact).
      const toMs = (iso: string) => new Date(iso).toISOString().replace('.000Z', 'Z');
      const expected = want.map((w) => (format === 'xlsx' ? [toMs(w.timestamp), ...activityText(w).slice(1)] : activityText(w)));
      // HTML shows text as it is (no formula escaping).
      expect(got).toEqual(
        format === 'html' ? want.map((w) => activityText(w).map((c, i) => ([3, 5, 6, 10].includes(i) ? c.replace(/^'(?=[=+\-@\t\r])/, '') : c))) : expected,
      );
      const titles = got.map((x) => x[10]);
      expect(titles).toContain(format === 'html' ? SPECIAL_TITLE : `'${SPECIAL_TITLE}`);
    });
  }

  it('Activity XLSX longer than a sheet continues on the next sheets', async () => {
    const want = await allEvents({ dates: 'last-30-days' });
    const file = out('xlsx');
    await exportActivity(db, f.settings, { dates: 'last-30-days', now: NOW, format: 'xlsx', out: file, batchSize: 7, xlsxMaxRows: 20 });
    const book = await readBook(file);
    const parts = Math.ceil(want.length / 20);
    expect(book.worksheets.map((s) => s.name)).toEqual([...Array.from({ length: parts }, (_, i) => (i ? `Activity (${i + 1})` : 'Activity')), 'About']);
    const got = book.worksheets.slice(0, -1).flatMap((s) => sheetRows(s).map((x) => Number(x[1])));
    expect(got).toEqual(want.map((w) => w.id));
    expect(book.worksheets[1]!.getCell('A1').value).toBe('Time (UTC)');
  });

  it('Activity filters narrow the export like the report', async () => {
    const filters = { users: `group:${orgId}`, activity: 'question-retagged', dates: 'this-month' };
    const want = await allEvents(filters);
    expect(want.length).toBe(Math.floor(EVENTS_EXTRA / 2));
    const file = out('csv');
    const r = await exportActivity(db, f.settings, { ...filters, now: NOW, format: 'csv', out: file });
    expect(parseCsv(readFileSync(file, 'utf8').slice(1)).slice(1)).toEqual(want.map(activityText));
    expect(r.suggestedName).toBe(`activity-special-quoted-org-question-retagged-2026-03-01..2026-03-15.csv`);
  });

  it('cancel and failure leave no file; an existing file is refused unless overwrite', async () => {
    const sub = mkdtempSync(join(dir, 'cancel-'));
    for (const format of ['csv', 'xlsx', 'html'] as ExportFormat[]) {
      const ac = new AbortController();
      const p = exportActivity(db, f.settings, {
        dates: 'last-30-days',
        now: NOW,
        format,
        out: join(sub, `x.${format}`),
        batchSize: 3,
        signal: ac.signal,
        onProgress: (x) => x.done >= 6 && ac.abort(),
      });
      await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    }
    await expect(exportUsers(db, f.settings, { segment: 'no-such-segment', format: 'xlsx', out: join(sub, 'bad.xlsx') })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(readdirSync(sub)).toEqual([]);
    const existing = join(sub, 'existing.csv');
    writeFileSync(existing, 'keep');
    await expect(exportUsers(db, f.settings, { format: 'csv', out: existing, now: NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(readFileSync(existing, 'utf8')).toBe('keep');
    await exportUsers(db, f.settings, { format: 'csv', out: existing, now: NOW, overwrite: true });
    expect(readFileSync(existing, 'utf8')).toContain('Segment,Key');
    expect(readdirSync(sub)).toEqual(['existing.csv']);
  });

  it('Export all: one workbook and one HTML report with the three levels', async () => {
    const dates = 'last-30-days';
    const seg = await allPages(db, f.settings, { dates, now: NOW });
    const org = await allPages(db, f.settings, { dates, segment: 'rest', now: NOW });
    const all = await allPages(db, f.settings, { dates, segment: 'all-users', now: NOW });
    expect(all.first.pages).toBeGreaterThan(1);
    const file = out('xlsx');
    const r = await exportAll(db, f.settings, { dates, now: NOW, format: 'xlsx', out: file });
    expect(r.rows).toBe(OVERVIEW_FIGURES.length + seg.rows.length + org.rows.length + all.rows.length);
    expect(r.suggestedName).toBe(`all-${seg.first.range.start}..${seg.first.range.end}.xlsx`);
    const book = await readBook(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Overview', 'Segments', 'Organizations', 'Users', 'About']);
    for (const [name, lvl] of [
      ['Segments', seg],
      ['Organizations', org],
      ['Users', all],
    ] as const) {
      const got = sheetRows(book.getWorksheet(name)!).map((x) => x.slice(0, 10));
      expect(got).toEqual([...lvl.rows.map(usersXlsx), usersXlsx({ ...lvl.first.total, name: 'Total' })].map((x) => x.slice(0, 10)));
    }
    const hfile = out('html');
    await exportAll(db, f.settings, { dates, now: NOW, format: 'html', out: hfile });
    const tables = htmlTables(readFileSync(hfile, 'utf8'));
    expect(tables.map((t) => t.headers[0])).toEqual(['Section', 'Segment', 'Organization', 'User']);
    expect(tables[3]!.body).toEqual(all.rows.map((x) => [x.name, ...usersText(x).slice(1)]));
    await expect(exportAll(db, f.settings, { dates, format: 'csv' as never, out: out('csv') })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('Export all without named segments: organizations, then the users of each organization', async () => {
    const plain = parseSettings({});
    const dates = 'this-month';
    const org = await allPages(db, plain, { dates, segment: 'all', now: NOW });
    expect(org.first.level).toBe('groups');
    const want: unknown[][] = [];
    for (const o of org.rows) {
      for (const u of (await allPages(db, plain, { dates, segment: o.key, now: NOW })).rows) want.push([esc(o.name), ...usersXlsx(u).slice(0, 10)]);
    }
    const file = out('xlsx');
    const r = await exportAll(db, plain, { dates, now: NOW, format: 'xlsx', out: file });
    expect(r.rows).toBe(OVERVIEW_FIGURES.length + org.rows.length + want.length);
    const book = await readBook(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Overview', 'Organizations', 'Users', 'About']);
    expect(sheetRows(book.getWorksheet('Organizations')!).map((x) => x.slice(0, 10))).toEqual(
      [...org.rows.map(usersXlsx), usersXlsx({ ...org.first.total, name: 'Total' })].map((x) => x.slice(0, 10)),
    );
    expect(sheetRows(book.getWorksheet('Users')!).map((x) => x.slice(0, 11))).toEqual(want);
    expect(want.filter((x) => x[0] === SPECIAL_ORG).length).toBe(SPECIAL_USERS.length + BULK.length);
  });

  it('CLI: export users|activity|all, --json summary, refuses to overwrite without --force', async () => {
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: f.settings.ASKBOT_ANALYTICS_NAMED_SEGMENTS }));
    const base = ['--db', url, '--settings', settingsFile, '--now', '2026-03-15T12:00:00Z'];
    const file = out('csv');
    const a = await cli(['export', 'users', ...base, '--segment', `group:${orgId}`, '--dates', 'this-month', '--format', 'csv', '--out', file, '--json']);
    expect(a.code).toBe(0);
    const summary = a.json();
    expect(summary).toEqual({ file, format: 'csv', rows: SPECIAL_USERS.length + BULK.length, bytes: readFileSync(file).length });
    const again = await cli(['export', 'users', ...base, '--format', 'csv', '--out', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(parseCsv(readFileSync(file, 'utf8').slice(1)).length).toBe(SPECIAL_USERS.length + BULK.length + 2);
    const forced = await cli(['export', 'users', ...base, '--format', 'csv', '--out', file, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^wrote .*: 4 rows, \d+ bytes/);
    const act = await cli(['export', 'activity', ...base, '--users', `group:${orgId}`, '--format', 'xlsx', '--out', out('xlsx'), '--json']);
    expect(act.code).toBe(0);
    expect(act.json().rows).toBe(EVENTS_EXTRA);
    const all = await cli(['export', 'all', ...base, '--format', 'html', '--out', out('html'), '--json']);
    expect(all.code).toBe(0);
    const bad = await cli(['export', 'all', ...base, '--format', 'csv', '--out', out('csv')]);
    expect(bad.code).toBe(2);
  });
});

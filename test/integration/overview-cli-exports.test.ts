// Issue 14 on the command line and in the export files, on both engines: `report overview|retention|questions
// --json` print exactly the objects the app receives (the same figures), `--exclude-staff` is the app's
// switch, and the Overview's CSV/XLSX/HTML and the cohorts' files hold the report's own numbers.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src-main/core/db/types';
import { exportAll, exportOverview, exportRetention } from '../../src-main/core/export';
import { reportOverview, reportQuestions, reportRetention } from '../../src-main/core/reports';
import { OVERVIEW_FIGURE_INFO } from '../../src-main/core/reports/overview-figures';
import { OVERVIEW_FIGURES } from '../../src-main/core/types/reports';
import { cli } from '../helpers/cli';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { NOW, buildReportFixture, type ReportFixture } from '../helpers/report-fixture';
import { parseCsv, readBook, sheetRows } from '../helpers/read-export';

describeEachEngine('Overview and retention: CLI and exports', (engine) => {
  let db: Db;
  let url: string;
  let f: ReportFixture;
  let dir: string;
  let settingsFile: string;
  beforeAll(async () => {
    ({ db, url } = await freshAskbotDb(engine));
    f = await buildReportFixture(db);
    dir = mkdtempSync(join(tmpdir(), 'aac-overview-'));
    settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: f.settings.ASKBOT_ANALYTICS_NAMED_SEGMENTS }));
  });
  afterAll(async () => db.close());
  const base = () => ['--db', url, '--settings', settingsFile, '--now', '2026-03-15T12:00:00Z'];
  let n = 0;
  const out = (ext: string) => join(dir, `out${++n}.${ext}`);

  it('report overview|retention|questions --json: the objects the app receives; --exclude-staff is the switch', async () => {
    const overview = await cli(['report', 'overview', ...base(), '--json', '--dates', 'last-30-days']);
    expect(overview.code).toBe(0);
    expect(overview.json()).toEqual(JSON.parse(JSON.stringify(await reportOverview(db, f.settings, { dates: 'last-30-days', now: NOW }))));
    const noStaff = await cli(['report', 'overview', ...base(), '--json', '--exclude-staff', '--segment', `group:${f.groups.Acme}`]);
    expect(noStaff.json()).toEqual(
      JSON.parse(JSON.stringify(await reportOverview(db, { ...f.settings, EXCLUDE_STAFF: true }, { segment: `group:${f.groups.Acme}`, now: NOW }))),
    );
    expect(noStaff.json().excludeStaff).toBe(true);
    const retention = await cli(['report', 'retention', ...base(), '--json', '--dates', 'all-time', '--exclude-staff']);
    expect(retention.json()).toEqual(
      JSON.parse(JSON.stringify(await reportRetention(db, { ...f.settings, EXCLUDE_STAFF: true }, { dates: 'all-time', now: NOW }))),
    );
    const questions = await cli(['report', 'questions', ...base(), '--json', '--dates', 'this-year', '--which', 'asked']);
    expect(questions.json()).toEqual(JSON.parse(JSON.stringify(await reportQuestions(db, f.settings, { dates: 'this-year', which: 'asked', now: NOW }))));
    const bad = await cli(['report', 'retention', ...base(), '--segment', 'user:2147483648']);
    expect(bad.code).toBe(2);
  });

  it('one user left out (blocked, or staff with the switch on) says why; personal groups and stray words are refused', async () => {
    const blocked = await reportOverview(db, f.settings, { segment: `user:${f.users.eve}`, now: NOW });
    expect(blocked.note).toBe('eve is blocked: blocked users are left out of these figures.');
    expect(blocked.figures.active_users.value).toBe(0);
    const staffOut = await reportRetention(db, { ...f.settings, EXCLUDE_STAFF: true }, { segment: `user:${f.users.ann}`, dates: 'all-time', now: NOW });
    expect(staffOut.note).toBe('ann is staff (an administrator, moderator or superuser) and staff are left out (Leave staff out is on).');
    expect((await reportOverview(db, f.settings, { segment: `user:${f.users.ann}`, now: NOW })).note).toBeUndefined();
    expect((await reportOverview(db, f.settings, { now: NOW })).note).toBeUndefined();
    const human = await cli(['report', 'overview', ...base(), '--segment', `user:${f.users.eve}`]);
    expect(human.stdout).toContain('eve is blocked');
    const personal = await cli(['report', 'overview', ...base(), '--segment', `group:${f.groups._personal_7}`]);
    expect(personal.code).toBe(2);
    expect(personal.stderr).toContain('is a personal group');
    const stray = await cli(['report', 'overview', 'extra', ...base()]);
    expect(stray).toMatchObject({ code: 2, stderr: expect.stringContaining('unexpected argument "extra"') });
    expect((await cli(['report', 'retention', ...base(), '--segment', 'user:2147483647'])).code).toBe(1);
  });

  it('human output names the population, the periods and every figure', async () => {
    const r = await cli(['report', 'overview', ...base(), '--exclude-staff']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Overview: All Users (staff left out)');
    expect(r.stdout).toContain('2026-02-14 .. 2026-03-15 (today is partial), previous period 2026-01-15 .. 2026-02-13');
    for (const k of OVERVIEW_FIGURES) expect(r.stdout).toContain(OVERVIEW_FIGURE_INFO[k].label);
    const ret = await cli(['report', 'retention', ...base(), '--dates', 'last-month']);
    expect(ret.stdout).toContain('Retention: All Users');
    expect(ret.stdout).toMatch(/2026-02\s+1\s+100%\s+100%/);
    const q = await cli(['report', 'questions', ...base(), '--dates', 'this-year', '--which', 'asked']);
    expect(q.code).toBe(0);
    expect(q.stdout).toContain('Questions (asked): All Users');
    const users = await cli(['report', 'users', ...base(), '--exclude-staff']);
    expect(users.stdout).toContain('staff left out');
  });

  it('Overview CSV: every figure with its exact numbers, periods, segment and staff on each row', async () => {
    const settings = { ...f.settings, EXCLUDE_STAFF: true };
    const r = await reportOverview(db, settings, { dates: 'last-30-days', now: NOW });
    const file = out('csv');
    const res = await exportOverview(db, settings, { dates: 'last-30-days', now: NOW, format: 'csv', out: file });
    expect(res).toMatchObject({ rows: OVERVIEW_FIGURES.length, format: 'csv', suggestedName: 'overview-no-staff-2026-02-14..2026-03-15.csv' });
    const [head, ...rows] = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    expect(head).toEqual(['Section', 'Figure', 'Key', 'Unit', 'Value', 'Previous', 'Change', 'Change %', 'Range', 'Previous range', 'Segment', 'Staff']);
    expect(rows.map((x) => x[2])).toEqual([...OVERVIEW_FIGURES]);
    const num = (v: number | null) => (v === null ? '' : String(v));
    for (const row of rows) {
      const fig = r.figures[row[2] as (typeof OVERVIEW_FIGURES)[number]];
      // Numbers as numbers: a signed change has no formula-escaping apostrophe.
      expect(row.slice(4, 8)).toEqual([num(fig.value), num(fig.previous), num(fig.change), num(fig.change_pct)]);
      expect(row.slice(8)).toEqual(['2026-02-14..2026-03-15', '2026-01-15..2026-02-13', 'all-users', 'left out']);
    }
    expect(rows.some((x) => x.some((c) => c.startsWith("'")))).toBe(false);
    expect(rows.find((x) => x[2] === 'num_questions')![4]).toBe(String(r.figures.num_questions.value));
  });

  it('Overview XLSX and HTML: the figures, top lists and chart; the About sheet states staff', async () => {
    const r = await reportOverview(db, f.settings, { dates: 'this-year', now: NOW });
    const file = out('xlsx');
    await exportOverview(db, f.settings, { dates: 'this-year', now: NOW, format: 'xlsx', out: file });
    const book = await readBook(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Overview', 'Top askers', 'Top answerers', 'Most viewed', 'Chart', 'About']);
    const figures = sheetRows(book.getWorksheet('Overview')!);
    expect(figures.map((x) => x[2])).toEqual([...OVERVIEW_FIGURES]);
    // Number cells: value, previous, change, change %.
    expect(figures.map((x) => x[4] ?? null)).toEqual(OVERVIEW_FIGURES.map((k) => r.figures[k].value));
    expect(figures.map((x) => x[6] ?? null)).toEqual(OVERVIEW_FIGURES.map((k) => r.figures[k].change));
    expect(sheetRows(book.getWorksheet('Top askers')!)).toEqual(r.top.askers.map((x, i) => [i + 1, x.user.username, `user:${x.user.id}`, x.count]));
    expect(sheetRows(book.getWorksheet('Chart')!)).toHaveLength(r.points.length);
    const about = new Map(sheetRows(book.getWorksheet('About')!).map((x) => [String(x[0]), String(x[1])]));
    expect(about.get('Staff')).toBe('included');
    expect(about.get('Segment')).toBe('All Users (all-users)');
    const html = out('html');
    await exportOverview(db, { ...f.settings, EXCLUDE_STAFF: true }, { dates: 'this-year', now: NOW, format: 'html', out: html });
    const text = readFileSync(html, 'utf8');
    expect(text).toContain('staff left out');
    expect(text).toContain('<svg class="chart"');
    for (const k of OVERVIEW_FIGURES) expect(text).toContain(OVERVIEW_FIGURE_INFO[k].label);
    expect(text).not.toMatch(/<script|https?:/);
  });

  it('retention CSV and XLSX: shares and counts per month after joining, the average last', async () => {
    const r = await reportRetention(db, f.settings, { dates: 'all-time', now: NOW });
    const file = out('csv');
    const res = await exportRetention(db, f.settings, { dates: 'all-time', now: NOW, format: 'csv', out: file });
    expect(res.rows).toBe(r.cohorts.length);
    const [head, ...rows] = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    expect(head!.slice(0, 4)).toEqual(['Joined', 'Members', 'Month 0', 'Month 1']);
    expect(head).toHaveLength(2 + 2 * r.months + 3);
    expect(head!.slice(-3)).toEqual(['Range', 'Segment', 'Staff']);
    const cohort = rows.find((x) => x[0] === '2026-03')!;
    const c = r.cohorts.find((x) => x.month === '2026-03')!;
    expect(cohort.slice(0, 3)).toEqual(['2026-03', String(c.size), String(c.share[0])]);
    expect(cohort[2 + r.months]).toBe(String(c.active[0]));
    expect(rows[rows.length - 1]![0]).toBe('Average');
    expect(rows[0]!.slice(-3)).toEqual(['2025-01-01..2026-03-15', 'all-users', 'included']);
    // With staff left out the file says so (and is not the same file).
    const noStaff = out('csv');
    await exportRetention(db, { ...f.settings, EXCLUDE_STAFF: true }, { dates: 'all-time', now: NOW, format: 'csv', out: noStaff });
    expect(parseCsv(readFileSync(noStaff, 'utf8'))[1]!.at(-1)).toBe('left out');
    const xlsx = out('xlsx');
    await exportRetention(db, f.settings, { dates: 'all-time', now: NOW, format: 'xlsx', out: xlsx });
    const book = await readBook(xlsx);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Retention', 'About']);
    expect(book.getWorksheet('Retention')!.getRow(2).getCell(3).numFmt).toBe('0.0%');
  });

  it('Export all opens with the Overview sheet', async () => {
    const file = out('xlsx');
    await exportAll(db, f.settings, { dates: 'last-30-days', now: NOW, format: 'xlsx', out: file });
    const book = await readBook(file);
    expect(book.worksheets[0]!.name).toBe('Overview');
    const r = await reportOverview(db, f.settings, { dates: 'last-30-days', now: NOW });
    expect(sheetRows(book.getWorksheet('Overview')!).map((x) => x[4] ?? null)).toEqual(OVERVIEW_FIGURES.map((k) => r.figures[k].value));
  });

  it('CLI export overview|retention', async () => {
    const file = out('csv');
    const a = await cli(['export', 'overview', ...base(), '--format', 'csv', '--out', file, '--json', '--exclude-staff']);
    expect(a.code).toBe(0);
    expect(a.json()).toMatchObject({ file, format: 'csv', rows: OVERVIEW_FIGURES.length });
    expect(parseCsv(readFileSync(file, 'utf8'))[1]!.at(-1)).toBe('left out');
    const b = await cli(['export', 'retention', ...base(), '--format', 'html', '--out', out('html'), '--json']);
    expect(b.code).toBe(0);
  });
});

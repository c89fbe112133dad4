// Exports of the Overview and of the retention cohorts (issue 14): the same figures the app shows,
// read through reportOverview / reportRetention. CSV holds one table (the figures; the cohorts), in
// full precision and with who and when on every row, since a CSV has no header to say it; XLSX adds
// the top lists and the chart's points as sheets and an About sheet; HTML adds the chart as SVG.
import type { Db } from '../db/types';
import { reportOverview, reportRetention } from '../reports';
import { changePctText, changeText, figureText, overviewFigureRows } from '../reports/overview-figures';
import type { AnalyticsSettings } from '../settings';
import type { DateRange, OverviewReport, RetentionReport } from '../types/reports';
import type { Cell, Column, TableSpec } from './cells';
import { chartsHtml } from './chart-svg';
import { parseFormat, withDoc, type DocWriter } from './doc';
import { throwIfCancelled, writeAtomically } from './file';
import { exportResult } from './filename';
import { aboutEntries, generatedNow, rangeText, staffText, type Entries } from './meta';
import type { ExportFormat, ExportJobOptions, ExportResult } from './types';

export interface OverviewExportOptions extends ExportJobOptions {
  segment?: string;
  dates?: string;
  format: ExportFormat;
}

export type RetentionExportOptions = OverviewExportOptions;

/**
 * The figures as a table. HTML: what a person reads (values as the app shows them). CSV and XLSX: the
 * exact numbers as number cells with their unit, and who and when on every row, since a CSV has no
 * header to say them in.
 */
function figuresSpec(format: ExportFormat, title: string): TableSpec {
  if (format === 'html') {
    return {
      name: 'Overview',
      title,
      columns: [
        { header: 'Section', kind: 'text', width: 14 },
        { header: 'Figure', kind: 'text', width: 34 },
        { header: 'Value', kind: 'text', width: 12 },
        { header: 'Previous', kind: 'text', width: 12 },
        { header: 'Change', kind: 'text', width: 12 },
        { header: 'Change %', kind: 'text', width: 10 },
      ],
    };
  }
  return {
    name: 'Overview',
    title,
    columns: [
      { header: 'Section', kind: 'text', width: 14 },
      { header: 'Figure', kind: 'text', width: 34 },
      { header: 'Key', kind: 'text', width: 30 },
      { header: 'Unit', kind: 'text', width: 8 },
      { header: 'Value', kind: 'number', width: 12 },
      { header: 'Previous', kind: 'number', width: 12 },
      { header: 'Change', kind: 'number', width: 12 },
      { header: 'Change %', kind: 'number', width: 10 },
      ...whoAndWhenColumns(true),
    ],
  };
}

/** Range (and previous range), segment and staff: the columns every CSV/XLSX row carries. */
function whoAndWhenColumns(previous: boolean): Column[] {
  return [
    { header: 'Range', kind: 'text', width: 24 },
    ...(previous ? [{ header: 'Previous range', kind: 'text', width: 24 } as Column] : []),
    { header: 'Segment', kind: 'text', width: 16 },
    { header: 'Staff', kind: 'text', width: 10 },
  ];
}

function whoAndWhen(r: { range: DateRange; segment: string; excludeStaff: boolean }, previous?: DateRange): Cell[] {
  return [`${r.range.start}..${r.range.end}`, ...(previous ? [`${previous.start}..${previous.end}`] : []), r.segment, r.excludeStaff ? 'left out' : 'included'];
}

function figuresCells(r: OverviewReport, format: ExportFormat): Cell[][] {
  return overviewFigureRows(r).map((x) => {
    const f = x.figure;
    if (format === 'html')
      return [x.section, x.label, figureText(x.unit, f.value), figureText(x.unit, f.previous), changeText(x.unit, f.change), changePctText(f.change_pct)];
    return [x.section, x.label, x.key, x.unit, f.value, f.previous, f.change, f.change_pct, ...whoAndWhen(r, r.previous_range)];
  });
}

/** The Overview's figures as one table of a document (also the Overview sheet of "Export all"). */
export async function writeOverviewFigures(doc: DocWriter, r: OverviewReport, format: ExportFormat): Promise<number> {
  const table = await doc.table(figuresSpec(format, `Overview: ${r.name}${r.excludeStaff ? ' (staff left out)' : ''}`));
  const rows = figuresCells(r, format);
  await table.rows(rows);
  await table.end([], `Compared with ${r.previous_range.start} .. ${r.previous_range.end}. Days in ${r.zone}. Staff ${staffText(r.excludeStaff)}.`);
  return rows.length;
}

/** The top lists and the chart's points (XLSX sheets, HTML sections). */
async function writeOverviewDetails(doc: DocWriter, r: OverviewReport): Promise<number> {
  let rows = 0;
  const people = async (name: string, title: string, what: string, list: OverviewReport['top']['askers']) => {
    const t = await doc.table({
      name,
      title,
      columns: [
        { header: 'Rank', kind: 'int', width: 6 },
        { header: 'User', kind: 'text', width: 24 },
        { header: 'Key', kind: 'text', width: 12 },
        { header: what, kind: 'int', width: 12 },
      ],
    });
    await t.rows(list.map((x, i) => [i + 1, x.user.username, `user:${x.user.id}`, x.count]));
    await t.end();
    rows += list.length;
  };
  await people('Top askers', 'Top askers', 'Questions', r.top.askers);
  await people('Top answerers', 'Top answerers', 'Answers', r.top.answerers);
  const viewed = await doc.table({
    name: 'Most viewed',
    title: 'Most viewed questions',
    columns: [
      { header: 'Rank', kind: 'int', width: 6 },
      { header: 'Question', kind: 'text', width: 48 },
      { header: 'Thread', kind: 'text', width: 14 },
      { header: 'Views', kind: 'int', width: 10 },
    ],
  });
  await viewed.rows(r.top.viewed.map((x, i) => [i + 1, x.title ?? `post ${x.post_id} (gone)`, x.thread_id === null ? '' : `thread:${x.thread_id}`, x.views]));
  await viewed.end();
  rows += r.top.viewed.length;
  const points = await doc.table({
    name: 'Chart',
    title: `Per ${r.granularity}`,
    columns: [
      { header: 'From', kind: 'text', width: 12 },
      { header: 'To', kind: 'text', width: 12 },
      { header: 'Active users', kind: 'int', width: 13 },
      { header: 'New members', kind: 'int', width: 13 },
      { header: 'Questions', kind: 'int' },
      { header: 'Answers', kind: 'int' },
    ],
  });
  await points.rows(r.points.map((p) => [p.date, p.end, p.active_users, p.new_members, p.num_questions, p.num_answers]));
  await points.end();
  return rows + r.points.length;
}

function overviewCharts(r: OverviewReport): string {
  const labels = r.points.map((p) => p.date);
  return chartsHtml(
    `Per ${r.granularity}: ${r.name}`,
    [
      { label: 'Active users', values: r.points.map((p) => p.active_users) },
      { label: 'New members', values: r.points.map((p) => p.new_members) },
      { label: 'Questions', values: r.points.map((p) => p.num_questions) },
      { label: 'Answers', values: r.points.map((p) => p.num_answers) },
    ],
    labels,
  );
}

/** What a population report (the Overview, retention) is about: its segment and whether staff are left out. */
interface PopulationReport {
  segment: string;
  name: string;
  range: DateRange;
  excludeStaff: boolean;
}

/**
 * One report written as one document: the report read first (its input errors come before any file),
 * the title, crumbs and About entries saying who and when, then `fill` writes its tables and returns
 * the rows written.
 */
async function exportReport<R extends PopulationReport>(
  db: Db,
  settings: AnalyticsSettings,
  o: OverviewExportOptions,
  kind: 'overview' | 'retention',
  spec: {
    load: () => Promise<R>;
    title: (r: R) => string;
    filters: (r: R) => Entries;
    chartsHtml?: (r: R) => string;
    fill: (doc: DocWriter, r: R, format: ExportFormat) => Promise<number>;
  },
): Promise<ExportResult> {
  const format = parseFormat(o.format, ['csv', 'xlsx', 'html']);
  let r: R | undefined;
  let written = 0;
  const { file, bytes } = await writeAtomically(o.out, o.overwrite ?? false, async (tmp) => {
    r = await spec.load();
    await throwIfCancelled(o.signal);
    const generatedAt = generatedNow();
    const title = spec.title(r);
    const about = aboutEntries({
      report: title,
      range: r.range,
      filters: [['Segment', `${r.name} (${r.segment})`], ...spec.filters(r)],
      settings,
      db,
      generatedAt,
    });
    const crumbs = [r.name, ...(r.excludeStaff ? ['staff left out'] : [])];
    const charts = format === 'html' && spec.chartsHtml ? spec.chartsHtml(r) : undefined;
    await withDoc(format, tmp, { title, crumbs, generatedAt, bom: o.bom, about, chartsHtml: charts }, async (doc) => {
      written = await spec.fill(doc, r!, format);
      o.onProgress?.({ step: kind, done: written, total: written });
    });
  });
  const segmentName = r!.segment === 'all-users' ? null : r!.name;
  return exportResult(kind, { file, bytes, format, rows: written }, { segmentName, range: r!.range, excludeStaff: r!.excludeStaff });
}

export function exportOverview(db: Db, settings: AnalyticsSettings, o: OverviewExportOptions): Promise<ExportResult> {
  return exportReport(db, settings, o, 'overview', {
    load: () => reportOverview(db, settings, { segment: o.segment, dates: o.dates, now: o.now }),
    title: (r) => `Overview: ${r.name}`,
    filters: (r) => [['Previous period', rangeText(r.previous_range)]],
    chartsHtml: overviewCharts,
    fill: async (doc, r, format) => (await writeOverviewFigures(doc, r, format)) + (format === 'csv' ? 0 : await writeOverviewDetails(doc, r)),
  });
}

/** Joined, Members, then the share active per month after joining, then (not HTML) the counts behind them. */
function retentionSpec(r: RetentionReport, format: ExportFormat): TableSpec {
  const months = Array.from({ length: r.months }, (_, k) => k);
  const columns: Column[] = [
    { header: 'Joined', kind: 'text', width: 10 },
    { header: 'Members', kind: 'int', width: 10 },
    ...months.map((k): Column => ({ header: `Month ${k}`, kind: format === 'html' ? 'text' : 'share', width: 9 })),
    ...(format === 'html' ? [] : [...months.map((k): Column => ({ header: `Month ${k} active`, kind: 'int', width: 9 })), ...whoAndWhenColumns(false)]),
  ];
  return { name: 'Retention', title: `Retention: ${r.name}${r.excludeStaff ? ' (staff left out)' : ''}`, columns };
}

function retentionCells(r: RetentionReport, format: ExportFormat): { rows: Cell[][]; footer: Cell[][] } {
  const pad = <T>(xs: readonly T[], fill: T) => [...xs, ...new Array<T>(Math.max(0, r.months - xs.length)).fill(fill)];
  if (format === 'html') {
    const cell = (share: number | null | undefined, n?: number) =>
      share === null || share === undefined ? '' : `${(share * 100).toFixed(1)}%${n === undefined ? '' : ` (${n})`}`;
    return {
      rows: r.cohorts.map((c) => [
        c.month,
        c.size,
        ...pad(
          c.share.map((s, k) => cell(s, c.active[k])),
          '',
        ),
      ]),
      footer: [['Average', r.cohorts.reduce((a, c) => a + c.size, 0), ...r.average.map((s) => cell(s))]],
    };
  }
  return {
    rows: r.cohorts.map((c) => [c.month, c.size, ...pad<Cell>(c.share, null), ...pad<Cell>(c.active, null), ...whoAndWhen(r)]),
    footer: [['Average', r.cohorts.reduce((a, c) => a + c.size, 0), ...r.average, ...new Array<Cell>(r.months).fill(null), ...whoAndWhen(r)]],
  };
}

export function exportRetention(db: Db, settings: AnalyticsSettings, o: RetentionExportOptions): Promise<ExportResult> {
  return exportReport(db, settings, o, 'retention', {
    load: () => reportRetention(db, settings, { segment: o.segment, dates: o.dates, now: o.now }),
    title: (r) => `Retention: ${r.name}`,
    filters: (r) => [['Cohorts', `join months ${r.cohorts[0]?.month ?? '–'} .. ${r.cohorts[r.cohorts.length - 1]?.month ?? '–'} (${r.cohorts.length})`]],
    fill: async (doc, r, format) => {
      const note = `Share of each cohort active (counted activity or time on site) in its join month (Month 0) and each month after; ${r.current_month} is partial. Months in ${r.zone}. Staff ${staffText(r.excludeStaff)}.`;
      const table = await doc.table(retentionSpec(r, format));
      const { rows, footer } = retentionCells(r, format);
      await table.rows(rows);
      await table.end(footer, note);
      return rows.length;
    },
  });
}

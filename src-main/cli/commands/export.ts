// `export users|activity|all`: the offline report files of DESIGN.md §9 from the command line, with
// the same options as `report users|activity`. Refuses to replace a file unless --force.
import { existsSync } from 'node:fs';
import { AppError } from '../../core/errors';
import { exportActivity, exportAll, exportOverview, exportRetention, exportUsers, type ExportFormat, type ExportResult } from '../../core/export';
import { ACTIVITY_SEGMENT_KEYS, DATE_PRESETS, USERS_SORT_FIELDS } from '../../core/reports';
import type { JobProgress } from '../../core/types/jobs';
import type { CliCommand, CliContext, OptionSpec } from '../command';

const DATES_HELP = `date range: ${DATE_PRESETS.join(', ')} or YYYY-MM-DD..YYYY-MM-DD (default last-30-days)`;

function str(ctx: CliContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

const COMMON: Record<string, OptionSpec> = {
  format: { type: 'string', description: 'csv, xlsx or html' },
  out: { type: 'string', description: 'the file to write' },
  force: { type: 'boolean', description: 'replace the file if it exists' },
  dates: { type: 'string', description: 'preset or YYYY-MM-DD..YYYY-MM-DD' },
  now: { type: 'string', description: 'evaluate "today" at this ISO 8601 instant (default: now)' },
};

/** --format and --out, checked before the database is opened. */
function target(ctx: CliContext, formats: readonly ExportFormat[]): { format: ExportFormat; out: string; overwrite: boolean } {
  const format = str(ctx, 'format');
  if (!format || !(formats as readonly string[]).includes(format)) {
    throw new AppError('INVALID_INPUT', `--format must be one of ${formats.join(', ')}${format ? ` (got "${format}")` : ''}`);
  }
  const out = str(ctx, 'out');
  if (!out) throw new AppError('INVALID_INPUT', '--out FILE is required');
  const overwrite = ctx.options.force === true;
  if (!overwrite && existsSync(out)) throw new AppError('INVALID_INPUT', `${out} already exists: pass --force to replace it`);
  return { format: format as ExportFormat, out, overwrite };
}

function report(ctx: CliContext, r: ExportResult): void {
  ctx.out.result({ file: r.file, format: r.format, rows: r.rows, bytes: r.bytes }, () => `wrote ${r.file}: ${r.rows} rows, ${r.bytes} bytes`);
}

function job(ctx: CliContext) {
  return { now: str(ctx, 'now'), signal: ctx.signal, onProgress: (p: JobProgress) => ctx.out.progress(p) };
}

export const exportUsersCommand: CliCommand = {
  name: 'export users',
  summary: 'write a Users level (every page, with the total) as CSV, XLSX or HTML',
  usage: [
    'example: askbot-analytics export users --segment group:12 --dates last-month --format xlsx --out acme.xlsx',
    '--segment as for "report users" (none: the top level).',
    DATES_HELP,
  ].join('\n'),
  options: {
    ...COMMON,
    segment: { type: 'string', description: 'segment slug, all-users, group:N or user:N' },
    sort: { type: 'string', description: `sort by ${USERS_SORT_FIELDS.join(', ')}` },
    order: { type: 'string', description: 'asc or desc' },
    query: { type: 'string', description: 'only rows whose name contains this text' },
  },
  async run(ctx) {
    const t = target(ctx, ['csv', 'xlsx', 'html']);
    const db = await ctx.openDb();
    const r = await exportUsers(db, ctx.settings, {
      ...t,
      ...job(ctx),
      segment: str(ctx, 'segment'),
      dates: str(ctx, 'dates'),
      sort: str(ctx, 'sort'),
      order: str(ctx, 'order'),
      query: str(ctx, 'query'),
    });
    report(ctx, r);
  },
};

export const exportActivityCommand: CliCommand = {
  name: 'export activity',
  summary: 'write every matching Activity log event as CSV, XLSX or HTML (streamed)',
  usage: [`--activity: ${ACTIVITY_SEGMENT_KEYS.join(', ')}`, '--content: all-content, thread:N, post:N', DATES_HELP].join('\n'),
  options: {
    ...COMMON,
    activity: { type: 'string', description: 'activity segment (default all-activity)' },
    content: { type: 'string', description: 'all-content, thread:N or post:N' },
    users: { type: 'string', description: 'all-users, a segment slug, group:N or user:N' },
  },
  async run(ctx) {
    const t = target(ctx, ['csv', 'xlsx', 'html']);
    const db = await ctx.openDb();
    const r = await exportActivity(db, ctx.settings, {
      ...t,
      ...job(ctx),
      activity: str(ctx, 'activity'),
      content: str(ctx, 'content'),
      users: str(ctx, 'users'),
      dates: str(ctx, 'dates'),
    });
    report(ctx, r);
  },
};

export const exportAllCommand: CliCommand = {
  name: 'export all',
  summary: 'write the segments, organizations and users levels into one XLSX workbook or HTML report',
  usage: DATES_HELP,
  options: { ...COMMON, format: { type: 'string', description: 'xlsx or html (one workbook or page holds every level)' } },
  async run(ctx) {
    const t = target(ctx, ['xlsx', 'html']);
    const db = await ctx.openDb();
    const r = await exportAll(db, ctx.settings, { ...t, format: t.format as 'xlsx' | 'html', ...job(ctx), dates: str(ctx, 'dates') });
    report(ctx, r);
  },
};

export const exportOverviewCommand: CliCommand = {
  name: 'export overview',
  summary: 'write the Overview (figures beside the previous period; XLSX/HTML add top lists and the chart)',
  usage: DATES_HELP,
  options: { ...COMMON, segment: { type: 'string', description: 'all-users (default), a segment slug, group:N or user:N' } },
  async run(ctx) {
    const t = target(ctx, ['csv', 'xlsx', 'html']);
    const db = await ctx.openDb();
    report(ctx, await exportOverview(db, ctx.settings, { ...t, ...job(ctx), segment: str(ctx, 'segment'), dates: str(ctx, 'dates') }));
  },
};

export const exportRetentionCommand: CliCommand = {
  name: 'export retention',
  summary: 'write the retention cohorts (share and count active per month after joining)',
  usage: '--dates picks the cohorts: every join month the range touches (default last-6-months).',
  options: { ...COMMON, segment: { type: 'string', description: 'all-users (default), a segment slug, group:N or user:N' } },
  async run(ctx) {
    const t = target(ctx, ['csv', 'xlsx', 'html']);
    const db = await ctx.openDb();
    report(ctx, await exportRetention(db, ctx.settings, { ...t, ...job(ctx), segment: str(ctx, 'segment'), dates: str(ctx, 'dates') }));
  },
};

export const EXPORT_COMMANDS: CliCommand[] = [exportUsersCommand, exportActivityCommand, exportAllCommand, exportOverviewCommand, exportRetentionCommand];

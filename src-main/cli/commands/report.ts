// `report users|activity|series`: the app's report views on the command line. `--json` prints
// exactly the objects the app receives; otherwise readable tables.
import type { Db } from '../../core/db/types';
import { AppError } from '../../core/errors';
import { ReportGuard } from '../../core/reports/guard';
import {
  ACTIVITY_SEGMENT_KEYS,
  DATE_PRESETS,
  SERIES_METRICS,
  USERS_SORT_FIELDS,
  reportActivity,
  reportOverview,
  reportQuestions,
  reportRetention,
  reportSeries,
  reportUsers,
  type UsersReport,
} from '../../core/reports';
import { changePctText, changeText, figureText, overviewFigureRows } from '../../core/reports/overview-figures';
import type { ActivityReport, OverviewReport, QuestionsReport, RetentionReport, SeriesReport } from '../../core/types/reports';
import { formatDuration } from '../../../src-shared/duration';
import { table } from '../output';
import type { CliCommand, CliContext, OptionSpec } from '../command';

const DATES_HELP = `date range: ${DATE_PRESETS.join(', ')} or YYYY-MM-DD..YYYY-MM-DD (default last-30-days)`;
const NOW_OPTION: OptionSpec = { type: 'string', description: 'evaluate "today" at this ISO 8601 instant (default: now)' };
const DATES_OPTION: OptionSpec = { type: 'string', description: 'preset or YYYY-MM-DD..YYYY-MM-DD' };
const SEGMENT_OPTION: OptionSpec = { type: 'string', description: 'all-users (default), a segment slug, group:N or user:N' };
const PAGE_OPTION: OptionSpec = { type: 'string', description: 'page number (20 rows a page)' };

/** A report on PostgreSQL runs read-only within REPORT_TIMEOUT_SECONDS; Ctrl-C cancels its statement. */
async function guardedReport<T>(ctx: CliContext, report: (db: Db) => Promise<T>): Promise<T> {
  const db = await ctx.openDb();
  return new ReportGuard().run(db, ctx.settings.REPORT_TIMEOUT_SECONDS, report, ctx.signal);
}

/** A report command: reads its query from the options, runs it guarded, prints `--json` or the readable text. */
function reportCommand<R>(spec: Omit<CliCommand, 'run'> & { report: (db: Db, ctx: CliContext) => Promise<R>; human: (r: R) => string }): CliCommand {
  const { report, human, ...command } = spec;
  return {
    ...command,
    async run(ctx) {
      const r = await guardedReport(ctx, (db) => report(db, ctx));
      ctx.out.result(r, () => human(r));
    },
  };
}

/** The options every segment report takes: `--segment`, `--dates`, `--now`. */
function segmentRangeQuery(ctx: CliContext): { segment?: string; dates?: string; now?: string } {
  return { segment: str(ctx, 'segment'), dates: str(ctx, 'dates'), now: str(ctx, 'now') };
}

function str(ctx: CliContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

function int(ctx: CliContext, name: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new AppError('INVALID_INPUT', `--${name} must be a whole number (got "${v}")`);
  return Number(v);
}

function signed(v: number | null): string {
  return v === null ? '' : v > 0 ? `+${v}` : String(v);
}

/** A change of duration as signed() writes counts: "+0:01:05", "-0:01:05", no sign for none. */
function signedDuration(v: number | null): string {
  return v !== null && v > 0 ? `+${formatDuration(v)}` : formatDuration(v);
}

function usersHuman(r: UsersReport): string {
  const head = ['name', 'key', 'users', 'added', 'questions', 'answers', 'upvotes', 'downvotes', 'views', 'time on site'];
  const cells = (x: UsersReport['total']) => [
    x.num_users,
    x.num_users_added,
    x.num_questions,
    x.num_answers,
    x.num_upvotes,
    x.num_downvotes,
    x.question_views,
    formatDuration(x.time_on_site_seconds),
  ];
  const lines = [
    `${r.breadcrumbs.map((b) => b.label).join(' › ')}  (${r.level})${r.excludeStaff ? ', staff left out' : ''}`,
    `${r.range.start} .. ${r.range.end}${r.range.partial ? ' (today is partial)' : ''}`,
    '',
    table(head, [...r.rows.map((x) => [x.name, x.key, ...cells(x)]), ['Total', '', ...cells(r.total)]]),
    '',
    `page ${r.page} of ${r.pages} (${r.row_count} rows)`,
  ];
  if (r.compare) {
    const c = r.compare;
    const delta = (x: (typeof c.rows)[number]['change']) => [
      signed(x.num_users),
      signed(x.num_users_added),
      signed(x.num_questions),
      signed(x.num_answers),
      signed(x.num_upvotes),
      signed(x.num_downvotes),
      signed(x.question_views),
      signedDuration(x.time_on_site_seconds),
    ];
    const names = new Map(r.rows.map((x) => [x.key, x.name]));
    lines.push(
      '',
      `change from the previous period ${c.range.start} .. ${c.range.end}:`,
      table(head, [...c.rows.map((x) => [names.get(x.key) ?? x.key, x.key, ...delta(x.change)]), ['Total', '', ...delta(c.total.change)]]),
    );
  }
  return lines.join('\n');
}

export const reportUsersCommand = reportCommand({
  name: 'report users',
  summary: 'the Users drill-down: segments, organizations, users with their counters',
  usage: [
    'Levels: no --segment lists the segments (the organizations when no named segments are set);',
    '--segment <default slug> lists organizations; a named slug, all-users, group:N or user:N lists users.',
    DATES_HELP,
  ].join('\n'),
  options: {
    segment: { type: 'string', description: 'segment slug, all-users, group:N or user:N' },
    dates: DATES_OPTION,
    sort: { type: 'string', description: `sort by ${USERS_SORT_FIELDS.join(', ')}` },
    order: { type: 'string', description: 'asc or desc' },
    query: { type: 'string', description: 'only rows whose name contains this text (case-insensitive)' },
    page: PAGE_OPTION,
    compare: { type: 'boolean', description: 'add the change from the previous period of equal length' },
    now: NOW_OPTION,
  },
  report: (db, ctx) =>
    reportUsers(db, ctx.settings, {
      ...segmentRangeQuery(ctx),
      sort: str(ctx, 'sort'),
      order: str(ctx, 'order'),
      query: str(ctx, 'query'),
      page: int(ctx, 'page'),
      compare: ctx.options.compare === true,
    }),
  human: usersHuman,
});

function activityHuman(r: ActivityReport): string {
  return [
    r.breadcrumbs.map((b) => b.label).join(' › '),
    '',
    table(
      ['time (UTC)', 'user', 'organization', 'event', 'object'],
      r.rows.map((x) => [
        x.timestamp.replace('T', ' ').replace('Z', ''),
        x.user?.username ?? '',
        x.organization ?? '',
        x.event,
        x.object.title === null ? `${x.object.type ?? 'object'} ${x.object.id}` : x.object.title,
      ]),
    ),
    '',
    [r.total === null ? '' : `${r.total} events`, r.next ? `next page: --after ${r.next}` : 'last page'].filter(Boolean).join('; '),
  ].join('\n');
}

export const reportActivityCommand = reportCommand({
  name: 'report activity',
  summary: 'the Activity log: events newest first, filtered, one page at a time',
  usage: [`--activity: ${ACTIVITY_SEGMENT_KEYS.join(', ')}`, '--content: all-content, thread:N, post:N', DATES_HELP].join('\n'),
  options: {
    activity: { type: 'string', description: 'activity segment (default all-activity)' },
    content: { type: 'string', description: 'all-content, thread:N or post:N' },
    users: { type: 'string', description: 'all-users, a segment slug, group:N or user:N' },
    dates: DATES_OPTION,
    after: { type: 'string', description: 'the "next" cursor printed by the previous page' },
    limit: { type: 'string', description: 'rows per page (default 50, at most 1000)' },
    now: NOW_OPTION,
  },
  report: (db, ctx) =>
    reportActivity(db, ctx.settings, {
      activity: str(ctx, 'activity'),
      content: str(ctx, 'content'),
      users: str(ctx, 'users'),
      dates: str(ctx, 'dates'),
      after: str(ctx, 'after'),
      limit: int(ctx, 'limit'),
      now: str(ctx, 'now'),
    }),
  human: activityHuman,
});

function seriesHuman(r: SeriesReport): string {
  return [
    `${r.segment}: ${r.range.start} .. ${r.range.end} per ${r.granularity}`,
    '',
    table(
      [r.granularity, ...r.metrics],
      r.points.map((p) => [p.date, ...r.metrics.map((m) => (m === 'time_on_site_seconds' ? formatDuration(Number(p[m])) : p[m]))]),
    ),
  ].join('\n');
}

export const reportSeriesCommand = reportCommand({
  name: 'report series',
  summary: 'per-day (or per-week/month) values of metrics for a segment, group or user',
  usage: [`--metrics: comma-separated, from ${SERIES_METRICS.join(', ')} (default all)`, DATES_HELP].join('\n'),
  options: {
    segment: SEGMENT_OPTION,
    dates: DATES_OPTION,
    metrics: { type: 'string', description: 'comma-separated metric names' },
    now: NOW_OPTION,
  },
  report: (db, ctx) => reportSeries(db, ctx.settings, { ...segmentRangeQuery(ctx), metrics: str(ctx, 'metrics') }),
  human: seriesHuman,
});

/** The header line every report prints: who the figures cover. */
function population(name: string, excludeStaff: boolean): string {
  return `${name}${excludeStaff ? ' (staff left out)' : ''}`;
}

function overviewHuman(r: OverviewReport): string {
  const p = r.previous_range;
  const rows = overviewFigureRows(r).map((x) => [
    x.label,
    figureText(x.unit, x.figure.value),
    figureText(x.unit, x.figure.previous),
    changeText(x.unit, x.figure.change),
    changePctText(x.figure.change_pct),
  ]);
  const tops = (title: string, list: Array<{ who: string; n: number }>) =>
    list.length ? [`${title}:`, ...list.map((x, i) => `  ${String(i + 1).padStart(2)}. ${x.who}  ${x.n}`)] : [`${title}: none`];
  return [
    `Overview: ${population(r.name, r.excludeStaff)}`,
    ...(r.note ? [r.note] : []),
    `${r.range.start} .. ${r.range.end}${r.range.partial ? ' (today is partial)' : ''}, previous period ${p.start} .. ${p.end}; days in ${r.zone}`,
    '',
    table(['figure', 'value', 'previous', 'change', 'change %'], rows),
    '',
    ...tops(
      'Top askers',
      r.top.askers.map((x) => ({ who: x.user.username, n: x.count })),
    ),
    ...tops(
      'Top answerers',
      r.top.answerers.map((x) => ({ who: x.user.username, n: x.count })),
    ),
    ...tops(
      'Most viewed questions',
      r.top.viewed.map((x) => ({ who: x.title ?? `post ${x.post_id}`, n: x.views })),
    ),
  ].join('\n');
}

function retentionHuman(r: RetentionReport): string {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${Math.round(v * 100)}%`);
  const head = ['joined', 'members', ...Array.from({ length: r.months }, (_, k) => `M${k}`)];
  return [
    `Retention: ${population(r.name, r.excludeStaff)}`,
    ...(r.note ? [r.note] : []),
    `cohorts joined ${r.range.start} .. ${r.range.end}; share active in the join month (M0) and each month after; ${r.current_month} is partial; months in ${r.zone}`,
    '',
    table(head, [...r.cohorts.map((c) => [c.month, c.size, ...c.share.map(pct)]), ['average', '', ...r.average.map(pct)]]),
  ].join('\n');
}

function questionsHuman(r: QuestionsReport): string {
  return [
    `Questions (${r.which}): ${population(r.name, r.excludeStaff)}, asked ${r.range.start} .. ${r.range.end}`,
    '',
    table(
      ['asked (UTC)', 'title', 'author', 'first answer after', 'answers', 'views', 'closed'],
      r.rows.map((x) => [
        x.asked_at.replace('T', ' ').replace('Z', ''),
        x.title,
        x.author?.username ?? '',
        formatDuration(x.first_answer_seconds),
        x.answers,
        x.views,
        x.closed ? 'yes' : '',
      ]),
    ),
    '',
    `page ${r.page} of ${r.pages} (${r.row_count} questions)`,
  ].join('\n');
}

export const reportOverviewCommand = reportCommand({
  name: 'report overview',
  summary: 'forum health: active users, new members, activity, answering, top lists, beside the previous period',
  usage: ['Every figure is defined in the README ("Overview").', DATES_HELP].join('\n'),
  options: { segment: SEGMENT_OPTION, dates: DATES_OPTION, now: NOW_OPTION },
  report: (db, ctx) => reportOverview(db, ctx.settings, segmentRangeQuery(ctx)),
  human: overviewHuman,
});

export const reportRetentionCommand = reportCommand({
  name: 'report retention',
  summary: 'retention cohorts: members by join month and the share active in each month after',
  usage: `--dates picks the cohorts: every join month the range touches (default last-6-months).\n${DATES_HELP.replace(' (default last-30-days)', '')}`,
  options: {
    segment: SEGMENT_OPTION,
    dates: { type: 'string', description: 'preset or YYYY-MM-DD..YYYY-MM-DD (default last-6-months)' },
    now: NOW_OPTION,
  },
  report: (db, ctx) => reportRetention(db, ctx.settings, segmentRangeQuery(ctx)),
  human: retentionHuman,
});

export const reportQuestionsCommand = reportCommand({
  name: 'report questions',
  summary: "the questions of a range behind the Overview's answering figures, newest first",
  usage: ['--which: asked, answered, answered-24h, unanswered (default)', DATES_HELP].join('\n'),
  options: {
    segment: SEGMENT_OPTION,
    dates: DATES_OPTION,
    which: { type: 'string', description: 'asked, answered, answered-24h or unanswered' },
    page: PAGE_OPTION,
    now: NOW_OPTION,
  },
  report: (db, ctx) => reportQuestions(db, ctx.settings, { ...segmentRangeQuery(ctx), which: str(ctx, 'which'), page: int(ctx, 'page') }),
  human: questionsHuman,
});

export const REPORT_COMMANDS: CliCommand[] = [
  reportUsersCommand,
  reportActivityCommand,
  reportSeriesCommand,
  reportOverviewCommand,
  reportRetentionCommand,
  reportQuestionsCommand,
];

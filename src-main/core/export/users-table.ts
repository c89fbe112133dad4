// The Users drill-down as an export table: every page of a level, read through reportUsers page by
// page (its own sorting, search and totals, so an export equals what the view shows).
import type { Db } from '../db/types';
import { reportSeries, reportUsers, type UsersLevel, type UsersQuery, type UsersReport, type UsersRow } from '../reports';
import type { AnalyticsSettings } from '../settings';
import type { Cell, Column, TableSpec } from './cells';
import type { ChartSeries } from './chart-svg';

export const LEVEL_TITLES: Record<UsersLevel, { sheet: string; name: string }> = {
  segments: { sheet: 'Segments', name: 'Segment' },
  groups: { sheet: 'Organizations', name: 'Organization' },
  users: { sheet: 'Users', name: 'User' },
};

export function usersColumns(level: UsersLevel, extra: Column[] = []): Column[] {
  return [
    ...extra,
    { header: LEVEL_TITLES[level].name, kind: 'text', width: 28 },
    { header: 'Key', kind: 'text', width: 14 },
    { header: 'Users', kind: 'int' },
    { header: 'Users added', kind: 'int', width: 12 },
    { header: 'Questions', kind: 'int' },
    { header: 'Answers', kind: 'int' },
    { header: 'Upvotes', kind: 'int' },
    { header: 'Downvotes', kind: 'int', width: 11 },
    { header: 'Question views', kind: 'int', width: 15 },
    { header: 'Time on site (s)', kind: 'seconds', width: 16 },
    { header: 'Time on site', kind: 'duration', width: 13 },
  ];
}

export function usersTableSpec(level: UsersLevel, title: string, extra: Column[] = []): TableSpec {
  return { name: LEVEL_TITLES[level].sheet, title, columns: usersColumns(level, extra) };
}

export function usersCells(r: UsersRow, extra: Cell[] = []): Cell[] {
  return [
    ...extra,
    r.name,
    r.key,
    r.num_users,
    r.num_users_added,
    r.num_questions,
    r.num_answers,
    r.num_upvotes,
    r.num_downvotes,
    r.question_views,
    r.time_on_site_seconds,
    r.time_on_site_seconds,
  ];
}

/** Rows per reportUsers call when exporting: each call aggregates the whole level once. */
export const EXPORT_PAGE_SIZE = 5_000;

/**
 * Every page of a Users level, in the view's order (page 1 first; `pages` from page 1), read
 * EXPORT_PAGE_SIZE rows at a time. `first`: page 1 (of that size) when the caller already has it.
 */
export async function* iterateUsersPages(
  db: Db,
  settings: AnalyticsSettings,
  q: Omit<UsersQuery, 'page' | 'compare'>,
  first?: UsersReport,
): AsyncGenerator<UsersReport> {
  const pageSize = q.pageSize ?? EXPORT_PAGE_SIZE;
  first ??= await reportUsers(db, settings, { ...q, page: 1, pageSize });
  yield first;
  for (let page = 2; page <= first.pages; page++) yield await reportUsers(db, settings, { ...q, page, pageSize });
}

const CHART_METRICS: ReadonlyArray<readonly [string, string, boolean]> = [
  ['active_users', 'Active users', false],
  ['num_questions', 'Questions', false],
  ['num_answers', 'Answers', false],
  ['num_upvotes', 'Upvotes', false],
  ['num_downvotes', 'Downvotes', false],
  ['question_views', 'Question views', false],
  ['time_on_site_seconds', 'Time on site', true],
];

/** The series of a users segment (`all-users` at the top) as one chart per metric. */
export async function usersCharts(
  db: Db,
  settings: AnalyticsSettings,
  q: { segment?: string; dates?: string; now?: UsersQuery['now'] },
): Promise<{ series: ChartSeries[]; labels: string[]; granularity: string }> {
  const s = await reportSeries(db, settings, { segment: q.segment || undefined, dates: q.dates, now: q.now });
  return {
    labels: s.points.map((p) => p.date),
    granularity: s.granularity,
    series: CHART_METRICS.map(([m, label, duration]) => ({ label, duration, values: s.points.map((p) => Number(p[m] ?? 0)) })),
  };
}

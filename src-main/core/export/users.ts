// Export of one Users level (DESIGN.md §9): every row of every page, then the total row.
import type { Db } from '../db/types';
import type { UsersReport } from '../reports';
import type { AnalyticsSettings } from '../settings';
import { chartsHtml } from './chart-svg';
import { parseFormat, withDoc } from './doc';
import { throwIfCancelled, writeAtomically } from './file';
import { exportResult } from './filename';
import { aboutEntries, generatedNow, type Entries } from './meta';
import type { ExportFormat, ExportJobOptions, ExportResult } from './types';
import { LEVEL_TITLES, iterateUsersPages, usersCells, usersCharts, usersTableSpec } from './users-table';

export interface UsersExportOptions extends ExportJobOptions {
  /** The level to export, as for reportUsers: none = the top, a slug, `group:N`, `user:N`. */
  segment?: string;
  dates?: string;
  sort?: string;
  order?: string;
  query?: string;
  format: ExportFormat;
}

export function usersFilterEntries(first: UsersReport, o: Pick<UsersExportOptions, 'sort' | 'order' | 'query'>): Entries {
  return [
    ['Level', `${LEVEL_TITLES[first.level].sheet} (${first.breadcrumbs.map((b) => b.label).join(' › ')})`],
    ['Segment', first.segment ?? '(top)'],
    ['Sort', `${o.sort || 'default'} ${o.order || ''}`.trim()],
    ['Search', o.query?.trim() || '(none)'],
  ];
}

/** The segment name for file names: the level's own label below the top. */
export function levelName(r: UsersReport): string | undefined {
  return r.segment ? r.breadcrumbs[r.breadcrumbs.length - 1]?.label : undefined;
}

export async function exportUsers(db: Db, settings: AnalyticsSettings, o: UsersExportOptions): Promise<ExportResult> {
  const format = parseFormat(o.format, ['csv', 'xlsx', 'html']);
  const q = { segment: o.segment, dates: o.dates, sort: o.sort, order: o.order, query: o.query, now: o.now, pageSize: o.pageSize };
  let written = 0;
  let first: UsersReport | undefined;
  const { file, bytes } = await writeAtomically(o.out, o.overwrite ?? false, async (tmp) => {
    const pages = iterateUsersPages(db, settings, q);
    const head = await pages.next();
    first = head.value as UsersReport;
    const generatedAt = generatedNow();
    const crumbs = first.breadcrumbs.map((b) => b.label);
    const title = `Users: ${crumbs.join(' › ')}`;
    const charts = format === 'html' ? await usersCharts(db, settings, { segment: first.segment ?? undefined, dates: o.dates, now: o.now }) : null;
    const total = first.row_count;
    await withDoc(
      format,
      tmp,
      {
        title,
        crumbs,
        generatedAt,
        bom: o.bom,
        xlsxMaxRows: o.xlsxMaxRows,
        about: aboutEntries({ report: title, range: first.range, filters: usersFilterEntries(first, o), settings, db, generatedAt, rows: total }),
        chartsHtml: charts
          ? chartsHtml(`Per ${charts.granularity}: ${first.segment ? crumbs[crumbs.length - 1] : 'All Users'}`, charts.series, charts.labels)
          : undefined,
      },
      async (doc) => {
        const table = await doc.table(usersTableSpec(first!.level, title));
        let page: UsersReport | undefined = first;
        while (page) {
          await throwIfCancelled(o.signal);
          await table.rows(page.rows.map((r) => usersCells(r)));
          written += page.rows.length;
          o.onProgress?.({ step: 'users', done: written, total });
          const next = await pages.next();
          page = next.done ? undefined : next.value;
        }
        await table.end([usersCells(first!.total)]);
      },
    );
  });
  return exportResult(
    'users',
    { file, bytes, format, rows: written },
    { segmentName: levelName(first!), range: first!.range, excludeStaff: settings.EXCLUDE_STAFF },
  );
}

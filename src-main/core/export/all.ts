// "Export all" (DESIGN.md §9): one workbook (or one HTML report) with the Overview's figures for all
// users (issue 14), then the segments, organizations and users levels of the Users view for a range. Without named segments the top level is the list
// of organizations and there is no list of every user, so the users sheet lists the users of each
// organization under an Organization column (a user in two organizations appears twice).
import type { Db } from '../db/types';
import { reportOverview, reportUsers, type UsersQuery, type UsersReport } from '../reports';
import { defaultSegment, type AnalyticsSettings } from '../settings';
import type { Cell } from './cells';
import { chartsHtml } from './chart-svg';
import { parseFormat, withDoc, type DocWriter } from './doc';
import { throwIfCancelled, writeAtomically } from './file';
import { exportResult } from './filename';
import { aboutEntries, generatedNow } from './meta';
import { writeOverviewFigures } from './overview';
import { OVERVIEW_FIGURES } from '../types/reports';
import type { ExportFormat, ExportJobOptions, ExportResult } from './types';
import { EXPORT_PAGE_SIZE, iterateUsersPages, usersCells, usersCharts, usersTableSpec } from './users-table';

export interface AllExportOptions extends ExportJobOptions {
  dates?: string;
  format: Exclude<ExportFormat, 'csv'>;
}

export async function exportAll(db: Db, settings: AnalyticsSettings, o: AllExportOptions): Promise<ExportResult> {
  const format = parseFormat(o.format, ['xlsx', 'html']);
  const named = settings.ASKBOT_ANALYTICS_NAMED_SEGMENTS.length > 0;
  const base = { dates: o.dates, now: o.now };
  let written = 0;
  let range: UsersReport['range'] | undefined;
  const { file, bytes } = await writeAtomically(o.out, o.overwrite ?? false, async (tmp) => {
    // First pages of each level: the range, the row counts for progress, and early input errors.
    const first = { page: 1, pageSize: EXPORT_PAGE_SIZE };
    const segments = named ? await reportUsers(db, settings, { ...base, ...first }) : null;
    const orgs = await reportUsers(db, settings, { ...base, segment: defaultSegment(settings).slug, ...first });
    const everyone = named ? await reportUsers(db, settings, { ...base, segment: 'all-users', ...first }) : null;
    range = orgs.range;
    const overview = await reportOverview(db, settings, base);
    const total = OVERVIEW_FIGURES.length + (segments?.row_count ?? 0) + orgs.row_count + (everyone?.row_count ?? 0);
    const generatedAt = generatedNow();
    const title = 'Users: all levels';
    const charts = format === 'html' ? await usersCharts(db, settings, base) : null;
    const progress = (step: string) => o.onProgress?.({ step, done: written, total: Math.max(total, written) });
    const copyLevel = async (doc: DocWriter, q: Omit<UsersQuery, 'page'>, sheetTitle: string, page1: UsersReport) => {
      let first: UsersReport | undefined;
      let table: Awaited<ReturnType<DocWriter['table']>> | undefined;
      for await (const page of iterateUsersPages(db, settings, q, page1)) {
        await throwIfCancelled(o.signal);
        if (!first) {
          first = page;
          table = await doc.table(usersTableSpec(page.level, sheetTitle));
        }
        await table!.rows(page.rows.map((r) => usersCells(r)));
        written += page.rows.length;
        progress(page.level);
      }
      await table!.end([usersCells(first!.total)]);
    };
    await withDoc(
      format,
      tmp,
      {
        title,
        crumbs: [],
        generatedAt,
        xlsxMaxRows: o.xlsxMaxRows,
        about: aboutEntries({
          report: title,
          range,
          filters: [
            [
              'Levels',
              `Overview (all users), ${named ? 'Segments, Organizations, Users (all users)' : 'Organizations, Users of each organization (no named segments)'}`,
            ],
          ],
          settings,
          db,
          generatedAt,
        }),
        chartsHtml: charts ? chartsHtml(`Per ${charts.granularity}: All Users`, charts.series, charts.labels) : undefined,
      },
      async (doc) => {
        written += await writeOverviewFigures(doc, overview, format);
        progress('overview');
        if (segments) await copyLevel(doc, base, 'Segments', segments);
        await copyLevel(doc, { ...base, segment: defaultSegment(settings).slug }, 'Organizations', orgs);
        if (everyone) {
          await copyLevel(doc, { ...base, segment: 'all-users' }, 'Users', everyone);
          return;
        }
        // No named segments: the users of each organization, one after the other.
        const table = await doc.table(usersTableSpec('users', 'Users by organization', [{ header: 'Organization', kind: 'text', width: 24 }]));
        for await (const orgPage of iterateUsersPages(db, settings, { ...base, segment: defaultSegment(settings).slug }, orgs)) {
          for (const org of orgPage.rows) {
            for await (const page of iterateUsersPages(db, settings, { ...base, segment: org.key })) {
              await throwIfCancelled(o.signal);
              const extra: Cell[] = [org.name];
              await table.rows(page.rows.map((r) => usersCells(r, extra)));
              written += page.rows.length;
              progress('users');
            }
          }
        }
        await table.end();
      },
    );
  });
  return exportResult('all', { file, bytes, format, rows: written }, { range: range!, excludeStaff: settings.EXCLUDE_STAFF });
}

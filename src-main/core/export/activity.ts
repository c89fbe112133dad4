// Export of the Activity log (DESIGN.md §9): every matching event, newest first, streamed from the
// keyset iterator in batches, so memory holds one batch whatever the number of events. Progress is
// reported per batch against the count of matching events; a cancel stops at the next batch.
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/types';
import { addDays, iterateActivity, reportActivity, type ActivityReport, type ActivityRow } from '../reports';
import { bucketStarts, granularityFor } from '../reports/series';
import type { AnalyticsSettings } from '../settings';
import type { Cell, TableSpec } from './cells';
import { chartsHtml } from './chart-svg';
import { htmlTableHandle, parseFormat, withDoc, type TableHandle } from './doc';
import { FileSink, throwIfCancelled, writeAtomically } from './file';
import { exportResult } from './filename';
import { htmlEnd, htmlHead, htmlHeader, htmlTableStart } from './html';
import { aboutEntries, generatedNow, type Entries } from './meta';
import type { ExportFormat, ExportJobOptions, ExportResult } from './types';

export interface ActivityExportOptions extends ExportJobOptions {
  activity?: string;
  content?: string;
  users?: string;
  dates?: string;
  format: ExportFormat;
  /** Events read per query (default 1000, at most 10 000). */
  batchSize?: number;
}

export const ACTIVITY_TABLE: TableSpec = {
  name: 'Activity',
  title: 'Activity log',
  columns: [
    { header: 'Time (UTC)', kind: 'datetime', width: 20 },
    { header: 'Event id', kind: 'int' },
    { header: 'Event type', kind: 'int' },
    { header: 'Event', kind: 'text', width: 18 },
    { header: 'User id', kind: 'int' },
    { header: 'User', kind: 'text', width: 18 },
    { header: 'Organization', kind: 'text', width: 22 },
    { header: 'Object type', kind: 'text', width: 11 },
    { header: 'Object id', kind: 'int' },
    { header: 'Post type', kind: 'text' },
    { header: 'Object', kind: 'text', width: 50 },
    { header: 'Thread id', kind: 'int' },
  ],
};

export function activityCells(r: ActivityRow): Cell[] {
  return [
    r.timestamp,
    r.id,
    r.event_type,
    r.event,
    r.user?.id ?? null,
    r.user?.username ?? null,
    r.organization,
    r.object.type,
    r.object.id,
    r.object.post_type,
    r.object.title,
    r.object.thread_id,
  ];
}

function filterEntries(r: ActivityReport): Entries {
  return r.breadcrumbs
    .filter((b) => b.filter !== 'dates')
    .map((b) => [`${b.filter[0]!.toUpperCase()}${b.filter.slice(1)}`, `${b.label} (${b.key})`] as [string, string]);
}

/** Events per bucket of the range (days, or weeks/months for long ranges), counted as rows stream by. */
class EventHistogram {
  readonly labels: string[];
  readonly counts: number[];
  private readonly bounds: number[];
  constructor(db: Db, range: { start: string; end: string }) {
    this.labels = bucketStarts(range, granularityFor(range));
    this.counts = this.labels.map(() => 0);
    // Bucket boundaries as ms instants in the bucket zone (whole seconds, so ms precision is exact).
    this.bounds = [...this.labels, addDays(range.end, 1)].map((day) => db.dialect.dayStart(day) / 1000);
  }
  add(isoTimestamp: string): void {
    const t = Date.parse(isoTimestamp);
    let lo = 0;
    let hi = this.labels.length - 1;
    if (!(t >= this.bounds[0]!) || !(t < this.bounds[this.bounds.length - 1]!)) return;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.bounds[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    this.counts[lo]!++;
  }
}

export async function exportActivity(db: Db, settings: AnalyticsSettings, o: ActivityExportOptions): Promise<ExportResult> {
  const format = parseFormat(o.format, ['csv', 'xlsx', 'html']);
  const filters = { activity: o.activity, content: o.content, users: o.users, dates: o.dates, now: o.now };
  let written = 0;
  let head: ActivityReport | undefined;
  const { file, bytes } = await writeAtomically(o.out, o.overwrite ?? false, async (tmp) => {
    // Validates the filters and counts the matching events (the progress total) before any row.
    head = await reportActivity(db, settings, { ...filters, limit: 1, count: true });
    const total = head.total ?? 0;
    const generatedAt = generatedNow();
    const crumbs = head.breadcrumbs.map((b) => b.label);
    const title = `Activity: ${crumbs.join(' › ')}`;
    const about = aboutEntries({ report: title, range: head.range, filters: filterEntries(head), settings, db, generatedAt, rows: total });
    o.onProgress?.({ step: 'activity', done: 0, total });
    const histogram = format === 'html' ? new EventHistogram(db, head.range) : null;
    const stream = async (table: TableHandle) => {
      for await (const batch of iterateActivity(db, settings, filters, o.batchSize ?? 1000)) {
        await throwIfCancelled(o.signal);
        if (histogram) for (const r of batch) histogram.add(r.timestamp);
        await table.rows(batch.map(activityCells));
        written += batch.length;
        o.onProgress?.({ step: 'activity', done: written, total: Math.max(total, written) });
      }
      await throwIfCancelled(o.signal);
    };
    if (format !== 'html') {
      await withDoc(format, tmp, { title, crumbs, about, generatedAt, bom: o.bom, xlsxMaxRows: o.xlsxMaxRows }, async (doc) => {
        const table = await doc.table(ACTIVITY_TABLE);
        await stream(table);
        await table.end();
      });
      return;
    }
    // HTML: the chart above the table needs every row's day, so the rows go to a fragment file
    // first, then the report is assembled: header, chart, the fragment copied in, footer.
    const fragment = `${tmp}.rows`;
    try {
      const rowsSink = new FileSink(fragment);
      try {
        await stream(htmlTableHandle(rowsSink, ACTIVITY_TABLE));
        await rowsSink.close();
      } catch (e) {
        rowsSink.destroy();
        throw e;
      }
      const sink = new FileSink(tmp);
      try {
        await sink.write(
          htmlHead(title) +
            htmlHeader(title, crumbs, about) +
            chartsHtml('Events', [{ label: 'Matching events', values: histogram!.counts }], histogram!.labels) +
            htmlTableStart(ACTIVITY_TABLE),
        );
        await pipeline(createReadStream(fragment), sink.stream, { end: false });
        await sink.write(htmlTableHandleEnd(written) + htmlEnd(generatedAt));
        await sink.close();
      } catch (e) {
        sink.destroy();
        throw e;
      }
    } finally {
      await rm(fragment, { force: true });
    }
  });
  return exportResult(
    'activity',
    { file, bytes, format, rows: written },
    { segmentName: activityName(head!), range: head!.range, excludeStaff: settings.EXCLUDE_STAFF },
  );
}

function htmlTableHandleEnd(rows: number): string {
  return `</tbody></table><p class="crumbs">${rows} events</p></section>\n`;
}

/** A name for the file: the users filter unless it is everyone, then the activity unless it is all. */
function activityName(r: ActivityReport): string | undefined {
  const users = r.breadcrumbs.find((b) => b.filter === 'users');
  const activity = r.breadcrumbs.find((b) => b.filter === 'activity');
  const parts = [users && users.key !== 'all-users' ? users.label : '', activity && activity.key !== 'all-activity' ? activity.key : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

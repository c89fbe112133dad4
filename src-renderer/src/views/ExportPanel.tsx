// The Export bar of the Users and Activity views: a format, "Export" (the current level or every
// matching event with the view's filters) and, in Users, "Export all" (every level of the range).
// While it runs: the progress bar and Cancel; then the file and its rows, or the error.
import { useState } from 'react';
import type { ExportRequest } from '../../../src-preload/contract';
import { formatNumber } from '../format';
import { exportsStore, useExports } from '../stores';
import { outcomeOf, type ExportFormat } from '../stores/exports';
import { ProgressBar } from './ProgressBar';

const FORMATS: Array<{ value: ExportFormat; label: string }> = [
  { value: 'csv', label: 'CSV' },
  { value: 'xlsx', label: 'Excel (.xlsx)' },
  { value: 'html', label: 'HTML report' },
  { value: 'pdf', label: 'PDF' },
];

const WHAT_LABELS: Record<ExportRequest['what'], string> = {
  users: 'this table',
  activity: 'the matching events',
  all: 'every level',
  overview: 'the Overview',
  retention: 'the cohorts',
};

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportPanel({
  idPrefix,
  kinds,
  exportLabel,
  build,
  buildAll,
}: {
  idPrefix: string;
  /** The exports this view starts: only their progress and result are shown here. */
  kinds: ReadonlyArray<ExportRequest['what']>;
  /** The main button's text, e.g. "Export table". */
  exportLabel: string;
  build: (format: ExportFormat) => ExportRequest;
  /** "Export all" (Users only). */
  buildAll?: (format: Exclude<ExportFormat, 'csv'>) => ExportRequest;
}) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const job = useExports((s) => s.job);
  const request = useExports((s) => s.request);
  const pending = useExports((s) => s.pending);
  const error = useExports((s) => s.error);
  const dismissed = useExports((s) => s.dismissed);
  const running = pending || job?.state === 'running';
  // The store holds one export for the whole window; another view's export is only mentioned here.
  const mine = request !== null && kinds.includes(request.what);
  const shown = mine ? job : null;
  const outcome = outcomeOf(shown);
  const what = request ? WHAT_LABELS[request.what] : '';
  const formatLabel = FORMATS.find((f) => f.value === (request?.format ?? format))?.label ?? '';

  return (
    <div className="export-bar" role="group" aria-labelledby={`${idPrefix}-title`}>
      <span id={`${idPrefix}-title`} className="export-title">
        Export
      </span>
      <label className="inline">
        <span className="sr-only">Export format</span>
        <select
          id={`${idPrefix}-format`}
          value={format}
          onChange={(e) => setFormat(e.target.value as ExportFormat)}
          aria-label="Export format"
          disabled={running}
        >
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="secondary" disabled={running} onClick={() => void exportsStore.getState().start(build(format))}>
        {exportLabel}
      </button>
      {buildAll && (
        <button
          type="button"
          className="secondary"
          disabled={running || format === 'csv'}
          title={
            format === 'csv' ? '"Export all" writes one workbook or one report: choose Excel, HTML or PDF' : 'Segments, organizations and users of the range'
          }
          aria-describedby={format === 'csv' ? `${idPrefix}-all-hint` : undefined}
          onClick={() => format !== 'csv' && void exportsStore.getState().start(buildAll(format))}
        >
          Export all levels
        </button>
      )}
      {buildAll && format === 'csv' && (
        <span id={`${idPrefix}-all-hint`} className="muted small">
          “Export all levels” needs Excel, HTML or PDF.
        </span>
      )}
      <div className="export-status" role="status" aria-live="polite" data-testid="export-status">
        {running && !mine && <span className="muted small">Another export is running; its progress is in the view it was started from.</span>}
        {mine && pending && !job && <span className="muted small">Choose where to save {what}…</span>}
        {shown?.state === 'running' && (
          <div className="job-running">
            <ProgressBar job={shown} />
            <button type="button" className="secondary" onClick={() => void exportsStore.getState().cancel()}>
              Cancel export
            </button>
          </div>
        )}
        {outcome && (
          <span className="job-result done" data-testid="export-result">
            Saved {formatNumber(outcome.rows)} {outcome.rows === 1 ? 'row' : 'rows'} ({formatLabel}, {formatBytes(outcome.bytes)}) to{' '}
            <span className="mono">{outcome.file}</span>
          </span>
        )}
        {shown?.state === 'cancelled' && <span className="muted small">Export cancelled: no file was left behind.</span>}
        {mine && dismissed && <span className="muted small">Not exported: no file was chosen.</span>}
      </div>
      {mine && (error || shown?.state === 'failed') && (
        <div className="error-text" role="alert" data-testid="export-error">
          Export failed: {error ?? shown?.error?.message}
          <button type="button" className="link" onClick={() => exportsStore.getState().clear()}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

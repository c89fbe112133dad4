// Retention cohorts: members grouped by the month they joined (rows) and the share of each cohort
// active in each following month (columns), as a heat-map table. Hovering (or focusing) a cell shows its
// counts; the range picks the cohorts; the current month's column is still partial.
import { useEffect, useState, type FocusEvent, type MouseEvent } from 'react';
import type { RetentionReportData } from '../../../src-preload/contract';
import { formatMonth, formatNumber, formatShare } from '../format';
import { addMonths, heatStyle } from '../heat';
import { healthStore, reportsStore, useHealth, useNavigation, useReports, useStaff } from '../stores';
import { DateRangePicker } from './DateRangePicker';
import { ErrorBanner } from './ErrorBanner';
import { ExportPanel } from './ExportPanel';
import { ReportHeader } from './ReportHeader';
import { ReportRunState } from './ReportRunState';
import { SegmentPicker } from './SegmentPicker';

/** The counts of the cell under the pointer (or focused), shown above it; fixed, so the table's scroll box never clips it. */
interface Tip {
  text: string;
  x: number;
  y: number;
}

type ShowTip = (tip: Tip | null) => void;

function HeatCell({
  cohort,
  k,
  report,
  showTip,
}: {
  cohort: RetentionReportData['cohorts'][number];
  k: number;
  report: RetentionReportData;
  showTip: ShowTip;
}) {
  const month = addMonths(cohort.month, k);
  const share = cohort.share[k];
  const active = cohort.active[k];
  if (share === undefined || active === undefined) {
    // The cohort has not reached this month yet.
    return <td className="heat none" aria-label={`${formatMonth(month)}: not reached yet`} />;
  }
  const partial = month === report.current_month;
  const tip =
    share === null
      ? `${formatMonth(cohort.month)} cohort has no members`
      : `${formatNumber(active)} of ${formatNumber(cohort.size)} members who joined in ${formatMonth(cohort.month)} were active in ${formatMonth(month)}${partial ? ' (so far: the month is not over)' : ''}`;
  const show = (e: MouseEvent<HTMLTableCellElement> | FocusEvent<HTMLTableCellElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    showTip({ text: tip, x: r.left + r.width / 2, y: r.top });
  };
  return (
    <td
      className={partial ? 'heat partial' : 'heat'}
      style={share === null ? undefined : heatStyle(share)}
      onMouseEnter={show}
      onFocus={show}
      onMouseLeave={() => showTip(null)}
      onBlur={() => showTip(null)}
      tabIndex={0}
      aria-label={`${formatShare(share)}: ${tip}`}
      data-testid={`cell-${cohort.month}-${k}`}
      data-active={active}
    >
      {formatShare(share)}
    </td>
  );
}

function HeatMap({ report }: { report: RetentionReportData }) {
  const columns = Array.from({ length: report.months }, (_, k) => k);
  const [tip, setTip] = useState<Tip | null>(null);
  // Scrolling moves the cell away from its tip.
  useEffect(() => {
    if (!tip) return;
    const hide = () => setTip(null);
    window.addEventListener('scroll', hide, true);
    return () => window.removeEventListener('scroll', hide, true);
  }, [tip]);
  const x = tip ? Math.min(Math.max(tip.x, 170), window.innerWidth - 170) : 0;
  return (
    <div className="scroll heat-scroll">
      {tip && (
        <div className="heat-tip" role="tooltip" data-testid="heat-tip" style={{ left: x, top: tip.y }}>
          {tip.text}
        </div>
      )}
      <table className="grid heatmap" aria-label="Retention by join month" data-testid="retention-table">
        <thead>
          <tr>
            <th scope="col">Joined in</th>
            <th scope="col" className="num">
              Members
            </th>
            {columns.map((k) => (
              <th key={k} scope="col" className="num" title={k === 0 ? 'The month they joined' : `${k} month${k === 1 ? '' : 's'} after the month they joined`}>
                {k === 0 ? 'Month 0' : `+${k}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.cohorts.map((c) => (
            <tr key={c.month} data-month={c.month}>
              <th scope="row" className="nowrap">
                {formatMonth(c.month)}
              </th>
              <td className="num" data-testid={`size-${c.month}`}>
                {formatNumber(c.size)}
              </td>
              {columns.map((k) => (
                <HeatCell key={k} cohort={c} k={k} report={report} showTip={setTip} />
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" title="Per column: members active over members, over the cohorts that have reached that month">
              Average
            </th>
            <td className="num">{formatNumber(report.cohorts.reduce((n, c) => n + c.size, 0))}</td>
            {columns.map((k) => {
              const a = report.average[k];
              return (
                <td key={k} className="num heat-avg" data-testid={`average-${k}`}>
                  {a === null || a === undefined ? '—' : formatShare(a)}
                </td>
              );
            })}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Legend() {
  return (
    <div className="heat-legend" aria-hidden="true">
      <span>0%</span>
      {[0, 0.25, 0.5, 0.75, 1].map((s) => (
        <span key={s} className="swatch" style={heatStyle(s)} />
      ))}
      <span>100% of the cohort active</span>
      <span className="swatch partial-swatch" />
      <span>this month, so far</span>
    </div>
  );
}

export function RetentionView() {
  const nav = useNavigation((s) => s.retention);
  const setRetention = useNavigation((s) => s.setRetention);
  const options = useReports((s) => s.options);
  const optionsError = useReports((s) => s.optionsError);
  const slot = useHealth((s) => s.retention);
  const staffChanges = useStaff((s) => s.changes);
  const report = slot.data;

  useEffect(() => {
    if (!reportsStore.getState().options) void reportsStore.getState().loadOptions();
  }, []);
  useEffect(() => {
    void healthStore.getState().loadRetention(nav);
  }, [nav, staffChanges]);

  const first = report?.cohorts[0]?.month;
  const last = report?.cohorts[report.cohorts.length - 1]?.month;
  return (
    <section className="retention" aria-labelledby="retention-title">
      <div className="toolbar wrap">
        <h2 id="retention-title">Retention</h2>
        <SegmentPicker
          key={nav.segment}
          idPrefix="retention"
          value={nav.segment}
          name={report?.segment === nav.segment ? report.name : null}
          segments={options?.segments ?? [{ key: 'all-users', name: 'All Users' }]}
          organizations={options?.organizations ?? []}
          onChange={(segment) => setRetention({ segment })}
        />
        <DateRangePicker
          key={nav.dates}
          idPrefix="retention-dates"
          value={nav.dates}
          presets={options?.presets ?? []}
          range={report?.range ?? null}
          today={options?.today ?? null}
          onChange={(dates) => setRetention({ dates })}
        />
      </div>
      {report && (
        <ReportHeader excludeStaff={report.excludeStaff} testId="retention-header" note={report.note}>
          <strong>{report.name}</strong>
          <span>
            {first && last
              ? first === last
                ? `members who joined in ${formatMonth(first)}`
                : `members who joined ${formatMonth(first)} – ${formatMonth(last)}`
              : 'no cohorts'}
          </span>
          <span className="muted">active in each month since, months in {report.zone}</span>
        </ReportHeader>
      )}
      <ErrorBanner
        message={slot.error ?? optionsError}
        onDismiss={() => (healthStore.getState().dismissError('retention'), reportsStore.setState({ optionsError: null }))}
      />
      <ReportRunState slow={slot.slow} stopped={slot.stopped} onRetry={() => void healthStore.getState().loadRetention(nav)} testId="retention-report" />
      <ExportPanel
        kinds={['retention']}
        idPrefix="retention-export"
        exportLabel="Export cohorts"
        build={(format) => ({ what: 'retention', format, segment: nav.segment, dates: nav.dates })}
      />
      <span className="sr-only" role="status" aria-live="polite">
        {slot.loading ? 'Loading the cohorts…' : ''}
      </span>
      {!report && slot.loading && <p className="muted">Loading the cohorts…</p>}
      {report && (
        <div
          className={slot.loading || slot.error ? 'report-body stale' : 'report-body'}
          aria-busy={slot.loading}
          data-testid="retention-body"
          data-segment={report.segment}
        >
          {report.cohorts.every((c) => c.size === 0) ? (
            <p className="notice-box" role="note" data-testid="retention-empty">
              Nobody in {report.name} joined in the months of this range. Pick a longer range to see older cohorts.
            </p>
          ) : (
            <section className="card" aria-label="Cohorts">
              <p className="muted small">
                Each row is the members who joined in that month; each column the share of them active (any counted activity or time on site) that many months
                later. Hover a cell for its counts.
              </p>
              <HeatMap report={report} />
              <Legend />
            </section>
          )}
        </div>
      )}
    </section>
  );
}

// The Overview: forum health for a range and a users segment — active users, new members and their
// activation, the activity counted by the compiler, answering health from the forum's own tables, and
// the range's top askers, answerers and most-viewed questions. Every figure has the previous period
// beside it (value, change, %), and leads to what it counts (the Activity log or the questions).
import { useEffect } from 'react';
import type { OverviewReportData, ReportLinkData } from '../../../src-preload/contract';
import { type FigureKind, formatNumber } from '../format';
import { healthStore, reportsStore, useHealth, useNavigation, useReports, useStaff } from '../stores';
import { ComparisonFigure } from './ComparisonFigure';
import { DateRangePicker } from './DateRangePicker';
import { ErrorBanner } from './ErrorBanner';
import { ExportPanel } from './ExportPanel';
import { OverviewChart } from './OverviewChart';
import { ReportHeader } from './ReportHeader';
import { ReportRunState } from './ReportRunState';
import { SegmentPicker } from './SegmentPicker';

type FigureKey = keyof OverviewReportData['figures'];

interface FigureSpec {
  key: FigureKey;
  label: string;
  kind: FigureKind;
  hint: string;
  lowerIsBetter?: boolean;
}

const SECTIONS: ReadonlyArray<{ id: string; title: string; figures: FigureSpec[] }> = [
  {
    id: 'active',
    title: 'Active users',
    figures: [
      { key: 'active_users', label: 'Active users', kind: 'count', hint: 'Distinct users with any counted activity or time on site in the range' },
      { key: 'dau', label: 'Daily active (DAU)', kind: 'average', hint: 'Average over the days of the range of the users active that day' },
      {
        key: 'wau',
        label: 'Weekly active (WAU)',
        kind: 'average',
        hint: 'Average over the days of the range of the users active in the 7 days ending that day',
      },
      {
        key: 'mau',
        label: 'Monthly active (MAU)',
        kind: 'average',
        hint: 'Average over the days of the range of the users active in the 30 days ending that day',
      },
      { key: 'stickiness', label: 'Stickiness (DAU / MAU)', kind: 'share', hint: 'Average daily active users divided by average monthly active users' },
    ],
  },
  {
    id: 'members',
    title: 'New members',
    figures: [
      { key: 'new_members', label: 'New members', kind: 'count', hint: 'Members whose date_joined falls in the range' },
      { key: 'activated_members', label: 'Activated in 7 days', kind: 'count', hint: 'New members who asked, answered or voted within 7 days of joining' },
      { key: 'activation_rate', label: 'Activation rate', kind: 'share', hint: 'Activated new members divided by new members' },
    ],
  },
  {
    id: 'activity',
    title: 'Activity',
    figures: [
      { key: 'num_questions', label: 'Questions asked', kind: 'count', hint: 'Questions posted, as the compiler counted them' },
      { key: 'num_answers', label: 'Answers posted', kind: 'count', hint: 'Answers posted, as the compiler counted them' },
      { key: 'num_votes', label: 'Votes', kind: 'count', hint: 'Upvotes and downvotes' },
      { key: 'question_views', label: 'Question views', kind: 'count', hint: 'Question-viewed events' },
      { key: 'time_on_site_seconds', label: 'Time on site', kind: 'duration', hint: 'Total time on site of all active users' },
      { key: 'time_on_site_per_active_user_seconds', label: 'Time per active user', kind: 'duration', hint: 'Time on site divided by active users' },
    ],
  },
  {
    id: 'answering',
    title: 'Answering',
    figures: [
      { key: 'questions', label: 'Questions', kind: 'count', hint: 'Questions asked in the range (not deleted), from askbot_post' },
      {
        key: 'answered_24h_share',
        label: 'Answered within 24 h',
        kind: 'share',
        hint: 'Share of the range’s questions whose first answer came within 24 hours',
      },
      { key: 'answered_share', label: 'Answered at all', kind: 'share', hint: 'Share of the range’s questions with at least one answer' },
      {
        key: 'median_first_answer_seconds',
        label: 'Median to 1st answer',
        kind: 'duration',
        hint: 'Median over the answered questions of the time to their first answer',
        lowerIsBetter: true,
      },
      {
        key: 'unanswered',
        label: 'Still unanswered',
        kind: 'count',
        hint: 'The range’s questions with no answer yet, not deleted and not closed',
        lowerIsBetter: true,
      },
    ],
  },
];

/** "12 of 40" under a share, from the counts the report gives beside it. */
const SHARE_COUNTS: Partial<Record<FigureKey, [FigureKey, FigureKey]>> = {
  activation_rate: ['activated_members', 'new_members'],
  answered_24h_share: ['answered_24h', 'questions'],
  answered_share: ['answered', 'questions'],
};

function TopTable({
  id,
  title,
  unit,
  rows,
}: {
  id: string;
  title: string;
  unit: string;
  rows: Array<{ key: string; label: string; count: number; link: ReportLinkData; title?: string }>;
}) {
  const followLink = useNavigation((s) => s.followLink);
  return (
    <section className="card top-list" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted small">Nobody in this range.</p>
      ) : (
        <table className="grid compact" aria-label={title} data-testid={id}>
          <thead>
            <tr>
              <th scope="col" className="num rank">
                #
              </th>
              <th scope="col">{id === 'top-viewed' ? 'Question' : 'User'}</th>
              <th scope="col" className="num">
                {unit}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key}>
                <td className="num rank muted">{i + 1}</td>
                <th scope="row" className="ellipsis" title={r.title ?? r.label}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => followLink(r.link)}
                    aria-label={`${r.label}: ${formatNumber(r.count)} ${unit.toLowerCase()}, show in the Activity log`}
                  >
                    {r.label}
                  </button>
                </th>
                <td className="num">{formatNumber(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Figures({ report }: { report: OverviewReportData }) {
  const f = report.figures;
  const nothing = f.active_users?.value === 0 && f.questions?.value === 0 && f.new_members?.value === 0;
  return (
    <>
      {nothing && (
        <p className="notice-box" role="note" data-testid="overview-empty">
          Nothing was counted for {report.name} in this range: no activity, no questions and no new members. If you expected some, compile the latest events on
          Home, or pick another range.
        </p>
      )}
      <div className="overview-grid">
        {SECTIONS.map((section) => (
          <section key={section.id} className={`card overview-section ${section.id}`} aria-labelledby={`overview-${section.id}`}>
            <h3 id={`overview-${section.id}`}>{section.title}</h3>
            <div className="cmp-figures">
              {section.figures.map((spec) => {
                const counts = SHARE_COUNTS[spec.key];
                const [part, whole] = counts ? [f[counts[0]]?.value, f[counts[1]]?.value] : [null, null];
                return (
                  <div key={spec.key} className="cmp-cell">
                    <ComparisonFigure
                      id={spec.key}
                      label={spec.label}
                      figure={f[spec.key]}
                      kind={spec.kind}
                      hint={spec.hint}
                      lowerIsBetter={spec.lowerIsBetter}
                    />
                    {counts && whole !== null && whole !== undefined && (
                      <div className="muted small share-counts" data-testid={`counts-${spec.key}`}>
                        {formatNumber(part)} of {formatNumber(whole)}
                      </div>
                    )}
                  </div>
                );
              })}
            </div>
            {section.id === 'active' && report.points.length > 0 && <OverviewChart report={report} />}
          </section>
        ))}
      </div>
      <div className="top-grid">
        <TopTable
          id="top-askers"
          title="Top askers"
          unit="Questions"
          rows={report.top.askers.map((r) => ({ key: `u${r.user.id}`, label: r.user.username, count: r.count, link: r.link }))}
        />
        <TopTable
          id="top-answerers"
          title="Top answerers"
          unit="Answers"
          rows={report.top.answerers.map((r) => ({ key: `u${r.user.id}`, label: r.user.username, count: r.count, link: r.link }))}
        />
        <TopTable
          id="top-viewed"
          title="Most-viewed questions"
          unit="Views"
          rows={report.top.viewed.map((r) => ({ key: `p${r.post_id}`, label: r.title ?? `Question ${r.post_id} (gone)`, count: r.views, link: r.link }))}
        />
      </div>
    </>
  );
}

export function OverviewView() {
  const nav = useNavigation((s) => s.overview);
  const setOverview = useNavigation((s) => s.setOverview);
  const options = useReports((s) => s.options);
  const optionsError = useReports((s) => s.optionsError);
  const slot = useHealth((s) => s.overview);
  const staffChanges = useStaff((s) => s.changes);
  const report = slot.data;

  useEffect(() => {
    if (!reportsStore.getState().options) void reportsStore.getState().loadOptions();
  }, []);
  useEffect(() => {
    void healthStore.getState().loadOverview(nav);
  }, [nav, staffChanges]);

  return (
    <section className="overview" aria-labelledby="overview-title">
      <div className="toolbar wrap">
        <h2 id="overview-title">Overview</h2>
        <SegmentPicker
          key={nav.segment}
          idPrefix="overview"
          value={nav.segment}
          name={report?.segment === nav.segment ? report.name : null}
          segments={options?.segments ?? [{ key: 'all-users', name: 'All Users' }]}
          organizations={options?.organizations ?? []}
          onChange={(segment) => setOverview({ segment })}
        />
        <DateRangePicker
          key={nav.dates}
          idPrefix="overview-dates"
          value={nav.dates}
          presets={options?.presets ?? []}
          range={report?.range ?? null}
          today={options?.today ?? null}
          onChange={(dates) => setOverview({ dates })}
        />
      </div>
      {report && (
        <ReportHeader excludeStaff={report.excludeStaff} testId="overview-header" note={report.note}>
          <strong>{report.name}</strong>
          <span>
            {report.range.start} – {report.range.end}
          </span>
          <span className="muted">
            against {report.previous_range.start} – {report.previous_range.end}
          </span>
          <span className="muted">days in {report.zone}</span>
        </ReportHeader>
      )}
      <ErrorBanner
        message={slot.error ?? optionsError}
        onDismiss={() => (healthStore.getState().dismissError('overview'), reportsStore.setState({ optionsError: null }))}
      />
      <ReportRunState slow={slot.slow} stopped={slot.stopped} onRetry={() => void healthStore.getState().loadOverview(nav)} testId="overview-report" />
      <ExportPanel
        kinds={['overview']}
        idPrefix="overview-export"
        exportLabel="Export overview"
        build={(format) => ({ what: 'overview', format, segment: nav.segment, dates: nav.dates })}
      />
      <span className="sr-only" role="status" aria-live="polite">
        {slot.loading ? 'Loading the overview…' : ''}
      </span>
      {!report && slot.loading && (
        <p className="muted" data-testid="overview-loading">
          Loading the overview…
        </p>
      )}
      {report && (
        <div
          className={slot.loading || slot.error ? 'report-body stale' : 'report-body'}
          aria-busy={slot.loading}
          data-testid="overview-body"
          data-segment={report.segment}
        >
          <Figures report={report} />
        </div>
      )}
    </section>
  );
}

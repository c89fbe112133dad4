// The questions behind the Overview's answering figures: asked in the range, answered, answered within
// 24 hours, or still unanswered (not deleted, not closed); newest first, 20 a page. Each question opens
// its thread in the Activity log; the author opens the Users view at that user.
import { useEffect } from 'react';
import { formatNumber, formatSpan, formatTime } from '../format';
import type { QuestionsWhich } from '../stores/navigation';
import { healthStore, useHealth, useNavigation, useStaff } from '../stores';
import { Breadcrumbs } from './Breadcrumbs';
import { ErrorBanner } from './ErrorBanner';
import { ReportHeader } from './ReportHeader';
import { ReportRunState } from './ReportRunState';
import { Pager } from './Pager';

export const WHICH_LABELS: Record<QuestionsWhich, string> = {
  asked: 'Questions asked',
  answered: 'Answered questions',
  'answered-24h': 'Answered within 24 hours',
  unanswered: 'Unanswered questions',
};

export function QuestionsView() {
  const nav = useNavigation((s) => s.questions);
  const setQuestions = useNavigation((s) => s.setQuestions);
  const setView = useNavigation((s) => s.setView);
  const followLink = useNavigation((s) => s.followLink);
  const slot = useHealth((s) => s.questions);
  const staffChanges = useStaff((s) => s.changes);
  const data = slot.data;

  useEffect(() => {
    void healthStore.getState().loadQuestions(nav);
  }, [nav, staffChanges]);

  return (
    <section className="questions" aria-labelledby="questions-title">
      <Breadcrumbs
        crumbs={[
          { label: 'Overview', open: () => setView('overview') },
          { label: WHICH_LABELS[nav.which], current: true },
        ]}
      />
      <div className="toolbar wrap">
        <h2 id="questions-title">{WHICH_LABELS[nav.which]}</h2>
        <label className="inline">
          Show
          <select value={nav.which} onChange={(e) => setQuestions({ which: e.target.value as QuestionsWhich })} aria-label="Which questions">
            {Object.entries(WHICH_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {data && (
        <ReportHeader excludeStaff={data.excludeStaff} testId="questions-header">
          <strong>{data.name}</strong>
          <span>
            asked {data.range.start} – {data.range.end}
          </span>
          <span className="muted" role="status" aria-live="polite" data-testid="questions-count">
            {slot.loading ? 'Loading…' : `${formatNumber(data.row_count)} ${data.row_count === 1 ? 'question' : 'questions'}`}
          </span>
        </ReportHeader>
      )}
      <ErrorBanner message={slot.error} onDismiss={() => healthStore.getState().dismissError('questions')} />
      <ReportRunState slow={slot.slow} stopped={slot.stopped} onRetry={() => void healthStore.getState().loadQuestions(nav)} testId="questions-report" />
      {!data && slot.loading && <p className="muted">Loading the questions…</p>}
      {data && (
        <div className="scroll">
          <table className="grid wide" aria-label="Questions" aria-busy={slot.loading} data-testid="questions-table">
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Asked by</th>
                <th scope="col">Asked</th>
                <th scope="col" className="num">
                  First answer after
                </th>
                <th scope="col" className="num">
                  Answers
                </th>
                <th scope="col" className="num">
                  Views
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No {WHICH_LABELS[nav.which].toLowerCase()} in this range.
                  </td>
                </tr>
              )}
              {data.rows.map((q) => (
                <tr key={q.post_id}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => followLink(q.link)} aria-label={`${q.title}: show its thread in the Activity log`}>
                      {q.title}
                    </button>
                    {q.closed && <span className="badge warn">closed</span>}
                  </th>
                  <td>
                    {q.author ? (
                      <button
                        type="button"
                        className="link"
                        onClick={() => followLink({ view: 'activity', activity: 'question-posted', users: `user:${q.author!.id}`, dates: nav.dates })}
                        aria-label={`Questions of ${q.author.username}`}
                      >
                        {q.author.username}
                      </button>
                    ) : (
                      <span className="muted">gone</span>
                    )}
                  </td>
                  <td className="nowrap">{formatTime(q.asked_at)}</td>
                  <td className="num">{q.first_answer_seconds === null ? <span className="muted">not yet</span> : formatSpan(q.first_answer_seconds)}</td>
                  <td className="num">{formatNumber(q.answers)}</td>
                  <td className="num">{formatNumber(q.views)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager page={data.page} pages={data.pages} onPage={(page) => setQuestions({ page })} testId="questions-page" />}
    </section>
  );
}

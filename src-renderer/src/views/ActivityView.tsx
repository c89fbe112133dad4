// The Activity log: filters (activity, content, users, dates), the newest-first event table with
// keyset "Older"/"Newer" paging and the total, and breadcrumbs of the filters.
import { useEffect, useState } from 'react';
import type { ActivityReportData } from '../../../src-preload/contract';

type ActivityRowData = ActivityReportData['rows'][number];
import { formatNumber, formatTime } from '../format';
import { DEFAULT_NAV } from '../stores/navigation';
import { reportsStore, useNavigation, useReports, useStaff } from '../stores';
import { DateRangePicker } from './DateRangePicker';
import { Breadcrumbs } from './Breadcrumbs';
import { ErrorBanner } from './ErrorBanner';
import { ReportRunState } from './ReportRunState';
import { ExportPanel } from './ExportPanel';
import { StaffNote } from './ReportHeader';
import { activityExport } from '../stores/exports';

function ObjectCell({ row, onContent }: { row: ActivityRowData; onContent: (content: string) => void }) {
  const o = row.object;
  const text = o.title ?? (o.type ? `${o.post_type ?? o.type} ${o.id}` : '');
  if (o.type === 'post' || o.type === 'thread') {
    const content = o.type === 'thread' ? `thread:${o.id}` : o.post_type === 'question' && o.thread_id ? `thread:${o.thread_id}` : `post:${o.id}`;
    return (
      <td>
        <button type="button" className="link" onClick={() => onContent(content)} title={`Show only ${content}`}>
          {text}
        </button>
      </td>
    );
  }
  return <td>{text}</td>;
}

function FilterInputs() {
  const filters = useNavigation((s) => s.activity);
  const setActivity = useNavigation((s) => s.setActivity);
  const options = useReports((s) => s.options);
  const [content, setContent] = useState(filters.content === 'all-content' ? '' : filters.content);
  const [users, setUsersFilter] = useState(filters.users);
  const contentProblem = content.trim() && !/^(thread|post):\d+$/.test(content.trim()) ? 'Write thread:N or post:N (N is the id).' : null;
  return (
    <form
      className="filters"
      aria-label="Activity filters"
      onSubmit={(e) => {
        e.preventDefault();
        if (!contentProblem) setActivity({ content: content.trim() || 'all-content', users: users.trim() || 'all-users' });
      }}
    >
      <label>
        Activity
        <select value={filters.activity} onChange={(e) => setActivity({ activity: e.target.value })} aria-label="Activity segment">
          {(options?.activitySegments ?? [{ key: filters.activity, label: filters.activity }]).map((s) => (
            <option key={s.key} value={s.key}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Content
        <input
          value={content}
          onChange={(e) => setContent(e.target.value)}
          placeholder="all content, or thread:12 / post:34"
          aria-label="Content (thread:N or post:N)"
          aria-invalid={contentProblem !== null}
        />
      </label>
      <label>
        Users
        <input
          value={users}
          onChange={(e) => setUsersFilter(e.target.value)}
          list="activity-user-segments"
          placeholder="all-users, a segment, group:N or user:N"
          aria-label="Users segment"
        />
        <datalist id="activity-user-segments">
          <option value="all-users">All users</option>
          {options?.segments.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </datalist>
      </label>
      <button type="submit" disabled={contentProblem !== null}>
        Apply filters
      </button>
      {contentProblem && (
        <span className="error-text" role="alert">
          {contentProblem}
        </span>
      )}
    </form>
  );
}

export function ActivityView() {
  const filters = useNavigation((s) => s.activity);
  const setActivity = useNavigation((s) => s.setActivity);
  const drill = useNavigation((s) => s.drill);
  const setView = useNavigation((s) => s.setView);
  const options = useReports((s) => s.options);
  const data = useReports((s) => s.activity);
  const loading = useReports((s) => s.activityLoading);
  const total = useReports((s) => s.activityTotal);
  const counting = useReports((s) => s.activityCounting);
  const error = useReports((s) => s.activityError ?? s.optionsError);
  const slow = useReports((s) => s.activitySlow);
  const stopped = useReports((s) => s.activityStopped);
  const cursors = useReports((s) => s.cursors);
  const staffChanges = useStaff((s) => s.changes);

  useEffect(() => {
    if (!reportsStore.getState().options) void reportsStore.getState().loadOptions();
  }, []);
  useEffect(() => {
    void reportsStore.getState().loadActivity(filters);
  }, [filters, staffChanges]);

  const openUser = (key: string | null) => {
    drill(key);
    setView('users');
  };
  const pageNumber = cursors.length;

  return (
    <section className="activity" aria-labelledby="activity-title">
      <Breadcrumbs
        crumbs={[
          { label: 'Analytics', open: () => openUser(null) },
          { label: 'Activity', open: () => setActivity({ ...DEFAULT_NAV.activity, dates: filters.dates }) },
          ...(data?.breadcrumbs ?? []).map((b) =>
            b.filter === 'users' && b.key !== 'all-users'
              ? { label: b.label, open: () => openUser(b.key), title: 'Open in the Users view' }
              : { label: b.label },
          ),
        ]}
      />
      <div className="toolbar wrap">
        <h2 id="activity-title">Activity</h2>
        <DateRangePicker
          key={filters.dates}
          idPrefix="activity-dates"
          value={filters.dates}
          presets={options?.presets ?? []}
          range={data?.range ?? null}
          today={options?.today ?? null}
          onChange={(d) => setActivity({ dates: d })}
        />
        {data && <StaffNote excludeStaff={data.excludeStaff} />}
      </div>
      <FilterInputs key={`${filters.content}|${filters.users}`} />
      <ErrorBanner message={error} onDismiss={() => reportsStore.setState({ activityError: null, optionsError: null })} />
      <ReportRunState slow={slow} stopped={stopped} onRetry={() => void reportsStore.getState().loadActivity(filters)} testId="activity-report" />
      <ExportPanel kinds={['activity']} idPrefix="activity-export" exportLabel="Export events" build={(f) => activityExport(filters, f)} />
      <div className="pager">
        <button type="button" className="secondary" disabled={loading || cursors.length <= 1} onClick={() => void reportsStore.getState().newer(filters)}>
          ← Newer
        </button>
        <button type="button" className="secondary" disabled={loading || !data?.next} onClick={() => void reportsStore.getState().older(filters)}>
          Older →
        </button>
        <span role="status" aria-live="polite" data-testid="activity-total">
          {loading
            ? 'Loading…'
            : data
              ? `Page ${pageNumber} · ${total !== null ? `${formatNumber(total)} events` : counting ? 'counting events…' : 'events'}`
              : ''}
        </span>
      </div>
      {data && (
        <div className="scroll">
          <table className="grid wide" aria-label="Events" aria-busy={loading}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">User</th>
                <th scope="col">Organization</th>
                <th scope="col">Event</th>
                <th scope="col">Object</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    No events match these filters.
                  </td>
                </tr>
              )}
              {data.rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{formatTime(r.timestamp)}</td>
                  <td>
                    {r.user ? (
                      <button type="button" className="link" onClick={() => openUser(`user:${r.user!.id}`)} aria-label={`Open user ${r.user.username}`}>
                        {r.user.username}
                      </button>
                    ) : (
                      <span className="muted">anonymous</span>
                    )}
                  </td>
                  <td>
                    {r.organizations.map((o, i) => (
                      <span key={o.id}>
                        {i > 0 && ', '}
                        <button type="button" className="link" onClick={() => openUser(`group:${o.id}`)} aria-label={`Open organization ${o.name}`}>
                          {o.name}
                        </button>
                      </span>
                    ))}
                  </td>
                  <td>{r.event}</td>
                  <ObjectCell row={r} onContent={(content) => setActivity({ content })} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

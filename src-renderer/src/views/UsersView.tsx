// The Users drill-down: segments → groups → users, with dates, sorting, search, pagination, the
// previous-period comparison and a chart of the selected metrics for the current segment/group/user.
import { useEffect, useState, type ReactNode } from 'react';
import type { UsersReportData } from '../../../src-preload/contract';
import { defaultUsersOrder, defaultUsersSort } from '../../../src-shared/users-sort';

type UsersRowData = UsersReportData['rows'][number];
import { METRICS, METRIC_LABELS, formatMetric, formatNumber } from '../format';
import { navigationStore, reportsStore, useNavigation, useReports, useStaff } from '../stores';
import { allExport, usersExport } from '../stores/exports';
import { usersRequest } from '../stores/reports';
import { DateRangePicker } from './DateRangePicker';
import { Breadcrumbs } from './Breadcrumbs';
import { ErrorBanner } from './ErrorBanner';
import { ReportRunState } from './ReportRunState';
import { ExportPanel } from './ExportPanel';
import { StaffNote } from './ReportHeader';
import { SeriesChart } from './SeriesChart';
import { Pager } from './Pager';

type Comparison = NonNullable<UsersReportData['compare']>['total'];

function Change({ metric, cmp, value }: { metric: string; cmp: Comparison | undefined; value: number | null }) {
  if (!cmp) return null;
  const change = cmp.change[metric as keyof typeof cmp.change];
  const pct = cmp.change_pct[metric as keyof typeof cmp.change_pct];
  if (change === null || change === undefined) return null;
  // Nothing now and nothing before: a "±0" under every empty cell would only be noise.
  if (change === 0 && !value) return null;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const abs = Math.abs(change);
  const text = `${sign}${formatMetric(metric, abs)}${pct === null || pct === undefined ? '' : ` (${sign}${Math.abs(Math.round(pct))}%)`}`;
  return (
    <div className={change > 0 ? 'change up' : change < 0 ? 'change down' : 'change'} aria-label={`change from the previous period ${text}`}>
      {text}
    </div>
  );
}

function MetricCell({ row, metric, cmp, linkTo }: { row: UsersRowData; metric: string; cmp: Comparison | undefined; linkTo: string | null }) {
  const value = row[metric as keyof UsersRowData] as number | null;
  const openActivity = useNavigation((s) => s.openActivity);
  const linkable = linkTo !== null && typeof value === 'number' && value > 0 && metric !== 'time_on_site_seconds' && metric !== 'num_users';
  return (
    <td className="num">
      {linkable ? (
        <button
          type="button"
          className="link"
          onClick={() => openActivity(linkTo, metric)}
          aria-label={`${METRIC_LABELS[metric]} of ${row.name}: ${formatMetric(metric, value)}, show in the Activity log`}
        >
          {formatMetric(metric, value)}
        </button>
      ) : (
        formatMetric(metric, value)
      )}
      <Change metric={metric} cmp={cmp} value={value} />
    </td>
  );
}

/** The search box of the current level; keyed by level and query, so it starts from the applied query. */
function SearchBox({ levelName, children }: { levelName: string; children: ReactNode }) {
  const query = useNavigation((s) => s.users.query);
  const setUsers = useNavigation((s) => s.setUsers);
  const [search, setSearch] = useState(query);
  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        setUsers({ query: search });
      }}
    >
      <input
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder={`Search ${levelName.toLowerCase()} names`}
        aria-label="Search by name"
      />
      <button type="submit">Search</button>
      {query && (
        <button type="button" className="secondary" onClick={() => setUsers({ query: '' })}>
          Clear search
        </button>
      )}
      {children}
    </form>
  );
}

export function UsersView() {
  const nav = useNavigation((s) => s.users);
  const setUsers = useNavigation((s) => s.setUsers);
  const drill = useNavigation((s) => s.drill);
  const openActivity = useNavigation((s) => s.openActivity);
  const options = useReports((s) => s.options);
  const data = useReports((s) => s.users);
  const loading = useReports((s) => s.usersLoading);
  const error = useReports((s) => s.usersError ?? s.optionsError);
  const slow = useReports((s) => s.usersSlow);
  const stopped = useReports((s) => s.usersStopped);
  const series = useReports((s) => s.series);
  const seriesError = useReports((s) => s.seriesError);
  const setView = useNavigation((s) => s.setView);
  const openOverview = useNavigation((s) => s.openOverview);
  // The staff switch moved: the same level again, with or without staff.
  const staffChanges = useStaff((s) => s.changes);
  // The report's crumbs below its top level (segment null), which this view's own "Users" crumb opens.
  // Told by the segment key, never the label: an organization may well be named "Users".
  const crumbs = (data?.breadcrumbs ?? []).filter((b) => b.segment !== null);

  useEffect(() => {
    if (!reportsStore.getState().options) void reportsStore.getState().loadOptions();
  }, []);
  // The table loads again when its request changes; the chart's metrics and type only redraw the chart.
  const tableRequest = JSON.stringify(usersRequest(nav));
  useEffect(() => {
    void reportsStore.getState().loadUsers(navigationStore.getState().users);
  }, [tableRequest, staffChanges]);
  const { segment, dates, metrics } = nav;
  useEffect(() => {
    void reportsStore.getState().loadSeries(navigationStore.getState().users);
  }, [segment, dates, metrics, staffChanges]);

  // The sort the table shows: the chosen column and direction, else the report's defaults for this level.
  const shownSort = nav.sort || (data ? defaultUsersSort(data.level) : null);
  const shownOrder = nav.order || defaultUsersOrder(shownSort);
  // The shown column again flips its direction; another column starts at its own default direction.
  const sortBy = (field: string) =>
    setUsers(field === shownSort ? { sort: field, order: shownOrder === 'asc' ? 'desc' : 'asc' } : { sort: field, order: defaultUsersOrder(field) });
  const sortState = (field: string): 'ascending' | 'descending' | 'none' => (field !== shownSort ? 'none' : shownOrder === 'asc' ? 'ascending' : 'descending');
  const cmpOf = (key: string) => data?.compare?.rows.find((r) => r.key === key);
  const levelName = data?.level === 'segments' ? 'Segment' : data?.level === 'groups' ? 'Group' : 'User';
  const rowLabel = (row: UsersRowData) => (data?.level === 'users' ? `Activity of ${row.name}` : `Open ${row.name}`);

  return (
    <section className="users" aria-labelledby="users-title">
      <Breadcrumbs
        crumbs={[
          { label: 'Analytics', open: () => setView('home') },
          crumbs.length > 0 ? { label: 'Users', open: () => drill(null) } : { label: 'Users', current: true },
          ...crumbs.map((b, i) => (i < crumbs.length - 1 ? { label: b.label, open: () => drill(b.segment) } : { label: b.label, current: true })),
        ]}
      />
      <div className="toolbar wrap">
        <h2 id="users-title">Users</h2>
        <DateRangePicker
          key={dates}
          idPrefix="users-dates"
          value={dates}
          presets={options?.presets ?? []}
          range={data?.range ?? null}
          today={options?.today ?? null}
          onChange={(d) => setUsers({ dates: d })}
        />
        <label className="inline">
          <input
            type="checkbox"
            checked={nav.compare}
            onChange={(e) => setUsers({ compare: e.target.checked })}
            aria-label="Compare with the previous period"
          />{' '}
          Compare with the previous period
        </label>
        {data && <StaffNote excludeStaff={data.excludeStaff} />}
        <button
          type="button"
          className="secondary"
          onClick={() => openOverview(nav.segment ?? 'all-users')}
          title="Forum health of these users: active users, new members, answering, top lists"
        >
          Overview of {crumbs.length ? crumbs[crumbs.length - 1]!.label : 'all users'}
        </button>
      </div>
      {nav.compare && data?.compare && (
        <p className="muted small" data-testid="compare-range">
          Changes against {data.compare.range.start} – {data.compare.range.end}
        </p>
      )}
      <ErrorBanner message={error} onDismiss={() => reportsStore.setState({ usersError: null, optionsError: null })} />
      <ReportRunState slow={slow} stopped={stopped} onRetry={() => void reportsStore.getState().loadUsers(nav)} testId="users-report" />
      <ExportPanel
        kinds={['users', 'all']}
        idPrefix="users-export"
        exportLabel={`Export ${levelName.toLowerCase()}s`}
        build={(f) => usersExport(nav, f)}
        buildAll={(f) => allExport(nav, f)}
      />
      <SearchBox key={`${nav.segment ?? ''}|${nav.query}`} levelName={levelName}>
        <span className="muted small" role="status" aria-live="polite">
          {loading ? 'Loading…' : data ? `${formatNumber(data.row_count)} ${data.row_count === 1 ? data.level.slice(0, -1) : data.level}` : ''}
        </span>
      </SearchBox>
      {data && (
        <div className="scroll">
          <table className="grid wide" aria-label={`${levelName}s`} aria-busy={loading} data-level={data.level}>
            <thead>
              <tr>
                <th scope="col" aria-sort={sortState('name')}>
                  <button type="button" className="sort" onClick={() => sortBy('name')}>
                    {levelName}
                  </button>
                </th>
                {METRICS.map((m) => (
                  <th key={m} scope="col" className="num" aria-sort={sortState(m)}>
                    <button type="button" className="sort" onClick={() => sortBy(m)}>
                      {METRIC_LABELS[m]}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.length === 0 && (
                <tr>
                  <td colSpan={METRICS.length + 1} className="muted">
                    Nothing to show{nav.query ? ` for “${nav.query}”` : ''}.
                  </td>
                </tr>
              )}
              {data.rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link"
                      onClick={() => (data.level === 'users' ? openActivity(row.key, null) : drill(row.key))}
                      aria-label={rowLabel(row)}
                    >
                      {row.name}
                    </button>
                  </th>
                  {METRICS.map((m) => (
                    <MetricCell key={m} row={row} metric={m} cmp={cmpOf(row.key)} linkTo={row.key} />
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                {METRICS.map((m) => (
                  <MetricCell key={m} row={data.total} metric={m} cmp={data.compare?.total} linkTo={data.segment ?? 'all-users'} />
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {data && <Pager page={data.page} pages={data.pages} onPage={(page) => setUsers({ page })} testId="users-page" />}
      <section className="card chart-card" aria-labelledby="chart-title">
        <div className="toolbar wrap">
          <h3 id="chart-title">Over time</h3>
          <fieldset className="metric-picks">
            <legend className="sr-only">Metrics to chart</legend>
            {METRICS.map((m) => (
              <label key={m} className="inline">
                <input
                  type="checkbox"
                  checked={metrics.includes(m)}
                  onChange={(e) => setUsers({ metrics: e.target.checked ? [...metrics, m] : metrics.filter((x) => x !== m), page: nav.page })}
                />{' '}
                {METRIC_LABELS[m]}
              </label>
            ))}
          </fieldset>
          <label className="inline">
            Chart
            <select value={nav.chart} onChange={(e) => setUsers({ chart: e.target.value as 'line' | 'bar', page: nav.page })} aria-label="Chart type">
              <option value="line">Lines</option>
              <option value="bar">Bars</option>
            </select>
          </label>
        </div>
        {seriesError && <div className="error-text">{seriesError}</div>}
        {series && <SeriesChart series={series} type={nav.chart} label={data?.breadcrumbs[data.breadcrumbs.length - 1]?.label ?? 'All users'} />}
      </section>
    </section>
  );
}

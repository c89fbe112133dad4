// Home: the database at a glance and the one-click jobs (compile, organizations, seeding).
import { useEffect, useState } from 'react';
import type { ConnectionInfo, JobInfo } from '../../../src-preload/contract';
import { JOB_LABELS, formatClock, formatDay, formatNumber, formatTime } from '../format';
import { latestJob } from '../stores/jobs';
import { useConnection, useJobs } from '../stores';
import { ErrorBanner } from './ErrorBanner';
import { ProgressBar } from './ProgressBar';

/** The end of the hourly bucket that starts at this ISO instant. */
const hourEnd = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString();

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** What a finished job says, in the moderator's words: typed by the job's kind. */
function resultPairs(job: JobInfo): Array<[string, string]> {
  if (!job.result) return [];
  switch (job.kind) {
    case 'compile': {
      const r = job.result;
      return [
        ['compiled up to', formatTime(r.compiledUpTo)],
        ...(r.rebuild ? ([['rebuilt from', r.from ?? 'the first event']] as Array<[string, string]>) : []),
        ['events summarized', formatNumber(r.events_summarized)],
        ['sessions summarized', formatNumber(r.sessions_summarized)],
        ['took', seconds(r.duration_ms)],
      ];
    }
    case 'createGroups': {
      const r = job.result;
      return [
        ['groups created', formatNumber(r.toCreate)],
        ['groups flagged for analytics', formatNumber(r.toFlag)],
        ['new memberships', formatNumber(r.newMemberships)],
        ['group summaries rebuilt', yesNo(r.summariesRebuilt)],
      ];
    }
    case 'seedEvents': {
      const r = job.result;
      return [
        ['sessions added', formatNumber(r.sessionsAdded)],
        ['sessions extended', formatNumber(r.sessionsExtended)],
        ['events added', formatNumber(r.eventsAdded)],
      ];
    }
    case 'seedDemo': {
      const r = job.result;
      return [
        ['users', formatNumber(r.users)],
        ['threads', formatNumber(r.threads)],
        ['events', formatNumber(r.events)],
      ];
    }
    case 'export':
    case 'exportPdf':
      return [
        ['file', job.result.file],
        ['rows', formatNumber(job.result.rows)],
      ];
  }
}

function JobOutcome({ job }: { job: JobInfo }) {
  const cancel = useJobs((s) => s.cancel);
  const label = JOB_LABELS[job.kind];
  if (job.state === 'running') {
    return (
      <div className="job-running">
        <ProgressBar job={job} />
        <button type="button" className="secondary" onClick={() => void cancel(job.jobId)} aria-label={`Cancel ${label}`}>
          Cancel
        </button>
      </div>
    );
  }
  const pairs = resultPairs(job);
  return (
    <div className={`job-result ${job.state}`} role="status" data-testid={`result-${job.kind}`}>
      <strong>
        {job.state === 'done' ? 'Done' : job.state === 'cancelled' ? 'Cancelled' : 'Failed'}
        {job.finishedAt ? ` at ${formatTime(job.finishedAt)}` : ''}
      </strong>
      {job.error && <div className="error-text">{job.error.message}</div>}
      {pairs.length > 0 && (
        <dl className="pairs">
          {pairs.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function OrganizationsCard({ disabled }: { disabled: string | null }) {
  const preview = useJobs((s) => s.preview);
  const previewError = useJobs((s) => s.previewError);
  const loading = useJobs((s) => s.previewLoading);
  const loadPreview = useJobs((s) => s.loadPreview);
  const clearPreview = useJobs((s) => s.clearPreview);
  const start = useJobs((s) => s.start);
  const job = useJobs((s) => latestJob(s.jobs, 'createGroups'));
  const running = job?.state === 'running';
  const changes = preview ? preview.groups.filter((g) => g.action !== 'keep' || g.newMembers > 0) : [];
  return (
    <section className={preview ? 'card wide' : 'card'} aria-labelledby="orgs-title">
      <h3 id="orgs-title">Create organizations</h3>
      <p>One analytics group per e-mail domain; every user joins their domain&apos;s group. You see what would change before anything is written.</p>
      <button type="button" onClick={() => void loadPreview()} disabled={loading || running || disabled !== null}>
        Preview organizations
      </button>
      {disabled && <p className="muted small">{disabled}</p>}
      {previewError && (
        <div className="error-text" role="alert">
          {previewError}
        </div>
      )}
      {preview && (
        <div className="preview">
          {!preview.enabled ? (
            <p className="warn-text" role="note">
              Organizations by e-mail domain are switched off: turn on ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED in Settings to create them.
            </p>
          ) : (
            <p data-testid="preview-summary">
              {formatNumber(preview.toCreate)} groups to create, {formatNumber(preview.toFlag)} to flag for analytics, {formatNumber(preview.newMemberships)}{' '}
              new memberships.
            </p>
          )}
          {changes.length > 0 && (
            <div className="scroll">
              <table className="grid" aria-label="Organizations preview">
                <thead>
                  <tr>
                    <th scope="col">Organization</th>
                    <th scope="col">Domains</th>
                    <th scope="col">Action</th>
                    <th scope="col" className="num">
                      Users
                    </th>
                    <th scope="col" className="num">
                      Users joining
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((g) => (
                    <tr key={`${g.name}-${g.groupId ?? 'new'}`}>
                      <td>{g.name}</td>
                      <td className="small">{g.domains.join(', ') || '(no domain)'}</td>
                      <td>{g.action === 'create' ? 'create' : g.action === 'flag' ? 'flag for analytics' : 'keep'}</td>
                      <td className="num">{formatNumber(g.users)}</td>
                      <td className="num">{formatNumber(g.newMembers)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="row">
            <button
              type="button"
              onClick={() => void start({ kind: 'createGroups' })}
              disabled={!preview.enabled || running || disabled !== null}
              title={!preview.enabled ? 'Switched off in Settings' : undefined}
            >
              Confirm and create
            </button>
            <button type="button" className="secondary" onClick={clearPreview}>
              Close preview
            </button>
          </div>
        </div>
      )}
      {job && <JobOutcome job={job} />}
    </section>
  );
}

function SeedCard({ connection, disabled }: { connection: ConnectionInfo; disabled: string | null }) {
  const start = useJobs((s) => s.start);
  const job = useJobs((s) => latestJob(s.jobs, 'seedEvents'));
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="card" aria-labelledby="seed-title">
      <h3 id="seed-title">Seed analytics content</h3>
      <p>
        Derives sessions and events from the forum&apos;s existing activity (Askbot&apos;s askbot_add_test_analytics_content). Running it twice adds nothing
        twice.
      </p>
      {confirming ? (
        <div className="confirm" role="group" aria-label="Confirm seeding">
          <p>
            Write sessions and events into <strong className="mono">{connection.database}</strong>?
          </p>
          <div className="row">
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                void start({ kind: 'seedEvents' });
              }}
            >
              Yes, seed this database
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              No
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} disabled={job?.state === 'running' || disabled !== null}>
          Seed analytics content…
        </button>
      )}
      {disabled && <p className="muted small">{disabled}</p>}
      {job && <JobOutcome job={job} />}
    </section>
  );
}

export function HomeView({ connection }: { connection: ConnectionInfo }) {
  const refresh = useConnection((s) => s.refreshStatus);
  const jobs = useJobs((s) => s.jobs);
  const refreshJobs = useJobs((s) => s.refresh);
  const start = useJobs((s) => s.start);
  const error = useJobs((s) => s.error);
  const clearError = useJobs((s) => s.clearError);
  const autoCompile = useJobs((s) => s.autoCompile);
  const setAutoCompile = useJobs((s) => s.setAutoCompile);
  const connError = useConnection((s) => s.error);
  const clearConnError = useConnection((s) => s.clearError);
  const compile = latestJob(jobs, 'compile');
  const lastCompile = [...jobs].reverse().find((j) => j.kind === 'compile' && j.state !== 'running');

  useEffect(() => {
    void refreshJobs();
    void refresh();
  }, [refreshJobs, refresh]);

  const { status } = connection;
  const counts = status.counts;
  const readOnly = connection.readOnly ? 'This connection is read-only: jobs cannot write to it.' : null;
  const figures: Array<[string, string, string?]> = [
    ['Engine', status.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'],
    [
      'Last compile',
      lastCompile ? (lastCompile.state === 'done' ? 'Done' : lastCompile.state === 'failed' ? 'Failed' : 'Cancelled') : 'None yet',
      lastCompile ? formatTime(lastCompile.finishedAt ?? lastCompile.startedAt) : 'in this session',
    ],
    // The newest compiled hour is read from the summaries, so it holds across sessions and other machines.
    status.compiled_through
      ? [
          'Compiled through',
          formatClock(hourEnd(status.compiled_through)),
          `newest compiled hour: ${formatDay(status.compiled_through)}, ${formatClock(status.compiled_through)}–${formatClock(hourEnd(status.compiled_through))}`,
        ]
      : ['Compiled through', 'Not yet', status.schema.analytics ? 'nothing compiled yet: run Compile' : 'nothing compiled yet'],
    ['Events waiting to be compiled', formatNumber(counts?.unsummarized_events)],
    // Highest ids, read in one index probe: counting millions of rows after every job would stall the database.
    ['Events', formatNumber(counts?.events), "recorded so far (the newest event's id)"],
    ['Sessions', formatNumber(counts?.sessions), "recorded so far (the newest session's id)"],
    ['Users', formatNumber(counts?.users)],
    ['Groups', formatNumber(counts?.groups)],
    ['Analytics groups', formatNumber(counts?.analytics_groups)],
  ];
  return (
    <section className="home" aria-labelledby="home-title">
      <div className="toolbar">
        <h2 id="home-title">Home</h2>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      <ErrorBanner message={error} onDismiss={clearError} />
      <ErrorBanner message={connError} onDismiss={clearConnError} />
      <p className="db-line" data-testid="db-line">
        <span className="badge">{status.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}</span> <span className="mono">{status.database}</span>
        {status.read_only && <span className="badge warn">read-only</span>}
        <span className={status.schema.analytics ? 'badge ok' : 'badge warn'}>
          {status.schema.analytics ? 'Askbot schema found' : 'Askbot schema incomplete'}
        </span>
      </p>
      <div className="figures">
        {figures.map(([label, value, note]) => (
          <div className="figure" key={label} data-testid={`figure-${label}`}>
            <div className="value">{value}</div>
            <div className="label">
              {label}
              {note && <span className="note">{note}</span>}
            </div>
          </div>
        ))}
      </div>
      <div className="cards">
        <section className="card" aria-labelledby="compile-title">
          <h3 id="compile-title">Compile</h3>
          <p>Turns the raw analytics events into the hourly and daily summaries the reports read. Only completed hours are compiled.</p>
          <div className="row">
            <button
              type="button"
              onClick={() => void start({ kind: 'compile' })}
              disabled={readOnly !== null}
              aria-keyshortcuts="Control+Shift+C Meta+Shift+C"
              title="Ctrl/⌘+Shift+C"
            >
              Compile now
            </button>
            <label className="inline">
              <input
                type="checkbox"
                checked={autoCompile}
                onChange={(e) => setAutoCompile(e.target.checked)}
                aria-label="Compile every hour while the app is open"
              />{' '}
              Every hour while open
            </label>
          </div>
          {readOnly && <p className="muted small">{readOnly}</p>}
          {compile && <JobOutcome job={compile} />}
        </section>
        <OrganizationsCard disabled={readOnly} />
        <SeedCard connection={connection} disabled={readOnly} />
      </div>
    </section>
  );
}

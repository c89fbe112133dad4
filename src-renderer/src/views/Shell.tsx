// The signed-in console: the view switcher, the "Leave staff out" switch, the account and connection,
// keyboard shortcuts, the running job's progress on every view, and the optional hourly auto-compile.
import { useEffect } from 'react';
import type { ConnectionInfo, SignedInUser } from '../../../src-preload/contract';
import { runningJob } from '../stores/jobs';
import { VIEWS } from '../stores/navigation';
import { shortcutOf } from '../shortcuts';
import { jobsStore, navigationStore, staffStore, useAuth, useConnection, useJobs, useNavigation, useStaff } from '../stores';
import { ActivityView } from './ActivityView';
import { ErrorBanner } from './ErrorBanner';
import { HomeView } from './HomeView';
import { OverviewView } from './OverviewView';
import { ProgressBar } from './ProgressBar';
import { QuestionsView } from './QuestionsView';
import { RetentionView } from './RetentionView';
import { SettingsView } from './SettingsView';
import { UsersView } from './UsersView';

const HOUR_MS = 60 * 60 * 1000;
const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

/** "Leave staff out": remembered with the connection; every report, chart and export follows it. */
function StaffSwitch() {
  const excludeStaff = useStaff((s) => s.excludeStaff);
  const saving = useStaff((s) => s.saving);
  return (
    <label
      className="inline staff-switch"
      title="Leave administrators, moderators and superusers out of every report, chart and export (remembered for this connection)"
    >
      <input
        type="checkbox"
        role="switch"
        checked={excludeStaff === true}
        aria-checked={excludeStaff === true}
        disabled={excludeStaff === null || saving}
        onChange={(e) => void staffStore.getState().set(e.target.checked)}
      />
      Leave staff out
    </label>
  );
}

function StaffError() {
  const error = useStaff((s) => s.error);
  return <ErrorBanner message={error} onDismiss={() => staffStore.getState().clearError()} />;
}

export function Shell({ connection, user }: { connection: ConnectionInfo; user: SignedInUser }) {
  const view = useNavigation((s) => s.view);
  const setView = useNavigation((s) => s.setView);
  const signOut = useAuth((s) => s.signOut);
  const disconnect = useConnection((s) => s.disconnect);
  const running = useJobs((s) => runningJob(s.jobs));
  const autoCompile = useJobs((s) => s.autoCompile);

  useEffect(() => {
    void staffStore.getState().load();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutOf(e);
      if (!action) return;
      e.preventDefault();
      if ('view' in action) navigationStore.getState().setView(action.view);
      else void jobsStore.getState().start({ kind: 'compile' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!autoCompile) return;
    const timer = window.setInterval(() => {
      // Skipped while another job runs: the next hour picks the work up.
      if (!runningJob(jobsStore.getState().jobs)) void jobsStore.getState().start({ kind: 'compile' });
    }, HOUR_MS);
    return () => window.clearInterval(timer);
  }, [autoCompile]);

  return (
    <>
      <header className="app-header">
        <h1>Askbot Analytics Console</h1>
        <nav aria-label="Views" className="tabs">
          {VIEWS.map((v, i) => (
            <button
              key={v.name}
              type="button"
              className={view === v.name || (view === 'questions' && v.name === 'overview') ? 'tab active' : 'tab'}
              aria-current={view === v.name ? 'page' : undefined}
              onClick={() => setView(v.name)}
              title={`${v.label} (${MOD}${i + 1})`}
              aria-keyshortcuts={`Control+${i + 1} Meta+${i + 1}`}
            >
              {v.label}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        {running && view !== 'home' && (
          <div className="header-job">
            <ProgressBar job={running} />
          </div>
        )}
        <StaffSwitch />
        <span className="muted small" data-testid="signed-in-as">
          {user.username} ({user.role}) · {connection.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}
          {connection.readOnly ? ' · read-only' : ''}
        </span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
        <button type="button" className="secondary" onClick={() => void disconnect()}>
          Disconnect
        </button>
      </header>
      <main>
        <StaffError />
        {view === 'home' && <HomeView connection={connection} />}
        {view === 'overview' && <OverviewView />}
        {view === 'questions' && <QuestionsView />}
        {view === 'users' && <UsersView />}
        {view === 'activity' && <ActivityView />}
        {view === 'retention' && <RetentionView />}
        {view === 'settings' && <SettingsView />}
      </main>
    </>
  );
}

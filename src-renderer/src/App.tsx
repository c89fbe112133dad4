import { useEffect } from 'react';
import {
  authStore,
  connectionStore,
  exportsStore,
  healthStore,
  jobsStore,
  navigationStore,
  reportsStore,
  settingsStore,
  staffStore,
  useAuth,
  useConnection,
} from './stores';
import { ConnectView } from './views/ConnectView';
import { Shell } from './views/Shell';
import { SignInView } from './views/SignInView';

export function App() {
  const connection = useConnection((s) => s.connection);
  const busy = useConnection((s) => s.busy);
  const user = useAuth((s) => s.user);
  const connectionKey = connection ? (connection.profileId ?? `${connection.engine}:${connection.database}`) : null;

  useEffect(() => {
    void connectionStore.getState().init();
    // Job events are followed for the window's whole life: jobs survive switching views.
    const unlisten = jobsStore.getState().listen();
    const unlistenExports = exportsStore.getState().listen();
    const offFinished = window.analytics.events.jobFinished(() => void connectionStore.getState().refreshStatus());
    return () => {
      unlisten();
      unlistenExports();
      offFinished();
    };
  }, []);

  // A new connection: its own navigation, a fresh sign-in state, no reports of the previous database.
  useEffect(() => {
    navigationStore.getState().restore(connectionKey);
    reportsStore.getState().reset();
    healthStore.getState().reset();
    staffStore.getState().reset();
    settingsStore.setState({ view: null, problems: {}, error: null, notice: null });
    authStore.getState().reset();
    // Results of another database's jobs would mislead; a job still running keeps its progress bar.
    if (exportsStore.getState().job?.state !== 'running') exportsStore.getState().clear();
    jobsStore.setState((s) => ({ jobs: s.jobs.filter((j) => j.state === 'running'), preview: null, previewError: null, error: null }));
    if (connectionKey) {
      void authStore.getState().init();
      void jobsStore.getState().refresh();
    }
  }, [connectionKey]);

  return (
    <div className="app" aria-busy={busy !== null}>
      {!(connection && user) && (
        <header className="app-header">
          <h1>Askbot Analytics Console</h1>
          {busy && (
            <span className="busy" role="status">
              {busy}
            </span>
          )}
        </header>
      )}
      {!connection ? (
        <main>
          <ConnectView />
        </main>
      ) : !user ? (
        <main>
          <SignInView connection={connection} />
        </main>
      ) : (
        <Shell connection={connection} user={user} />
      )}
    </div>
  );
}

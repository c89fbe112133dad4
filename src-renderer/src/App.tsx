import { useEffect } from 'react';
import { connectionStore, useConnection } from './stores';
import { ConnectView } from './views/ConnectView';
import { StatusView } from './views/StatusView';

export function App() {
  const connection = useConnection((s) => s.connection);
  const busy = useConnection((s) => s.busy);
  useEffect(() => {
    void connectionStore.getState().init();
  }, []);
  return (
    <div className="app" aria-busy={busy !== null}>
      <header className="app-header">
        <h1>Askbot Analytics Console</h1>
        {busy && (
          <span className="busy" role="status">
            {busy}
          </span>
        )}
      </header>
      <main>{connection ? <StatusView connection={connection} /> : <ConnectView />}</main>
    </div>
  );
}

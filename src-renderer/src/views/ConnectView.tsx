// The start screen: open a SQLite file, connect to PostgreSQL, or create the demo database.
import { useState, type FormEvent } from 'react';
import { useConnection } from '../stores';
import { ErrorBanner } from './ErrorBanner';

export function ConnectView() {
  const connect = useConnection((s) => s.connect);
  const createDemo = useConnection((s) => s.createDemo);
  const error = useConnection((s) => s.error);
  const clearError = useConnection((s) => s.clearError);
  const busy = useConnection((s) => s.busy) !== null;
  const [path, setPath] = useState('');
  const [url, setUrl] = useState('');

  const openSqlite = (e: FormEvent) => {
    e.preventDefault();
    void connect({ engine: 'sqlite', path });
  };
  const openPostgres = (e: FormEvent) => {
    e.preventDefault();
    void connect({ engine: 'postgres', url });
  };

  return (
    <section className="connect" aria-labelledby="connect-title">
      <h2 id="connect-title">Open a forum database</h2>
      <ErrorBanner message={error} onDismiss={clearError} />
      <div className="cards">
        <form className="card" onSubmit={openSqlite} aria-label="Open a SQLite database">
          <h3>SQLite file</h3>
          <label>
            Path to the Askbot database file
            <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/srv/askbot/askbot.sqlite" aria-label="SQLite file path" />
          </label>
          <button type="submit" disabled={busy || !path.trim()}>
            Open
          </button>
        </form>
        <form className="card" onSubmit={openPostgres} aria-label="Connect to PostgreSQL">
          <h3>PostgreSQL</h3>
          <label>
            Connection URL
            <input
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="postgres://user:password@host:5432/askbot"
              aria-label="PostgreSQL URL"
              type="password"
              autoComplete="off"
            />
          </label>
          <button type="submit" disabled={busy || !url.trim()}>
            Connect
          </button>
        </form>
        <div className="card">
          <h3>Demo</h3>
          <p>A built-in sample forum, to explore the console without touching a real site.</p>
          <button type="button" onClick={() => void createDemo()} disabled={busy}>
            Open the demo database
          </button>
        </div>
      </div>
    </section>
  );
}

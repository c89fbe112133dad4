// The start screen: saved connection profiles, a SQLite file, a PostgreSQL connection, or a new demo
// database (built by the seeder in a worker, with its progress shown here).
import { useState, type FormEvent } from 'react';
import type { ConnectRequest, ProfileSummary } from '../../../src-preload/contract';
import { runningJob } from '../stores/jobs';
import { connectionStore, useConnection, useJobs } from '../stores';
import { ErrorBanner } from './ErrorBanner';
import { HostKeyPrompt } from './HostKeyPrompt';
import { EMPTY_SSH_TUNNEL, SshTunnelFields, sshRequest, sshTunnelReady, type SshTunnelForm } from './SshTunnelFields';
import { ProgressBar } from './ProgressBar';

type TlsMode = 'disable' | 'prefer' | 'require' | 'verify-full';

function ProfileRow({ profile, busy }: { profile: ProfileSummary; busy: boolean }) {
  const openProfile = useConnection((s) => s.openProfile);
  const deleteProfile = useConnection((s) => s.deleteProfile);
  const [password, setPassword] = useState('');
  const needsPassword = profile.engine === 'postgres' && !profile.hasSavedPassword;
  const [sshSecret, setSshSecret] = useState('');
  const needsSshSecret = profile.ssh !== undefined && profile.ssh.auth !== 'agent' && !profile.ssh.hasSavedSecret;
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="profile">
      <form
        className="profile-form"
        onSubmit={(e) => {
          e.preventDefault();
          void openProfile(profile.id, needsPassword && password ? password : undefined, needsSshSecret && sshSecret ? sshSecret : undefined);
        }}
        aria-label={`Saved connection ${profile.name}`}
      >
        <div className="profile-name">
          <strong>{profile.name}</strong> <span className="badge">{profile.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}</span>
          {profile.demo && <span className="badge ok">demo</span>}
          <div className="muted small">{profile.target}</div>
        </div>
        {needsPassword && (
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-label={`Password for ${profile.name}`}
            placeholder="Password"
            autoComplete="off"
          />
        )}
        {needsSshSecret && (
          <input
            type="password"
            value={sshSecret}
            onChange={(e) => setSshSecret(e.target.value)}
            aria-label={`SSH ${profile.ssh?.auth === 'password' ? 'password' : 'key passphrase'} for ${profile.name}`}
            placeholder={profile.ssh?.auth === 'password' ? 'SSH password' : 'SSH key passphrase (if any)'}
            autoComplete="off"
          />
        )}
        <button type="submit" disabled={busy} aria-label={`Open ${profile.name}`}>
          Open
        </button>
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void deleteProfile(profile.id)} aria-label={`Really delete ${profile.name}`}>
              Delete
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirming(true)} disabled={busy} aria-label={`Delete ${profile.name}`}>
            Delete…
          </button>
        )}
      </form>
    </li>
  );
}

/** The name a new connection is saved under in the list of connections (none: not saved). */
function SaveAsField({
  value,
  onChange,
  placeholder,
  'aria-label': ariaLabel,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  'aria-label': string;
}) {
  return (
    <label>
      Save as (optional)
      <input value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} aria-label={ariaLabel} />
    </label>
  );
}

/** Open a connection for reports only: no job runs on it. */
function ReadOnlyCheckbox({ checked, onChange, 'aria-label': ariaLabel }: { checked: boolean; onChange: (checked: boolean) => void; 'aria-label': string }) {
  return (
    <label className="inline">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-label={ariaLabel} /> Read-only (reports only, no jobs)
    </label>
  );
}

export function ConnectView() {
  const connect = useConnection((s) => s.connect);
  const createDemo = useConnection((s) => s.createDemo);
  const error = useConnection((s) => s.error);
  const clearError = useConnection((s) => s.clearError);
  const profiles = useConnection((s) => s.profiles);
  const busyLabel = useConnection((s) => s.busy);
  const busy = busyLabel !== null;
  const demoJob = useJobs((s) => runningJob(s.jobs));
  const passwordStorage = profiles?.passwordStorage ?? false;

  const [path, setPath] = useState('');
  const [sqliteName, setSqliteName] = useState('');
  const [pgMode, setPgMode] = useState<'url' | 'fields'>('url');
  const [url, setUrl] = useState('');
  const [host, setHost] = useState('localhost');
  const [port, setPort] = useState('5432');
  const [database, setDatabase] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [tls, setTls] = useState<TlsMode>('prefer');
  const [pgName, setPgName] = useState('');
  const [savePassword, setSavePassword] = useState(false);
  const [sqliteReadOnly, setSqliteReadOnly] = useState(false);
  const [pgReadOnly, setPgReadOnly] = useState(false);
  const [ssh, setSsh] = useState<SshTunnelForm>(EMPTY_SSH_TUNNEL);

  const openSqlite = (e: FormEvent) => {
    e.preventDefault();
    const request: ConnectRequest = { engine: 'sqlite', path: path.trim(), ...(sqliteReadOnly ? { readOnly: true } : {}) };
    void connect(request, sqliteName.trim() ? { name: sqliteName.trim(), savePassword: false } : undefined);
  };
  const openPostgres = (e: FormEvent) => {
    e.preventDefault();
    const request: ConnectRequest =
      pgMode === 'url'
        ? { engine: 'postgres', url: url.trim(), ...(pgReadOnly ? { readOnly: true } : {}), ...(ssh.enabled ? { ssh: sshRequest(ssh) } : {}) }
        : {
            ...(pgReadOnly ? { readOnly: true } : {}),
            engine: 'postgres',
            host: host.trim() || undefined,
            port: Number(port) || undefined,
            database: database.trim() || undefined,
            user: user.trim() || undefined,
            password: password || undefined,
            tls,
            ...(ssh.enabled ? { ssh: sshRequest(ssh) } : {}),
          };
    void connect(request, pgName.trim() ? { name: pgName.trim(), savePassword: passwordStorage && savePassword } : undefined);
  };
  const pgReady = (pgMode === 'url' ? url.trim() !== '' : database.trim() !== '') && sshTunnelReady(ssh);

  return (
    <section className="connect" aria-labelledby="connect-title">
      <h2 id="connect-title">Open a forum database</h2>
      <ErrorBanner message={error} onDismiss={clearError} />
      <HostKeyPrompt />
      {profiles && profiles.profiles.length > 0 && (
        <section className="card" aria-labelledby="profiles-title">
          <h3 id="profiles-title">Saved connections</h3>
          <ul className="profiles">
            {profiles.profiles.map((p) => (
              <ProfileRow key={p.id} profile={p} busy={busy} />
            ))}
          </ul>
        </section>
      )}
      <div className="cards">
        <form className="card" onSubmit={openSqlite} aria-label="Open a SQLite database">
          <h3>SQLite file</h3>
          <div className="row path-row">
            <label className="grow">
              Path to the Askbot database file
              <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/srv/askbot/askbot.sqlite" aria-label="SQLite file path" />
            </label>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              aria-label="Browse for the SQLite file"
              onClick={() =>
                void connectionStore
                  .getState()
                  .browseSqlite()
                  .then((chosen) => {
                    if (chosen) setPath(chosen);
                  })
              }
            >
              Browse…
            </button>
          </div>
          <SaveAsField value={sqliteName} onChange={setSqliteName} placeholder="e.g. Staging forum" aria-label="Save the SQLite connection as" />
          <ReadOnlyCheckbox checked={sqliteReadOnly} onChange={setSqliteReadOnly} aria-label="Open the SQLite file read-only" />
          <button type="submit" disabled={busy || !path.trim()}>
            Open
          </button>
        </form>
        <form className="card" onSubmit={openPostgres} aria-label="Connect to PostgreSQL">
          <h3>PostgreSQL</h3>
          <div className="segmented" role="radiogroup" aria-label="How to give the PostgreSQL connection">
            <label className="inline">
              <input type="radio" name="pg-mode" checked={pgMode === 'url'} onChange={() => setPgMode('url')} /> URL
            </label>
            <label className="inline">
              <input type="radio" name="pg-mode" checked={pgMode === 'fields'} onChange={() => setPgMode('fields')} /> Host and database
            </label>
          </div>
          {pgMode === 'url' ? (
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
          ) : (
            <div className="field-grid">
              <label>
                Host
                <input value={host} onChange={(e) => setHost(e.target.value)} aria-label="Host" />
              </label>
              <label>
                Port
                <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" aria-label="Port" />
              </label>
              <label>
                Database
                <input value={database} onChange={(e) => setDatabase(e.target.value)} aria-label="Database name" />
              </label>
              <label>
                User
                <input value={user} onChange={(e) => setUser(e.target.value)} aria-label="Database user" autoComplete="off" />
              </label>
              <label>
                Password
                <input value={password} onChange={(e) => setPassword(e.target.value)} type="password" aria-label="Database password" autoComplete="off" />
              </label>
              <label>
                TLS
                <select value={tls} onChange={(e) => setTls(e.target.value as TlsMode)} aria-label="TLS mode">
                  <option value="disable">disable</option>
                  <option value="prefer">prefer</option>
                  <option value="require">require</option>
                  <option value="verify-full">verify-full</option>
                </select>
              </label>
            </div>
          )}
          <SshTunnelFields value={ssh} onChange={setSsh} />
          <SaveAsField value={pgName} onChange={setPgName} placeholder="e.g. Production forum" aria-label="Save the PostgreSQL connection as" />
          {pgName.trim() !== '' &&
            (passwordStorage ? (
              <label className="inline">
                <input type="checkbox" checked={savePassword} onChange={(e) => setSavePassword(e.target.checked)} aria-label="Save the password" /> Save the
                password (encrypted by the system keychain{ssh.enabled && ssh.auth !== 'agent' ? ', with the SSH password or passphrase' : ''})
              </label>
            ) : (
              <p className="muted small" role="note">
                The password cannot be saved: this system offers no encrypted storage. You will be asked for it when you open the connection.
              </p>
            ))}
          <ReadOnlyCheckbox checked={pgReadOnly} onChange={setPgReadOnly} aria-label="Connect to PostgreSQL read-only" />
          <button type="submit" disabled={busy || !pgReady}>
            Connect
          </button>
        </form>
        <div className="card">
          <h3>Demo</h3>
          <p>A built-in sample forum, to explore the console without touching a real site.</p>
          <button type="button" onClick={() => void createDemo()} disabled={busy}>
            New demo database
          </button>
          {demoJob && demoJob.kind === 'seedDemo' && <ProgressBar job={demoJob} />}
        </div>
      </div>
    </section>
  );
}

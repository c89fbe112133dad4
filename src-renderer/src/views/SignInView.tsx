// Sign-in with a forum administrator or moderator account (DESIGN.md §10).
import { useState, type FormEvent } from 'react';
import type { ConnectionInfo } from '../../../src-preload/contract';
import { useAuth, useConnection } from '../stores';
import { ErrorBanner } from './ErrorBanner';

export function SignInView({ connection }: { connection: ConnectionInfo }) {
  const signIn = useAuth((s) => s.signIn);
  const error = useAuth((s) => s.error);
  const clearError = useAuth((s) => s.clearError);
  const busy = useAuth((s) => s.busy);
  const disconnect = useConnection((s) => s.disconnect);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signIn(login, password);
  };
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <form className="card narrow" onSubmit={submit} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">Sign in</h2>
        <p>
          {connection.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: <span className="mono">{connection.database}</span>
          {connection.readOnly && <span className="badge warn">read-only</span>}
        </p>
        <p>Use a forum administrator or moderator account.</p>
        <ErrorBanner message={error} onDismiss={clearError} />
        <label>
          Username or e-mail
          <input value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" aria-label="Username or e-mail" autoFocus />
        </label>
        <label>
          Password
          <input value={password} onChange={(e) => setPassword(e.target.value)} type="password" autoComplete="current-password" aria-label="Password" />
        </label>
        <div className="row">
          <button type="submit" disabled={busy || !login.trim() || !password}>
            Sign in
          </button>
          <button type="button" className="secondary" onClick={() => void disconnect()}>
            Choose another database
          </button>
        </div>
      </form>
      {connection.demoAccounts && connection.demoAccounts.length > 0 && (
        <div className="card narrow" aria-label="Demo accounts">
          <h3>Demo accounts</h3>
          <table className="grid" aria-label="Demo accounts">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Password</th>
                <th scope="col">Role</th>
                <th scope="col">
                  <span className="sr-only">Fill in</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connection.demoAccounts.map((a) => (
                <tr key={a.username}>
                  <td className="mono">{a.username}</td>
                  <td className="mono">{a.password}</td>
                  <td>{a.role}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        setLogin(a.username);
                        setPassword(a.password);
                      }}
                      aria-label={`Use the ${a.username} account`}
                    >
                      Use
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

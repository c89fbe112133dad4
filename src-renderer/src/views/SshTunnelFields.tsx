// The PostgreSQL form's SSH tunnel: the SSH server, its user, and how they sign in (a private key file
// with its passphrase, the SSH agent, or a password). The host key is not asked for: the first
// connection shows it to be checked (HostKeyPrompt).
import type { SshTunnelRequest } from '../../../src-preload/contract';

export interface SshTunnelForm {
  enabled: boolean;
  host: string;
  port: string;
  user: string;
  auth: 'key' | 'agent' | 'password';
  keyFile: string;
  passphrase: string;
  password: string;
}

export const EMPTY_SSH_TUNNEL: SshTunnelForm = { enabled: false, host: '', port: '22', user: '', auth: 'key', keyFile: '', passphrase: '', password: '' };

/** The contract's `ssh` of a PostgreSQL request, or undefined when the tunnel is off. */
export function sshRequest(f: SshTunnelForm): SshTunnelRequest | undefined {
  if (!f.enabled) return undefined;
  return {
    host: f.host.trim(),
    ...(Number(f.port) ? { port: Number(f.port) } : {}),
    user: f.user.trim(),
    auth: f.auth,
    ...(f.auth === 'key' ? { keyFile: f.keyFile.trim() || undefined, ...(f.passphrase ? { passphrase: f.passphrase } : {}) } : {}),
    ...(f.auth === 'password' ? { password: f.password } : {}),
  };
}

export function sshTunnelReady(f: SshTunnelForm): boolean {
  return (
    !f.enabled ||
    (f.host.trim() !== '' && f.user.trim() !== '' && (f.auth !== 'key' || f.keyFile.trim() !== '') && (f.auth !== 'password' || f.password !== ''))
  );
}

export function SshTunnelFields({ value, onChange }: { value: SshTunnelForm; onChange: (v: SshTunnelForm) => void }) {
  const set = (patch: Partial<SshTunnelForm>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="ssh-tunnel" aria-label="SSH tunnel">
      <label className="inline">
        <input type="checkbox" checked={value.enabled} onChange={(e) => set({ enabled: e.target.checked })} aria-label="Connect through an SSH tunnel" />{' '}
        Connect through an SSH tunnel (a bastion host)
      </label>
      {value.enabled && (
        <>
          <div className="field-grid">
            <label>
              SSH host
              <input value={value.host} onChange={(e) => set({ host: e.target.value })} placeholder="bastion.example.org" aria-label="SSH host" />
            </label>
            <label>
              SSH port
              <input value={value.port} onChange={(e) => set({ port: e.target.value })} inputMode="numeric" aria-label="SSH port" />
            </label>
            <label>
              SSH user
              <input value={value.user} onChange={(e) => set({ user: e.target.value })} aria-label="SSH user" autoComplete="off" />
            </label>
            <label>
              Sign in with
              <select value={value.auth} onChange={(e) => set({ auth: e.target.value as SshTunnelForm['auth'] })} aria-label="SSH sign-in method">
                <option value="key">a private key file</option>
                <option value="agent">the SSH agent</option>
                <option value="password">a password</option>
              </select>
            </label>
            {value.auth === 'key' && (
              <>
                <label>
                  Private key file
                  <input
                    value={value.keyFile}
                    onChange={(e) => set({ keyFile: e.target.value })}
                    placeholder="~/.ssh/id_ed25519"
                    aria-label="SSH private key file"
                  />
                </label>
                <label>
                  Key passphrase (if any)
                  <input
                    value={value.passphrase}
                    onChange={(e) => set({ passphrase: e.target.value })}
                    type="password"
                    aria-label="SSH key passphrase"
                    autoComplete="off"
                  />
                </label>
              </>
            )}
            {value.auth === 'password' && (
              <label>
                SSH password
                <input
                  value={value.password}
                  onChange={(e) => set({ password: e.target.value })}
                  type="password"
                  aria-label="SSH password"
                  autoComplete="off"
                />
              </label>
            )}
          </div>
          <p className="muted small">
            The database host and port above are as the SSH server sees them (often localhost:5432). The server&apos;s host key is shown on the first connection
            for you to check.
          </p>
        </>
      )}
    </fieldset>
  );
}

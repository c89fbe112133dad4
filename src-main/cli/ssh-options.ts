// The command line's SSH tunnel (PostgreSQL only): --ssh user@host[:port] with --ssh-key FILE, --ssh-agent
// or a password, and --ssh-host-key to pin the server's key. Secrets never go on the command line (where
// `ps` shows them): the key passphrase and the password come from the environment.
import type { ConnectionSpec } from '../core/db/connect';
import type { SshOptions } from '../core/db/ssh-tunnel';
import { AppError } from '../core/errors';
import { type OptionSpec, UsageError } from './command';

export const SSH_OPTIONS: Record<string, OptionSpec> = {
  ssh: { type: 'string', description: 'reach PostgreSQL through an SSH tunnel: user@host[:port]' },
  'ssh-key': { type: 'string', description: 'SSH private key file (passphrase from $ASKBOT_ANALYTICS_SSH_PASSPHRASE)' },
  'ssh-agent': { type: 'boolean', description: 'sign in to SSH with the agent ($SSH_AUTH_SOCK)' },
  'ssh-host-key': { type: 'string', description: "the SSH server's trusted host key, SHA256:… as ssh-keygen -l prints it" },
};

const SSH_TARGET = /^([^@\s]+)@(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/;

/** The tunnel the options ask for (undefined without --ssh). Password login: $ASKBOT_ANALYTICS_SSH_PASSWORD. */
export function sshFromOptions(values: Record<string, unknown>, env: Record<string, string | undefined>): SshOptions | undefined {
  const target = values.ssh;
  if (typeof target !== 'string') {
    if (values['ssh-key'] !== undefined || values['ssh-agent'] !== undefined || values['ssh-host-key'] !== undefined) {
      throw new UsageError('--ssh-key, --ssh-agent and --ssh-host-key go with --ssh user@host[:port]');
    }
    return undefined;
  }
  const m = SSH_TARGET.exec(target.trim());
  if (!m || (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 65535)))
    throw new UsageError(`--ssh must be user@host or user@host:port (got "${target}")`);
  const hostKey = values['ssh-host-key'];
  if (hostKey !== undefined && !/^SHA256:[A-Za-z0-9+/]{43}$/.test(String(hostKey))) {
    throw new UsageError('--ssh-host-key must be SHA256: followed by 43 characters, as ssh-keygen -l prints it');
  }
  const base = { user: m[1]!, host: m[2]!.replace(/^\[|\]$/g, ''), ...(m[3] ? { port: Number(m[3]) } : {}), ...(hostKey ? { hostKey: String(hostKey) } : {}) };
  if (typeof values['ssh-key'] === 'string') {
    const passphrase = env.ASKBOT_ANALYTICS_SSH_PASSPHRASE;
    return { ...base, auth: 'key', keyFile: values['ssh-key'], ...(passphrase ? { passphrase } : {}) };
  }
  if (values['ssh-agent'] === true) return { ...base, auth: 'agent' };
  if (env.ASKBOT_ANALYTICS_SSH_PASSWORD) return { ...base, auth: 'password', password: env.ASKBOT_ANALYTICS_SSH_PASSWORD };
  if (env.SSH_AUTH_SOCK) return { ...base, auth: 'agent' };
  throw new UsageError('--ssh needs a way to sign in: --ssh-key FILE, --ssh-agent, or $ASKBOT_ANALYTICS_SSH_PASSWORD');
}

/** The --db spec with the tunnel; a SQLite file has none. */
export function withSsh(spec: ConnectionSpec, ssh: SshOptions | undefined): ConnectionSpec {
  if (!ssh) return spec;
  if (spec.engine !== 'postgres') throw new UsageError('--ssh is for PostgreSQL databases (--db postgres://…)');
  return { ...spec, ssh };
}

/** On the command line a host key is trusted by passing it: say how. */
export function cliHostKeyError(err: unknown): unknown {
  if (err instanceof AppError && err.code === 'HOST_KEY_UNKNOWN') {
    const fp = (err.details as { fingerprint?: string } | undefined)?.fingerprint;
    return new AppError('HOST_KEY_UNKNOWN', `${err.message} Once checked, pass --ssh-host-key ${fp}`, err.details);
  }
  return err;
}

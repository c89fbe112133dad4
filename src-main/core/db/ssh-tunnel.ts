// SSH tunnels to a PostgreSQL that is reachable only from a bastion (the ssh2 package). A local port on
// 127.0.0.1 forwards each connection of the pool through one SSH session to the database host as the
// SSH server sees it. The server's host key is pinned: unknown keys are shown to be checked and trusted
// (HOST_KEY_UNKNOWN), a changed key is refused with both fingerprints (HOST_KEY_CHANGED). Failures are
// named for what they are: host unreachable, login refused, port forwarding refused.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { AppError } from '../errors';
import type { HostKeyDetails } from '../types/ssh';

export type SshAuth = 'key' | 'agent' | 'password';

export interface SshOptions {
  host: string;
  port?: number;
  user: string;
  auth: SshAuth;
  /** auth 'key': the private key file (OpenSSH, PEM or PuTTY), and its passphrase if it has one. */
  keyFile?: string;
  passphrase?: string;
  /** auth 'password'. */
  password?: string;
  /** auth 'agent': the agent's socket (default $SSH_AUTH_SOCK). */
  agentSocket?: string;
  /** The trusted host key, `SHA256:<base64>` as `ssh-keygen -l` prints it; none on first use. */
  hostKey?: string;
}

export interface SshTunnel {
  /** Where PostgreSQL is reached: 127.0.0.1:localPort. */
  readonly localPort: number;
  /** `user@host:port`, for descriptions. */
  readonly label: string;
  /** Why the tunnel is gone (the SSH connection closed), or undefined while it works. */
  lost(): string | undefined;
  close(): Promise<void>;
}

/** OpenSSH's fingerprint of a public key blob: `SHA256:` + unpadded base64 of its SHA-256. */
export function hostKeyFingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The key type named at the start of an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const n = blob.readUInt32BE(0);
  return n > 0 && n < 64 && blob.length >= 4 + n ? blob.subarray(4, 4 + n).toString('latin1') : 'unknown';
}

const DEFAULT_PORT = 22;
const READY_TIMEOUT_MS = 15_000;

function readPrivateKey(file: string): Buffer {
  try {
    // `~/.ssh/id_ed25519` as people write it (no shell expands it here).
    return readFileSync(file.startsWith('~/') ? join(homedir(), file.slice(2)) : file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('INVALID_INPUT', `The SSH private key file ${file} does not exist`);
    if (code === 'EACCES') throw new AppError('INVALID_INPUT', `The SSH private key file ${file} may not be read by this user`);
    throw new AppError('INVALID_INPUT', `The SSH private key file ${file} cannot be read (${code ?? (err as Error).message})`);
  }
}

function authConfig(o: SshOptions, env: NodeJS.ProcessEnv): Partial<ConnectConfig> {
  switch (o.auth) {
    case 'key': {
      if (!o.keyFile) throw new AppError('INVALID_INPUT', 'Choose the SSH private key file');
      return { privateKey: readPrivateKey(o.keyFile), ...(o.passphrase ? { passphrase: o.passphrase } : {}) };
    }
    case 'agent': {
      const agent = o.agentSocket ?? env.SSH_AUTH_SOCK;
      if (!agent)
        throw new AppError(
          'INVALID_INPUT',
          'No SSH agent is running for this session (SSH_AUTH_SOCK is not set): start one, or sign in with a key file or a password',
        );
      return { agent };
    }
    case 'password':
      if (!o.password) throw new AppError('INVALID_INPUT', 'Enter the SSH password');
      return { password: o.password };
  }
}

/** ssh2's complaints about a private key, in plain words. */
function keyProblem(err: Error, keyFile: string | undefined): AppError | undefined {
  const m = err.message;
  if (!/privateKey|private key|passphrase/i.test(m)) return undefined;
  if (/no passphrase given|passphrase required/i.test(m)) return new AppError('AUTH', `The SSH private key ${keyFile} is protected by a passphrase: enter it`);
  if (/bad passphrase|Bad decrypt|Failed to decrypt|integrity check failed/i.test(m))
    return new AppError('AUTH', `Wrong passphrase for the SSH private key ${keyFile}`);
  return new AppError('INVALID_INPUT', `The file ${keyFile} is not a private key the console can use (${m.replace(/^Cannot parse privateKey: /, '')})`);
}

interface Failure {
  error?: AppError;
}

/** Opens the SSH session and checks that the server forwards to `target`; resolves once both hold. */
export async function openSshTunnel(o: SshOptions, target: { host: string; port: number }, env: NodeJS.ProcessEnv = process.env): Promise<SshTunnel> {
  const port = o.port ?? DEFAULT_PORT;
  const label = `${o.user}@${o.host}:${port}`;
  const auth = authConfig(o, env);
  const client = new Client();
  const failure: Failure = {};
  let lostReason: string | undefined;

  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (failure.error) return reject(failure.error);
      reject(sshError(err, label, o));
    });
    client.once('close', () =>
      reject(failure.error ?? new AppError('CONNECTION', `The SSH server ${label} closed the connection before the tunnel was ready`)),
    );
    try {
      client.connect({
        host: o.host,
        port,
        username: o.user,
        readyTimeout: READY_TIMEOUT_MS,
        keepaliveInterval: 15_000,
        ...auth,
        hostVerifier: (blob: Buffer) => {
          const details: HostKeyDetails = { host: o.host, port, keyType: keyTypeOf(blob), fingerprint: hostKeyFingerprint(blob) };
          if (!o.hostKey) {
            failure.error = new AppError(
              'HOST_KEY_UNKNOWN',
              `First connection to the SSH server ${o.host}:${port}. Its host key is ${details.keyType} ${details.fingerprint}. ` +
                `Check it against the server's own (ssh-keygen -lf /etc/ssh/ssh_host_${details.keyType.replace(/^ssh-|-.*$/g, '')}_key.pub on the server, or ask its administrator) before trusting it.`,
              details,
            );
            return false;
          }
          if (details.fingerprint !== o.hostKey) {
            failure.error = new AppError(
              'HOST_KEY_CHANGED',
              `The SSH server ${o.host}:${port} presents another host key than the one trusted: it was ${o.hostKey}, it is now ${details.keyType} ${details.fingerprint}. ` +
                `The connection is refused: someone may be intercepting it. If the server's key was replaced on purpose, confirm the new fingerprint with its administrator and trust it again.`,
              { ...details, expected: o.hostKey },
            );
            return false;
          }
          return true;
        },
      } as ConnectConfig);
    } catch (err) {
      reject(keyProblem(err as Error, o.keyFile) ?? sshError(err as Error, label, o));
    }
  }).catch((err: unknown) => {
    client.end();
    throw err;
  });

  // The tunnel is only as good as the server's willingness to forward: ask once now, so a refusal is
  // named here rather than surfacing as PostgreSQL's "connection terminated".
  try {
    await forward(client, target).then((stream) => stream.destroy());
  } catch (err) {
    client.end();
    throw forwardError(err as Error & { reason?: number }, label, target);
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer((local) => {
    sockets.add(local);
    local.on('close', () => sockets.delete(local));
    local.on('error', () => local.destroy());
    forward(client, target).then(
      (stream) => {
        stream.on('error', () => local.destroy());
        stream.on('close', () => local.destroy());
        local.on('close', () => stream.destroy());
        local.pipe(stream).pipe(local);
      },
      () => local.destroy(),
    );
  });
  client.on('close', () => {
    lostReason ??= `the SSH connection to ${label} closed`;
    server.close();
    for (const s of sockets) s.destroy();
  });
  client.on('error', (err: Error) => {
    lostReason ??= `the SSH connection to ${label} failed (${err.message})`;
  });
  const localPort = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });

  return {
    localPort,
    label,
    lost: () => lostReason,
    close: async () => {
      lostReason ??= 'the tunnel was closed';
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      client.end();
    },
  };
}

function forward(client: Client, target: { host: string; port: number }) {
  return new Promise<ClientChannel>((resolve, reject) =>
    client.forwardOut('127.0.0.1', 0, target.host, target.port, (err, stream) => (err ? reject(err) : resolve(stream))),
  );
}

/** SSH_OPEN_ADMINISTRATIVELY_PROHIBITED (RFC 4254 §5.1): the server does not allow forwarding. */
const ADMINISTRATIVELY_PROHIBITED = 1;

function forwardError(err: Error & { reason?: number }, label: string, target: { host: string; port: number }): AppError {
  if (err.reason === ADMINISTRATIVELY_PROHIBITED) {
    return new AppError(
      'CONNECTION',
      `The SSH server ${label} refused port forwarding to ${target.host}:${target.port} (its sshd_config must allow AllowTcpForwarding for this user)`,
    );
  }
  return new AppError(
    'CONNECTION',
    `The SSH server ${label} could not reach PostgreSQL at ${target.host}:${target.port} (${err.message.replace(/^\(SSH\) Channel open failure: /, '')})`,
  );
}

function sshError(err: Error & { level?: string; code?: string }, label: string, o: SshOptions): AppError {
  const key = keyProblem(err, o.keyFile);
  if (key) return key;
  switch (err.level) {
    case 'client-authentication':
      return new AppError(
        'AUTH',
        o.auth === 'key'
          ? `The SSH server ${label} refused the login with the key ${o.keyFile} (is its public key in the user's authorized_keys?)`
          : o.auth === 'agent'
            ? `The SSH server ${label} refused the login with every key the SSH agent offered`
            : `The SSH server ${label} refused the login: wrong user name or password`,
      );
    case 'client-timeout':
      return new AppError('CONNECTION', `The SSH server ${label} did not answer in time`);
    case 'client-dns':
      return new AppError('CONNECTION', `The SSH host ${o.host} was not found (DNS)`);
    case 'agent':
      return new AppError('AUTH', `The SSH agent could not be used (${err.message})`);
    default:
      break; // other levels (or none): the system error code below may say more
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return new AppError('CONNECTION', `The SSH host ${label} is not reachable: connection refused (is the host and port right, does sshd run?)`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new AppError('CONNECTION', `The SSH host ${label} is not reachable: no route to the host`);
    case 'ETIMEDOUT':
      return new AppError('CONNECTION', `The SSH host ${label} is not reachable: the connection timed out`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AppError('CONNECTION', `The SSH host ${o.host} was not found (DNS)`);
    default:
      return new AppError('CONNECTION', `The SSH connection to ${label} failed: ${err.message}`);
  }
}

// A real OpenSSH server for the tunnel tests (Debian's openssh-server): started by the test on a free
// loopback port, with its own host key, authorized_keys and config in a temporary folder, in front of
// the test PostgreSQL. Logins are for the user running the tests (root in CI), by key only.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../setup/free-port.mjs';

export const SSHD = '/usr/sbin/sshd';

export { freePort };

/** Makes an ed25519 key pair (`file`, `file.pub`); with a passphrase when given. */
export function makeKey(file: string, passphrase = ''): { file: string; publicKey: string; fingerprint: string } {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'aac-test', '-f', file]);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1]!;
  return { file, publicKey: readFileSync(`${file}.pub`, 'utf8'), fingerprint };
}

/** Every process below `pid` (sshd's per-connection monitor and its unprivileged child). */
function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  const direct = out
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  return direct.flatMap((c) => [c, ...descendants(c)]);
}

async function listening(port: number, sshd: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (sshd.exitCode !== null) throw new Error(`sshd exited (${sshd.exitCode}): ${log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}

export interface TestSshd {
  dir: string;
  port: number;
  user: string;
  /** The server's host key fingerprint, as `ssh-keygen -l` prints it. */
  hostKeyFingerprint: string;
  /** Authorized for login. */
  clientKey: { file: string; fingerprint: string };
  /** How many logins the server accepted since it (re)started (its VERBOSE log). */
  logins(): number;
  /** Stops the server and every session it forked (a dropped tunnel). */
  stop(): Promise<void>;
  /** Restarts on the same port, optionally with a new host key (a changed host key). */
  restart(opts?: { newHostKey?: boolean; options?: string[] }): Promise<void>;
  cleanup(): Promise<void>;
}

/** Starts sshd -D on a free loopback port; `options` are extra `-o` settings (e.g. AllowTcpForwarding=no). */
export async function startSshd(opts: { options?: string[] } = {}): Promise<TestSshd> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: apt-get install openssh-server (listed in .ci/run)`);
  // sshd's privilege separation directory; Debian creates it only when the service starts.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'aac-sshd-'));
  const user = userInfo().username;
  const clientKey = makeKey(join(dir, 'client_ed25519'));
  writeFileSync(join(dir, 'authorized_keys'), clientKey.publicKey, { mode: 0o600 });
  let host = makeKey(join(dir, 'host_ed25519'));
  const port = await freePort();
  let proc: ChildProcess | undefined;
  let stderr = '';

  const launch = async (options: string[]) => {
    stderr = '';
    const config = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${host.file}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'AllowTcpForwarding yes',
      'X11Forwarding no',
      'PrintMotd no',
      'LogLevel VERBOSE', // logs each accepted login: tests count sessions
    ].join('\n');
    writeFileSync(join(dir, 'sshd_config'), config + '\n');
    proc = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config'), ...options.flatMap((o) => ['-o', o])], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await listening(port, proc, () => stderr);
  };

  const stop = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    // The sessions are sshd's descendants (each calls setsid), so they are found by parent id, not group.
    const children = descendants(p.pid!);
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGTERM');
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await exited;
  };

  await launch(opts.options ?? []);
  const sshd: TestSshd = {
    dir,
    port,
    user,
    get hostKeyFingerprint() {
      return host.fingerprint;
    },
    clientKey,
    logins: () => (stderr.match(/Accepted publickey for /g) ?? []).length,
    stop,
    restart: async (r = {}) => {
      await stop();
      if (r.newHostKey) {
        rmSync(host.file);
        rmSync(`${host.file}.pub`);
        host = makeKey(host.file);
      }
      await launch(r.options ?? opts.options ?? []);
    },
    cleanup: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return sshd;
}

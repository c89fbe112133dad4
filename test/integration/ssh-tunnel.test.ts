// PostgreSQL through an SSH tunnel, end to end: a real OpenSSH server started here (test/helpers/sshd.ts)
// in front of the test PostgreSQL. Key, passphrase and agent logins; the host key shown on first use and
// checked after; a wrong key, a changed host key, refused forwarding, an unreachable host and a tunnel
// dropped in the middle of a report, each named plainly.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type ConnectionSpec } from '../../src-main/core/db/connect';
import { describePostgres } from '../../src-main/core/db/postgres';
import type { SshOptions } from '../../src-main/core/db/ssh-tunnel';
import { ReportGuard } from '../../src-main/core/reports/guard';
import { getStatus } from '../../src-main/core/status';
import { runCli } from '../../src-main/cli/run';
import { createHandlers } from '../../src-main/ipc';
import type { SecretBox } from '../../src-main/ipc/profiles-store';
import { createDispatcher } from '../../src-main/ipc/registry';
import { AppState } from '../../src-main/ipc/state';
import { hashDjangoPassword } from '../../src-main/core/auth/password';
import { insertUsers } from '../../src-main/core/forum/users';
import { bundleWorker } from '../helpers/build-worker';
import { freshAskbotDb } from '../helpers/engines';
import { untilRunning } from '../helpers/pg-activity';
import { freePort, makeKey, startSshd, type TestSshd } from '../helpers/sshd';
import { sql } from '../../src-main/core/db/sql';

let sshd: TestSshd;
let url = '';

beforeAll(async () => {
  sshd = await startSshd();
  const r = await freshAskbotDb('postgres');
  await r.db.close();
  url = r.url;
}, 60_000);
afterAll(async () => {
  await sshd?.cleanup();
});

const keyLogin = (extra: Partial<SshOptions> = {}): SshOptions => ({
  host: '127.0.0.1',
  port: sshd.port,
  user: sshd.user,
  auth: 'key',
  keyFile: sshd.clientKey.file,
  hostKey: sshd.hostKeyFingerprint,
  ...extra,
});
const through = (ssh: SshOptions): ConnectionSpec => ({ engine: 'postgres', url, ssh });

async function openError(spec: ConnectionSpec) {
  return openDatabase(spec).then(
    async (db) => {
      await db.close();
      throw new Error('connected, but should have been refused');
    },
    (err: unknown) => err as { code: string; message: string; details?: Record<string, unknown> },
  );
}

describe('SSH tunnel to PostgreSQL (real OpenSSH server)', () => {
  it('connects with a private key and answers status and reports through the tunnel', async () => {
    const db = await openDatabase(through(keyLogin()));
    try {
      expect(db.description).toBe(`${describePostgres({ url })} via SSH ${sshd.user}@127.0.0.1:${sshd.port}`);
      const status = await getStatus(db);
      expect(status.engine).toBe('postgres');
      // The server really sees the session coming from the SSH server (a loopback client address).
      const row = await db.one<{ addr: string }>(sql`SELECT host(inet_client_addr()) AS addr`);
      expect(row?.addr).toBe('127.0.0.1');
    } finally {
      await db.close();
    }
  });

  it('on first use shows the host key (type and SHA256 fingerprint) and connects only once it is trusted', async () => {
    const err = await openError(through(keyLogin({ hostKey: undefined })));
    expect(err.code).toBe('HOST_KEY_UNKNOWN');
    expect(err.details).toMatchObject({ host: '127.0.0.1', port: sshd.port, keyType: 'ssh-ed25519', fingerprint: sshd.hostKeyFingerprint });
    expect(err.message).toContain(`Its host key is ssh-ed25519 ${sshd.hostKeyFingerprint}`);
    const db = await openDatabase(through(keyLogin({ hostKey: String(err.details!.fingerprint) })));
    await db.close();
  });

  it('refuses a wrong key, a missing passphrase and a wrong one; accepts the right passphrase', async () => {
    const wrong = makeKey(join(sshd.dir, 'not_authorized'));
    const refused = await openError(through(keyLogin({ keyFile: wrong.file })));
    expect(refused).toMatchObject({ code: 'AUTH' });
    expect(refused.message).toBe(
      `The SSH server ${sshd.user}@127.0.0.1:${sshd.port} refused the login with the key ${wrong.file} (is its public key in the user's authorized_keys?)`,
    );

    const locked = makeKey(join(sshd.dir, 'with_passphrase'), 'open sesame');
    execFileSync('sh', ['-c', `cat ${locked.file}.pub >> ${join(sshd.dir, 'authorized_keys')}`]);
    expect(await openError(through(keyLogin({ keyFile: locked.file })))).toMatchObject({
      code: 'AUTH',
      message: `The SSH private key ${locked.file} is protected by a passphrase: enter it`,
    });
    expect(await openError(through(keyLogin({ keyFile: locked.file, passphrase: 'wrong' })))).toMatchObject({
      code: 'AUTH',
      message: `Wrong passphrase for the SSH private key ${locked.file}`,
    });
    const db = await openDatabase(through(keyLogin({ keyFile: locked.file, passphrase: 'open sesame' })));
    await db.close();

    expect(await openError(through(keyLogin({ keyFile: join(sshd.dir, 'no-such-key') })))).toMatchObject({
      code: 'INVALID_INPUT',
      message: `The SSH private key file ${join(sshd.dir, 'no-such-key')} does not exist`,
    });
  });

  it('signs in through an SSH agent', async () => {
    const socket = join(sshd.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 200 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 10));
      execFileSync('ssh-add', ['-q', sshd.clientKey.file], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
      const db = await openDatabase(through(keyLogin({ auth: 'agent', keyFile: undefined, agentSocket: socket })));
      await db.close();
      expect(await openError(through(keyLogin({ auth: 'password', keyFile: undefined, password: 'guess' })))).toMatchObject({ code: 'AUTH' });
    } finally {
      agent.kill();
    }
  });

  it('names an unreachable host and a server that refuses port forwarding', async () => {
    const closed = await freePort();
    expect(await openError(through(keyLogin({ port: closed })))).toMatchObject({
      code: 'CONNECTION',
      message: `The SSH host ${sshd.user}@127.0.0.1:${closed} is not reachable: connection refused (is the host and port right, does sshd run?)`,
    });
    const noForwarding = await startSshd({ options: ['AllowTcpForwarding=no'] });
    try {
      const err = await openError(
        through({
          host: '127.0.0.1',
          port: noForwarding.port,
          user: noForwarding.user,
          auth: 'key',
          keyFile: noForwarding.clientKey.file,
          hostKey: noForwarding.hostKeyFingerprint,
        }),
      );
      expect(err).toMatchObject({ code: 'CONNECTION' });
      expect(err.message).toMatch(new RegExp(`^The SSH server .* refused port forwarding to 127\\.0\\.0\\.1:${new URL(url).port} `));
    } finally {
      await noForwarding.cleanup();
    }
  });

  it('refuses a changed host key with both fingerprints', async () => {
    const trusted = sshd.hostKeyFingerprint;
    await sshd.restart({ newHostKey: true });
    expect(sshd.hostKeyFingerprint).not.toBe(trusted);
    const err = await openError(through(keyLogin({ hostKey: trusted })));
    expect(err.code).toBe('HOST_KEY_CHANGED');
    expect(err.details).toMatchObject({ expected: trusted, fingerprint: sshd.hostKeyFingerprint, keyType: 'ssh-ed25519' });
    expect(err.message).toContain(`it was ${trusted}, it is now ssh-ed25519 ${sshd.hostKeyFingerprint}`);
  });

  it('a tunnel dropped in the middle of a report fails the report plainly, and the next one too', async () => {
    const db = await openDatabase(through(keyLogin()));
    try {
      const guard = new ReportGuard();
      const report = guard.run(db, 60, (tx) => tx.one(sql`SELECT pg_sleep(30) AS "tunnel_drop"`)).catch((e: unknown) => e);
      const observer = await openDatabase({ engine: 'postgres', url });
      try {
        await untilRunning(observer, 'tunnel_drop');
      } finally {
        await observer.close();
      }
      await sshd.stop();
      const err = (await report) as { code: string; message: string };
      expect(err.code).toBe('CONNECTION');
      expect(err.message).toMatch(
        /^The connection to .* via SSH .* was lost: the SSH connection to .* closed\. Connect again once the SSH server is reachable\.$/,
      );
      await expect(db.one(sql`SELECT 1`)).rejects.toMatchObject({ code: 'CONNECTION', message: expect.stringContaining('was lost') });
    } finally {
      await db.close();
      await sshd.restart();
    }
  });

  it('through IPC: the host key comes back to be trusted and is remembered, a changed one refused until forgotten; the passphrase only in the keychain', async () => {
    const keychain: SecretBox = {
      available: () => true,
      encrypt: (t) => 'enc:' + Buffer.from(t).toString('hex'),
      decrypt: (t) => Buffer.from(t.slice(4), 'hex').toString(),
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'aac-ssh-ipc-'));
    const state = new AppState({ dataDir, secrets: keychain });
    const call = createDispatcher(createHandlers(), { state, emit: () => undefined });
    try {
      const locked = makeKey(join(sshd.dir, 'ipc_key'), 'ipc passphrase');
      execFileSync('sh', ['-c', `cat ${locked.file}.pub >> ${join(sshd.dir, 'authorized_keys')}`]);
      const ssh = { host: '127.0.0.1', port: sshd.port, user: sshd.user, auth: 'key' as const, keyFile: locked.file, passphrase: 'ipc passphrase' };

      // A saved profile: the passphrase is encrypted by the keychain, never in clear.
      const id = '0b7c9a8e-1111-4a2b-9c3d-123456789abc';
      const saved = await call('profiles/save', { id, name: 'Behind the bastion', connection: { engine: 'postgres', url, ssh }, savePassword: true });
      expect(saved).toMatchObject({
        ok: true,
        value: { profiles: [{ id, ssh: { label: `${sshd.user}@127.0.0.1:${sshd.port}`, auth: 'key', hasSavedSecret: true } }] },
      });
      const file = readFileSync(join(dataDir, 'profiles.json'), 'utf8');
      expect(file).not.toContain('ipc passphrase');
      expect(file).toContain('encryptedSshSecret');

      // First use: the key comes back to be checked; trusted, it connects and is remembered.
      expect(await call('profiles/open', { id })).toMatchObject({
        ok: false,
        error: { code: 'HOST_KEY_UNKNOWN', details: { fingerprint: sshd.hostKeyFingerprint, keyType: 'ssh-ed25519' } },
      });
      expect(state.db).toBeUndefined();
      expect(await call('profiles/open', { id, trustHostKey: sshd.hostKeyFingerprint })).toMatchObject({
        ok: true,
        value: { database: expect.stringContaining(`via SSH ${sshd.user}@127.0.0.1:${sshd.port}`) },
      });
      expect(JSON.parse(readFileSync(join(dataDir, 'ssh-known-hosts.json'), 'utf8'))[`127.0.0.1:${sshd.port}`].fingerprint).toBe(sshd.hostKeyFingerprint);
      // Every later connection to that server, saved or not, is checked against it without asking.
      expect(await call('db/connect', { engine: 'postgres', url, ssh })).toMatchObject({ ok: true });
      expect(await call('db/connect', { engine: 'postgres', url, ssh: { ...ssh, keyFile: undefined } })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });

      // The server's key changes: refused with both fingerprints until the old key is forgotten.
      const trusted = sshd.hostKeyFingerprint;
      await sshd.restart({ newHostKey: true });
      expect(await call('profiles/open', { id })).toMatchObject({
        ok: false,
        error: { code: 'HOST_KEY_CHANGED', details: { expected: trusted, fingerprint: sshd.hostKeyFingerprint } },
      });
      expect(await call('ssh/forgetHostKey', { host: '127.0.0.1', port: sshd.port })).toEqual({ ok: true, value: null });
      expect(await call('db/connect', { engine: 'postgres', url, ssh })).toMatchObject({
        ok: false,
        error: { code: 'HOST_KEY_UNKNOWN', details: { fingerprint: sshd.hostKeyFingerprint } },
      });
    } finally {
      await state.disconnect();
    }
  });

  it('the command line: --ssh user@host:port --ssh-key FILE, the host key to pass with --ssh-host-key on first use', async () => {
    const cli = async (args: string[], env: Record<string, string> = {}) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
      return { code, stdout, stderr };
    };
    const base = ['status', '--db', url, '--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, '--ssh-key', sshd.clientKey.file];
    const first = await cli(base);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(`Its host key is ssh-ed25519 ${sshd.hostKeyFingerprint}`);
    expect(first.stderr).toContain(`Once checked, pass --ssh-host-key ${sshd.hostKeyFingerprint}`);
    const ok = await cli([...base, '--ssh-host-key', sshd.hostKeyFingerprint, '--json']);
    expect(ok).toMatchObject({ code: 0 });
    expect(JSON.parse(ok.stdout)).toMatchObject({ engine: 'postgres' });
    expect(await cli([...base, '--ssh-host-key', 'SHA256:nope'])).toMatchObject({ code: 2 });
    expect(await cli(['status', '--db', join(sshd.dir, 'x.sqlite'), '--ssh', 'me@host', '--ssh-agent'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--ssh is for PostgreSQL'),
    });
    expect(await cli(['status', '--db', url, '--ssh', 'me@host'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--ssh needs a way to sign in') });
  });

  it('a job started in the app runs in its worker through its own tunnel, pinned to the same host key', async () => {
    const fresh = await freshAskbotDb('postgres');
    await insertUsers(fresh.db, [
      {
        username: 'mod',
        email: 'mod@example.com',
        dateJoined: Date.UTC(2024, 0, 1) * 1000,
        status: 'm',
        password: await hashDjangoPassword('mod-pw', { iterations: 1000 }),
      },
    ]);
    await fresh.db.close();
    const workerFile = await bundleWorker(join(process.cwd(), 'src-main/jobs/worker.ts'));
    const state = new AppState({ dataDir: mkdtempSync(join(tmpdir(), 'aac-ssh-job-')), workerFile });
    const call = createDispatcher(createHandlers(), { state, emit: () => undefined });
    try {
      expect(await call('db/connect', { engine: 'postgres', url: fresh.url, ssh: keyLogin() })).toMatchObject({ ok: true });
      expect(await call('auth/signIn', { login: 'mod', password: 'mod-pw' })).toMatchObject({ ok: true });
      const loginsBefore = sshd.logins();
      const started = (await call('job/start', { kind: 'compile' })) as { ok: true; value: { jobId: string } };
      expect(started.ok).toBe(true);
      const end = await state.jobs().wait(started.value.jobId);
      expect(end).toMatchObject({ state: 'done' });
      expect(sshd.logins()).toBe(loginsBefore + 1); // the worker's own SSH session
    } finally {
      await state.shutdown();
    }
  });
});

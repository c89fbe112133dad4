// A forum's SQLite file is the live site: reading it changes nothing. Every read-only command and
// handler, and every refusal (empty, foreign, half-Askbot, not SQLite at all), leaves the file with
// the same bytes, the same journal mode in its header and no new -wal/-shm/-journal files, on a
// rollback-journal forum (Django's default) and on a WAL one; a WAL forum in a folder the user may
// not write still opens, read-only, for reports.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import { openDatabase } from '../../src-main/core/db/connect';
import { DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, seedDemo } from '../../src-main/core/seed';
import type { JobInfo } from '../../src-main/core/types/jobs';
import { createHandlers } from '../../src-main/ipc';
import { createDispatcher } from '../../src-main/ipc/registry';
import { AppState } from '../../src-main/ipc/state';
import { bundleWorker } from '../helpers/build-worker';
import { cli } from '../helpers/cli';
import { freshAskbotDb } from '../helpers/engines';
import { sql } from '../../src-main/core/db/sql';

const NOW = Date.now() * 1000;

/** The file's bytes, the journal-mode bytes of its header and the files beside it. */
function snapshot(path: string) {
  const bytes = readFileSync(path);
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    journalBytes: bytes.length >= 20 ? [bytes[18], bytes[19]] : null,
    folder: readdirSync(dirname(path)).sort(),
  };
}

/** A compiled demo forum alone in its folder, in WAL or rollback-journal mode, closed cleanly. */
async function forumFile(mode: 'wal' | 'delete'): Promise<string> {
  const { db, spec } = await freshAskbotDb('sqlite');
  await seedDemo(db, { users: 40, days: 40, seed: 3, now: NOW, passwordIterations: 1000 });
  await compileAnalytics(db, { now: NOW });
  if (mode === 'delete') await db.exec('PRAGMA journal_mode = DELETE');
  await db.close();
  if (spec.engine !== 'sqlite') throw new Error('sqlite only');
  return spec.path;
}

function newFolder(): string {
  return mkdtempSync(join(tmpdir(), 'aac-untouched-'));
}

/** A SQLite file made without the app: `sql` creates its tables. */
function plainSqlite(sql: string, mode: 'wal' | 'delete'): string {
  const path = join(newFolder(), 'other.sqlite');
  const db = new Database(path);
  db.pragma(`journal_mode = ${mode}`);
  db.exec(sql);
  db.close();
  return path;
}

let workerFile = '';
let readerFile = '';
beforeAll(async () => {
  workerFile = await bundleWorker(join(process.cwd(), 'src-main/jobs/worker.ts'));
  readerFile = await bundleWorker(join(process.cwd(), 'src-main/core/db/sqlite-reader-worker.ts'));
});

for (const mode of ['delete', 'wal'] as const) {
  describe(`a ${mode === 'wal' ? 'WAL' : 'rollback-journal'} forum file is not changed by reading it`, () => {
    let path = '';
    beforeAll(async () => {
      path = await forumFile(mode);
      expect(snapshot(path).journalBytes).toEqual(mode === 'wal' ? [2, 2] : [1, 1]);
    }, 60_000);

    it('CLI: status, reports, a dry run and exports to another folder', async () => {
      const out = newFolder();
      const commands = [
        ['status'],
        ['report', 'users', '--dates', 'all-time'],
        ['report', 'users', '--segment', 'all-users', '--dates', 'last-year', '--compare'],
        ['report', 'activity', '--dates', 'all-time'],
        ['report', 'series', '--dates', 'all-time'],
        ['create-groups', '--dry-run'],
        ['export', 'users', '--format', 'csv', '--out', join(out, 'users.csv')],
        ['export', 'activity', '--format', 'xlsx', '--out', join(out, 'activity.xlsx')],
        ['export', 'all', '--format', 'html', '--out', join(out, 'all.html')],
      ];
      for (const args of commands) {
        const before = snapshot(path);
        const r = await cli([...args, '--db', path, '--json']);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(snapshot(path), args.join(' ')).toEqual(before);
      }
      expect(readdirSync(out).sort()).toEqual(['activity.xlsx', 'all.html', 'users.csv']);
    }, 60_000);

    it("a connection opened for reading refuses a write in words (the CLI's, and the app's reader threads)", async () => {
      const before = snapshot(path);
      for (const readerWorker of [undefined, readerFile]) {
        const reader = await openDatabase({ engine: 'sqlite', path }, { readerWorker });
        expect(reader.readOnly).toBe(false); // the file may be written: by jobs, on their own connections
        await expect(reader.run(sql`UPDATE "auth_user" SET "first_name" = 'x'`)).rejects.toMatchObject({
          code: 'READ_ONLY',
          message: expect.stringContaining('is open for reading here'),
        });
        await expect(reader.exec('CREATE TABLE x (id integer)')).rejects.toMatchObject({ code: 'READ_ONLY' });
        await reader.close();
        expect(snapshot(path)).toEqual(before);
      }
    });

    it('IPC: connect, sign in, status, every report, settings, the preview and an export in the worker', async () => {
      const before = snapshot(path);
      const out = newFolder();
      const state = new AppState({ dataDir: newFolder(), workerFile, readerFile, chooseSavePath: async (name) => join(out, name) });
      const call = createDispatcher(createHandlers(), { state, emit: () => undefined });
      const ok = async (method: Parameters<typeof call>[0], request: unknown) => {
        const r = await call(method, request as never);
        expect(r, method).toMatchObject({ ok: true });
        return (r as { value: unknown }).value;
      };
      await ok('db/connect', { engine: 'sqlite', path });
      await ok('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD });
      await ok('db/status', {});
      await ok('report/options', {});
      await ok('report/users', { dates: 'all-time', compare: true });
      await ok('report/users', { segment: 'all-users', dates: 'last-30-days', query: 'a' });
      await ok('report/activity', { dates: 'all-time', count: true });
      await ok('report/series', { dates: 'all-time' });
      await ok('report/overview', {});
      await ok('report/retention', { dates: 'all-time' });
      await ok('report/questions', { dates: 'all-time' });
      await ok('settings/get', {});
      await ok('groups/preview', {});
      const job = (await ok('export/start', { what: 'users', format: 'xlsx', dates: 'all-time' })) as JobInfo;
      expect(await state.jobs().wait(job.jobId)).toMatchObject({ state: 'done' });
      await ok('db/disconnect', {});
      await state.shutdown();
      expect(readdirSync(out)).toHaveLength(1);
      expect(snapshot(path)).toEqual(before);
    }, 60_000);
  });
}

describe('files that are not an Askbot database are refused untouched', () => {
  const cases: Array<{ name: string; make: () => string; message: RegExp }> = [
    { name: 'an empty file', make: () => writeTo(''), message: /is empty: it is not an Askbot database/ },
    { name: 'a text file', make: () => writeTo('# notes\n'.repeat(200)), message: /is not a SQLite database/ },
    {
      name: 'a non-Askbot SQLite file',
      make: () => plainSqlite('CREATE TABLE blog_post (id integer PRIMARY KEY, body text)', 'delete'),
      message: /is not an Askbot database/,
    },
    {
      name: 'a non-Askbot SQLite file in WAL mode',
      make: () => plainSqlite('CREATE TABLE blog_post (id integer PRIMARY KEY)', 'wal'),
      message: /is not an Askbot database/,
    },
    {
      name: 'a half-Askbot file',
      make: () => plainSqlite('CREATE TABLE auth_user (id integer PRIMARY KEY); CREATE TABLE auth_group (id integer PRIMARY KEY)', 'delete'),
      message: /is not an Askbot database: missing /,
    },
  ];
  function writeTo(text: string): string {
    const path = join(newFolder(), 'forum.sqlite');
    writeFileSync(path, text);
    return path;
  }

  for (const c of cases) {
    it(c.name, async () => {
      const path = c.make();
      for (const args of [
        ['status'],
        ['report', 'users'],
        ['report', 'activity'],
        ['export', 'users', '--format', 'csv', '--out', join(newFolder(), 'x.csv')],
        ['compile'],
        ['seed', 'events'],
      ]) {
        const before = snapshot(path);
        const r = await cli([...args, '--db', path]);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stderr).toMatch(c.message);
        expect(snapshot(path), args.join(' ')).toEqual(before);
      }
      const before = snapshot(path);
      const state = new AppState({ dataDir: newFolder(), readerFile });
      const call = createDispatcher(createHandlers(), { state, emit: () => undefined });
      const r = await call('db/connect', { engine: 'sqlite', path });
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_ASKBOT', message: expect.stringMatching(c.message) } });
      expect(snapshot(path)).toEqual(before);
    });
  }

  it('init refuses a text file and a database that has tables, and creates only what it is asked to', async () => {
    const text = join(newFolder(), 'notes.txt');
    writeFileSync(text, 'not a database');
    const before = snapshot(text);
    expect((await cli(['init', '--db', text])).stderr).toMatch(/is not a SQLite database/);
    expect(snapshot(text)).toEqual(before);
    const other = plainSqlite('CREATE TABLE blog_post (id integer PRIMARY KEY)', 'delete');
    const otherBefore = snapshot(other);
    expect(await cli(['init', '--db', other])).toMatchObject({ code: 1, stderr: expect.stringMatching(/is not empty/) });
    expect(snapshot(other)).toEqual(otherBefore);
    // Reading a file that is not there creates nothing.
    const folder = newFolder();
    const missing = join(folder, 'missing.sqlite');
    for (const args of [['status'], ['report', 'users'], ['compile']]) {
      expect(await cli([...args, '--db', missing])).toMatchObject({ code: 1, stderr: expect.stringContaining('not found') });
    }
    expect(readdirSync(folder)).toEqual([]);
    // init and the empty file it may fill.
    const empty = join(folder, 'new.sqlite');
    writeFileSync(empty, '');
    expect((await cli(['init', '--db', empty])).code).toBe(0);
    expect((await cli(['status', '--db', empty, '--json'])).code).toBe(0);
  });
});

describe('a WAL forum in a folder the user may not write', () => {
  it('opens read-only for reports, leaving no -wal/-shm files', async () => {
    const path = await forumFile('wal');
    const folder = dirname(path);
    const root = process.getuid?.() === 0;
    // As root, folder modes do not bind: run the CLI as "nobody" instead.
    chmodSync(folder, root ? 0o755 : 0o555);
    chmodSync(path, 0o644);
    const before = snapshot(path);
    const run = (args: string[]) => {
      const node = [process.execPath, '--import', 'tsx', join(process.cwd(), 'src-main/cli.ts'), ...args, '--db', path, '--json'];
      const r = root
        ? spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', ...node], { encoding: 'utf8' })
        : spawnSync(node[0]!, node.slice(1), { encoding: 'utf8' });
      return { code: r.status, body: JSON.parse(r.stdout || '{}') as Record<string, unknown>, stderr: r.stderr };
    };
    try {
      const status = run(['status']);
      expect(status.code, status.stderr).toBe(0);
      expect(status.body).toMatchObject({ read_only: true });
      const users = run(['report', 'users', '--dates', 'all-time']);
      expect(users.code, users.stderr).toBe(0);
      expect((users.body as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
      const compile = run(['compile']);
      expect(compile.code).toBe(1);
      expect(compile.body).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
      expect(snapshot(path)).toEqual(before);
      expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false);
    } finally {
      chmodSync(folder, 0o755);
    }
  }, 60_000);
});

describe('a WAL forum the user may not write, in a folder they may', () => {
  const sideFiles = (path: string) => [`${path}-wal`, `${path}-shm`].filter((f) => existsSync(f));

  it('is read as it stands: no -wal/-shm files left to stop the forum writing, jobs refused, also for root', async () => {
    const path = await forumFile('wal');
    // No write bit: read-only for everyone, root included (access() would let root write anything).
    chmodSync(path, 0o444);
    const before = snapshot(path);
    try {
      const status = await cli(['status', '--db', path, '--json']);
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ read_only: true });
      expect((await cli(['report', 'users', '--dates', 'all-time', '--db', path])).code).toBe(0);
      expect(await cli(['compile', '--db', path, '--json'])).toMatchObject({ code: 1, stdout: expect.stringContaining('READ_ONLY') });
      expect(await cli(['reset', '--db', path, '--json'])).toMatchObject({ code: 1, stdout: expect.stringContaining('READ_ONLY') });
      expect(snapshot(path)).toEqual(before);
      expect(sideFiles(path)).toEqual([]);
    } finally {
      chmodSync(path, 0o644);
    }
    // The forum's own process writes as before.
    const forum = new Database(path);
    expect(forum.prepare(`UPDATE "auth_user" SET "first_name" = 'x' WHERE "id" = (SELECT min("id") FROM "auth_user")`).run().changes).toBe(1);
    forum.close();
  }, 60_000);

  // Acting as two accounts needs root; the test above covers the rest anywhere.
  it.skipIf(process.getuid?.() !== 0)(
    'a report run by another account (nobody) leaves nothing the forum owner cannot remove',
    async () => {
      const path = await forumFile('wal');
      chmodSync(dirname(path), 0o1777); // a shared folder (like /tmp): anyone may create files in it
      chmodSync(path, 0o644); // the forum owner's (root's) file, readable by all
      const before = snapshot(path);
      const node = [process.execPath, '--import', 'tsx', join(process.cwd(), 'src-main/cli.ts'), 'report', 'users', '--db', path, '--json'];
      const r = spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', ...node], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(snapshot(path)).toEqual(before);
      expect(sideFiles(path)).toEqual([]);
      const forum = new Database(path);
      expect(forum.prepare(`UPDATE "auth_user" SET "first_name" = 'x' WHERE "id" = (SELECT min("id") FROM "auth_user")`).run().changes).toBe(1);
      forum.close();
    },
    60_000,
  );
});

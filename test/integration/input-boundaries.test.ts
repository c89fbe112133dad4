// What a user types is checked before SQL, once, where it is parsed: date ranges within 1900..9998
// and a century, ids within the int4 columns, cursors that fit, no NUL bytes. The CLI and the IPC
// handlers answer INVALID_INPUT (or "does not exist") in plain words, never the database's own text.
// Settings are validated whole before anything is applied or stored; a demo path with a NUL leaves
// no file; an export that cannot be written names the file, not its hidden temporary.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import type { ConnectionSpec } from '../../src-main/core/db/connect';
import { DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, seedDemo } from '../../src-main/core/seed';
import { createHandlers } from '../../src-main/ipc';
import { createDispatcher } from '../../src-main/ipc/registry';
import { AppState } from '../../src-main/ipc/state';
import { cli } from '../helpers/cli';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';

const NOW = Date.UTC(2026, 10, 20, 12) * 1000;
const NOW_ISO = '2026-11-20T12:00:00Z';
/** Texts a database answers with when a value reaches it unchecked. */
const RAW_DB_TEXT = /out of range for type|invalid byte sequence|SQLITE|syntax error|heap/i;

/** A cursor as the Activity log encodes it, with any event id. */
const cursor = (i: number) => Buffer.from(JSON.stringify({ v: 1, t: NOW, i, f: 'whatever' })).toString('base64url');

describeEachEngine('input boundaries', (engine) => {
  let spec: ConnectionSpec;
  let db = '';
  beforeAll(async () => {
    const f = await freshAskbotDb(engine);
    await seedDemo(f.db, { users: 30, days: 20, seed: 4, now: NOW, passwordIterations: 1000 });
    await compileAnalytics(f.db, { now: NOW });
    await f.db.close();
    spec = f.spec;
    db = f.url;
  }, 60_000);

  it('CLI: far, reversed, too long and pre-1900 date ranges are usage errors; a decade answers', async () => {
    for (const [dates, message] of [
      ['9999-12-01..9999-12-31', 'outside the dates reports cover (1900-01-01 .. 9998-12-31)'],
      ['1899-12-01..1900-01-31', 'range start 1899-12-01 is outside'],
      ['1900-01-01..2026-01-01', 'a range covers at most 36525 days'],
      ['2026-02-30..2026-03-01', 'is not a valid date'],
    ] as const) {
      for (const command of [
        ['report', 'users'],
        ['report', 'series'],
        ['report', 'activity'],
        ['export', 'users', '--format', 'csv', '--out', join(mkdtempSync(join(tmpdir(), 'aac-in-')), 'u.csv')],
      ]) {
        const r = await cli([...command, '--db', db, '--dates', dates, '--now', NOW_ISO]);
        expect(r.code, `${command.join(' ')} ${dates}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain(message);
      }
    }
    // A decade (and a century) of mostly empty months answers with the data's numbers.
    const users = async (dates: string) => {
      const r = await cli(['report', 'users', '--db', db, '--segment', 'all-users', '--dates', dates, '--now', NOW_ISO, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return r.json().total as Record<string, number>;
    };
    const allTime = await users('all-time');
    expect(allTime.num_questions).toBeGreaterThan(0);
    expect(await users('2017-01-01..2026-12-31')).toEqual(allTime);
    expect(await users('1927-01-01..2026-12-31')).toEqual(allTime);
    const series = async (dates: string) => {
      const r = await cli(['report', 'series', '--db', db, '--dates', dates, '--now', NOW_ISO, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return r.json().points as Array<{ date: string; num_questions: number; active_users: number }>;
    };
    const century = await series('1927-01-01..2026-12-31');
    expect(century).toHaveLength(1200);
    const sum = (points: Array<{ num_questions: number }>) => points.reduce((s, p) => s + p.num_questions, 0);
    expect(sum(century)).toBe(sum(await series('all-time')));
    expect(century.filter((p) => p.date < '2025-01-01').every((p) => p.num_questions === 0 && p.active_users === 0)).toBe(true);
  });

  it('CLI: ids past int4, odd cursors and NUL bytes are INVALID_INPUT; unknown ids are "does not exist"', async () => {
    const cases: Array<[string[], number, string]> = [
      [['report', 'users', '--segment', 'user:9999999999'], 2, 'user 9999999999 is out of range: ids are at most 2147483647'],
      [['report', 'users', '--segment', 'group:2147483648'], 2, 'group 2147483648 is out of range'],
      [['report', 'series', '--segment', 'user:99999999999999999999'], 2, 'out of range'],
      [['report', 'activity', '--users', 'user:0'], 2, 'is not an id'],
      [['report', 'activity', '--content', 'thread:9999999999'], 2, 'thread 9999999999 is out of range'],
      [['report', 'activity', '--content', 'post:2147483648'], 2, 'post 2147483648 is out of range'],
      [['report', 'activity', '--after', cursor(2 ** 31)], 2, 'invalid cursor'],
      [['report', 'activity', '--after', cursor(-1)], 2, 'invalid cursor'],
      [['report', 'users', '--segment', 'sta\0ff'], 2, 'users segment must not contain a NUL character'],
      [['report', 'users', '--segment', 'all-users', '--query', 'ad\0min'], 2, 'search text must not contain a NUL character'],
      [['report', 'activity', '--content', 'thread:1\0'], 2, 'content segment must not contain a NUL character'],
      [
        ['export', 'users', '--format', 'csv', '--segment', 'group:2147483648', '--out', join(mkdtempSync(join(tmpdir(), 'aac-in-')), 'g.csv')],
        2,
        'out of range',
      ],
      [['report', 'users', '--segment', 'user:2147483647'], 1, 'user 2147483647 does not exist'],
      [['report', 'activity', '--content', 'thread:2147483647'], 1, 'thread 2147483647 does not exist'],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli([...args, '--db', db, '--now', NOW_ISO]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(RAW_DB_TEXT);
    }
  });

  it('IPC: the same values through the contract; settings refused whole; a NUL demo path leaves no file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aac-in-data-'));
    // A reversible stand-in for the OS keychain, so the PostgreSQL profile keeps its password.
    const secrets = { available: () => true, encrypt: (s: string) => s, decrypt: (s: string) => s };
    const state = new AppState({ dataDir, secrets, chooseSavePath: async (name) => join(dataDir, name) });
    const call = createDispatcher(createHandlers(), { state, emit: () => undefined });
    const connection = spec.engine === 'sqlite' ? { engine: 'sqlite' as const, path: spec.path } : { engine: 'postgres' as const, url: spec.url! };
    const saved = await call('profiles/save', { name: 'forum', connection, savePassword: true });
    if (!saved.ok) throw new Error(saved.error.message);
    const profileId = (saved.value as { profiles: Array<{ id: string }> }).profiles[0]!.id;
    expect((await call('profiles/open', { id: profileId })).ok).toBe(true);
    expect(await call('auth/signIn', { login: 'adm\0in', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('NUL') },
    });
    expect((await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD })).ok).toBe(true);

    const refused: Array<[Parameters<typeof call>[0], unknown, string]> = [
      ['report/users', { dates: '9999-12-01..9999-12-31' }, 'outside the dates reports cover'],
      ['report/series', { dates: '1900-01-01..2030-01-01' }, 'at most 36525 days'],
      ['report/activity', { dates: '1850-01-01..1850-01-02' }, 'outside the dates'],
      ['report/users', { segment: 'user:9999999999' }, 'out of range'],
      ['report/users', { segment: 'group:2147483648' }, 'out of range'],
      ['report/users', { segment: 'all-users', query: 'a\0b' }, 'NUL'],
      ['report/users', { segment: 'st\0aff' }, 'NUL'],
      ['report/activity', { content: 'thread:9999999999' }, 'out of range'],
      ['report/activity', { after: cursor(2 ** 31) }, 'invalid cursor'],
      ['report/activity', { users: 'user:2147483648' }, 'out of range'],
      ['report/series', { segment: 'user:9999999999' }, 'out of range'],
      ['export/start', { what: 'users', format: 'csv', segment: 'group:2147483648' }, 'out of range'],
      ['export/start', { what: 'activity', format: 'csv', dates: '9999-12-01..9999-12-31' }, 'outside the dates'],
    ];
    for (const [method, request, message] of refused) {
      const r = await call(method, request as never);
      expect(r, `${method} ${JSON.stringify(request)}`).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) },
      });
      expect((r as { error: { message: string } }).error.message).not.toMatch(RAW_DB_TEXT);
    }
    expect(await call('report/activity', { content: 'thread:2147483647' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'thread 2147483647 does not exist' },
    });

    // A refused save changes nothing: not the settings in use, not the saved profile.
    const good = { ASKBOT_ANALYTICS_NAMED_SEGMENTS: [{ name: 'Staff', slug: 'staff', group_ids: [1] }] };
    expect((await call('settings/save', { settings: good })).ok).toBe(true);
    const before = await call('settings/get', {});
    for (const bad of [
      { ASKBOT_ANALYTICS_NAMED_SEGMENTS: [{ name: 'Big', slug: 'big', group_ids: [2147483648] }] },
      { ASKBOT_ANALYTICS_NAMED_SEGMENTS: [{ name: 'Bad', slug: 'Bad', group_ids: [1] }], TIME_ZONE: 'Mars/Olympus' },
    ]) {
      const r = await call('settings/save', { settings: bad });
      expect(r).toMatchObject({ ok: false, error: { code: 'SETTINGS' } });
      expect((r as { error: { message: string } }).error.message).not.toMatch(RAW_DB_TEXT);
      expect(await call('settings/get', {})).toEqual(before);
      expect(state.profiles.get(profileId).settings).toEqual(good);
      expect((await call('report/users', {})).ok).toBe(true);
    }
    expect(
      (await call('settings/save', { settings: { ASKBOT_ANALYTICS_NAMED_SEGMENTS: [{ name: 'Big', slug: 'big', group_ids: [2147483648] }] } })) as never,
    ).toMatchObject({
      error: { message: expect.stringContaining('group ids are at most 2147483647') },
    });

    // A NUL in the demo's path: refused before any file is made, here or in the working folder.
    const cwdBefore = readdirSync(process.cwd()).sort();
    const dataBefore = readdirSync(dataDir).sort();
    expect(await call('db/createDemo', { path: join(dataDir, 'de\0mo.sqlite') })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('NUL') },
    });
    expect(await call('db/connect', { engine: 'sqlite', path: 'x\0y' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore);
    expect(readdirSync(dataDir).sort()).toEqual(dataBefore);
    await state.shutdown();
  });

  it('an export that cannot be written names the file and the problem, never the temporary .part', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aac-in-export-'));
    const notAFolder = join(folder, 'report.txt');
    writeFileSync(notAFolder, 'a file where a folder was expected');
    const out = join(notAFolder, 'users.csv');
    const r = await cli(['export', 'users', '--db', db, '--format', 'csv', '--out', out, '--now', NOW_ISO]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot write ${out}: a part of its folder path is a file; nothing was written`);
    expect(r.stderr).not.toMatch(/\.part|ENOTDIR/);
    expect(readdirSync(folder)).toEqual(['report.txt']);
  });
});

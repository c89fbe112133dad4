// Every IPC handler behind the contract, on both engines, through the same dispatcher ipcMain uses:
// valid requests do their work on a real database, invalid ones come back as clear errors.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { insertUsers } from '../../src-main/core/forum/users';
import { hashDjangoPassword } from '../../src-main/core/auth/password';
import { DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, DEMO_MODERATOR_PASSWORD, DEMO_MODERATOR_USERNAME, seedDemo } from '../../src-main/core/seed';
import { createHandlers } from '../../src-main/ipc';
import { createDispatcher } from '../../src-main/ipc/registry';
import { AppState } from '../../src-main/ipc/state';
import type { SecretBox } from '../../src-main/ipc/profiles-store';
import type { ConnectRequest } from '../../src-preload/contract';
import { bundleWorker } from '../helpers/build-worker';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';

let workerFile = '';
let readerFile = '';
beforeAll(async () => {
  workerFile = await bundleWorker(join(process.cwd(), 'src-main/jobs/worker.ts'));
  readerFile = await bundleWorker(join(process.cwd(), 'src-main/core/db/sqlite-reader-worker.ts'));
});

/** A reversible stand-in for Electron's safeStorage, so the test can see what was stored. */
const fakeKeychain: SecretBox = {
  available: () => true,
  encrypt: (s) => 'enc:' + Buffer.from(s).toString('hex'),
  decrypt: (s) => Buffer.from(s.slice(4), 'hex').toString(),
};

async function forum(engine: 'sqlite' | 'postgres') {
  const { db, spec, url } = await freshAskbotDb(engine);
  const now = Date.UTC(2026, 10, 20, 12) * 1000;
  await seedDemo(db, { users: 30, days: 10, seed: 7, now, passwordIterations: 1000 });
  const t = now - 86_400_000_000;
  await insertUsers(db, [
    { username: 'regular', email: 'regular@example.com', dateJoined: t, status: 'a', password: await hashDjangoPassword('pw-regular', { iterations: 1000 }) },
    { username: 'openid', email: 'openid@example.com', dateJoined: t, status: 'm' },
    {
      username: 'gone',
      email: 'gone@example.com',
      dateJoined: t,
      status: 'm',
      isActive: false,
      password: await hashDjangoPassword('pw-gone', { iterations: 1000 }),
    },
  ]);
  await db.close();
  const request: ConnectRequest = spec.engine === 'sqlite' ? { engine: 'sqlite', path: spec.path } : { engine: 'postgres', url: spec.url! };
  return { request, url };
}

function app(secrets?: SecretBox, extra: Partial<ConstructorParameters<typeof AppState>[0]> = {}) {
  const events: Array<{ event: string; payload: unknown }> = [];
  const emit = (event: string, payload: unknown) => events.push({ event, payload });
  const dataDir = mkdtempSync(join(tmpdir(), 'aac-handlers-'));
  const state = new AppState({ dataDir, workerFile, readerFile, secrets, ...extra }, emit as never);
  const call = createDispatcher(createHandlers(), { state, emit: emit as never });
  return { state, call, events, dataDir };
}

describeEachEngine('IPC handlers', (engine) => {
  it('auth: refuses wrong passwords, regular, password-less and inactive accounts; rate-limits; signs staff in', async () => {
    const { request } = await forum(engine);
    const { call, state } = app();
    expect((await call('db/connect', request)).ok).toBe(true);
    expect(await call('report/users', {})).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    expect(await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'AUTH', message: 'Wrong username/e-mail or password' },
    });
    expect(await call('auth/signIn', { login: 'regular', password: 'pw-regular' })).toMatchObject({
      ok: false,
      error: { message: 'Only forum administrators and moderators may use the console; "regular" is neither' },
    });
    expect(await call('auth/signIn', { login: 'openid', password: 'x' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('no usable password') },
    });
    expect(await call('auth/signIn', { login: 'gone', password: 'pw-gone' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('inactive') },
    });
    expect(await call('auth/signIn', { login: '', password: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const mod = await call('auth/signIn', { login: DEMO_MODERATOR_USERNAME, password: DEMO_MODERATOR_PASSWORD });
    expect(mod).toMatchObject({ ok: true, value: { username: DEMO_MODERATOR_USERNAME, role: 'moderator' } });
    expect(await call('auth/current', {})).toMatchObject({ ok: true, value: { role: 'moderator' } });
    // Five failures for one login lock it for a while.
    for (let i = 0; i < 5; i++) await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: `bad${i}` });
    expect(await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    expect(await call('auth/signOut', {})).toEqual({ ok: true, value: null });
    expect(state.user).toBeUndefined();
    await state.shutdown();
  });

  it('reports and groups preview answer a signed-in moderator; bad report input is explained', async () => {
    const { request } = await forum(engine);
    const { call, state } = app();
    await call('db/connect', request);
    await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD });
    const options = await call('report/options', {});
    expect(options).toMatchObject({ ok: true, value: { presets: expect.arrayContaining(['last-30-days', 'all-time']) } });
    const users = await call('report/users', { dates: 'all-time' });
    expect(users).toMatchObject({ ok: true, value: { level: expect.any(String), rows: expect.any(Array) } });
    const activity = await call('report/activity', { dates: '2026-11-10..2026-11-20', limit: 5 });
    expect(activity.ok && (activity.value as { rows: unknown[] }).rows.length).toBe(5);
    const series = await call('report/series', { dates: 'last-7-days', metrics: ['num_questions'] });
    expect(series).toMatchObject({ ok: true, value: { granularity: 'day' } });
    expect(await call('report/users', { dates: 'last-fortnight' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('report/users', { page: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('report/activity', { after: 'forged-cursor' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const preview = await call('groups/preview', {});
    expect(preview).toMatchObject({ ok: true, value: { enabled: false, groups: expect.any(Array) } });
    await state.shutdown();
  });

  it('settings: validation names the key; only administrators change the Google Analytics ID', async () => {
    const { request } = await forum(engine);
    const { call, state } = app();
    await call('db/connect', request);
    await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD });
    const bad = await call('settings/save', { settings: { ASKBOT_ANALYTICS_NAMED_SEGMENTS: [{ name: 'S', slug: 'Bad Slug', group_ids: [] }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'SETTINGS', message: expect.stringContaining('ASKBOT_ANALYTICS_NAMED_SEGMENTS[0].slug') } });
    const good = await call('settings/save', {
      settings: { ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: 45, ASKBOT_ANALYTICS_NAMED_SEGMENTS: [{ name: 'Ghost', slug: 'ghost', group_ids: [999999] }] },
    });
    expect(good).toMatchObject({
      ok: true,
      value: {
        settings: { ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: 45 },
        problems: [{ key: 'ASKBOT_ANALYTICS_NAMED_SEGMENTS[0].group_ids[0]', problem: 'group 999999 does not exist' }],
      },
    });
    expect(await call('settings/setGoogleAnalyticsKey', { key: 'UA-12345-1' })).toMatchObject({
      ok: true,
      value: { googleAnalyticsKey: 'UA-12345-1', canEditGoogleAnalyticsKey: true },
    });
    expect(await call('settings/setGoogleAnalyticsKey', { key: '<script>' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await call('auth/signIn', { login: DEMO_MODERATOR_USERNAME, password: DEMO_MODERATOR_PASSWORD });
    expect(await call('settings/get', {})).toMatchObject({ ok: true, value: { googleAnalyticsKey: 'UA-12345-1', canEditGoogleAnalyticsKey: false } });
    expect(await call('settings/setGoogleAnalyticsKey', { key: '' })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    await state.shutdown();
  });

  it('jobs: seed events runs in a worker with progress; create-groups is refused while the setting is off', async () => {
    const { request } = await forum(engine);
    const { call, state, events } = app();
    await call('db/connect', request);
    expect(await call('job/start', { kind: 'seedEvents' })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD });
    expect(await call('job/start', { kind: 'explode' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const started = await call('job/start', { kind: 'seedEvents' });
    expect(started.ok).toBe(true);
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    const end = await state.jobs().wait(jobId);
    expect(end.state).toBe('done');
    expect(events.some((e) => e.event === 'job/finished')).toBe(true);
    expect(await call('job/list', {})).toMatchObject({ ok: true, value: [{ jobId, state: 'done' }] });
    const groups = await call('job/start', { kind: 'createGroups' });
    const g = await state.jobs().wait((groups as { value: { jobId: string } }).value.jobId);
    expect(g).toMatchObject({ state: 'failed', error: { code: 'DISABLED' } });
    expect(await call('job/cancel', { jobId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // Compile: a second one is refused while the first runs; its result lands in the summaries.
    const compile = await call('job/start', { kind: 'compile' });
    expect(compile.ok).toBe(true);
    expect(await call('job/start', { kind: 'compile' })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED', message: expect.stringContaining('already running') },
    });
    const c = await state.jobs().wait((compile as { value: { jobId: string } }).value.jobId);
    expect(c).toMatchObject({ state: 'done', result: { events_summarized: expect.any(Number) } });
    const status = await call('db/status', {});
    const counts = (
      status as { value: { counts: { unsummarized_events: number }; summaries_through: Record<string, string | null>; compiled_through: string } }
    ).value;
    expect(counts.counts.unsummarized_events).toBe(0);
    expect(counts.compiled_through).toMatch(/^2026-\d\d-\d\dT\d\d:00:00Z$/);
    // The daily user rows reach the day of the newest compiled hour (UTC buckets).
    expect(counts.summaries_through).toMatchObject({
      askbot_hourlyusersummary: counts.compiled_through,
      askbot_dailyusersummary: counts.compiled_through.slice(0, 10),
    });
    await state.shutdown();
  });

  it('profiles: saved without a password unless the keychain is there, never in clear text', async () => {
    const { request, url } = await forum(engine);
    const plain = app();
    const withPassword = engine === 'postgres' ? { ...request, url: url } : request;
    const saved = await plain.call('profiles/save', { name: 'Forum', connection: withPassword });
    expect(saved).toMatchObject({ ok: true, value: { passwordStorage: false, profiles: [{ name: 'Forum', engine, hasSavedPassword: false }] } });
    if (engine === 'postgres') {
      const refused = await plain.call('profiles/save', { name: 'Forum', connection: withPassword, savePassword: true });
      expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('cannot be saved') } });
      const file = readFileSync(join(plain.dataDir, 'profiles.json'), 'utf8');
      expect(file).not.toContain(':postgres@'); // the password in the URL was stripped
      const id = (saved as { value: { profiles: Array<{ id: string }> } }).value.profiles[0]!.id;
      expect(await plain.call('profiles/open', { id })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
      expect(await plain.call('profiles/open', { id, password: 'postgres' })).toMatchObject({ ok: true, value: { profileId: id } });

      const keyed = app(fakeKeychain);
      const s2 = await keyed.call('profiles/save', { name: 'Forum', connection: withPassword, savePassword: true });
      expect(s2).toMatchObject({ ok: true, value: { passwordStorage: true, profiles: [{ hasSavedPassword: true }] } });
      const stored = readFileSync(join(keyed.dataDir, 'profiles.json'), 'utf8');
      expect(stored).toContain('enc:');
      expect(stored).not.toContain(':postgres@');
      const id2 = (s2 as { value: { profiles: Array<{ id: string }> } }).value.profiles[0]!.id;
      expect(await keyed.call('profiles/open', { id: id2 })).toMatchObject({ ok: true });
      await keyed.state.shutdown();
    } else {
      const id = (saved as { value: { profiles: Array<{ id: string }> } }).value.profiles[0]!.id;
      expect(await plain.call('profiles/open', { id })).toMatchObject({ ok: true, value: { profileId: id } });
    }
    const id = (saved as { value: { profiles: Array<{ id: string }> } }).value.profiles[0]!.id;
    expect(await plain.call('profiles/delete', { id })).toMatchObject({ ok: true, value: { profiles: [] } });
    expect(await plain.call('profiles/open', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await plain.state.shutdown();
  });
});

describeEachEngine('read-only connections', (engine) => {
  it('show reports but refuse jobs with a clear message', async () => {
    const { request, url } = await forum(engine);
    let readOnlyRequest: ConnectRequest = { ...request, readOnly: true };
    if (engine === 'postgres') {
      // A login that may only SELECT: detected as read-only on connect.
      const admin = new (await import('pg')).default.Client({ connectionString: url });
      await admin.connect();
      const role = `reader_${Date.now().toString(36)}`;
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'reader'`);
      await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
      await admin.end();
      const u = new URL(url);
      u.username = role;
      u.password = 'reader';
      readOnlyRequest = { engine: 'postgres', url: u.toString() };
    }
    const { call, state } = app();
    const info = await call('db/connect', readOnlyRequest);
    expect(info).toMatchObject({ ok: true, value: { readOnly: true, status: { read_only: true } } });
    await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD });
    expect((await call('report/users', { dates: '2026-11-10..2026-11-20' })).ok).toBe(true);
    const job = await call('job/start', { kind: 'seedEvents' });
    expect(job).toMatchObject({ ok: false, error: { code: 'READ_ONLY', message: expect.stringContaining('read-only') } });
    expect(await call('settings/setGoogleAnalyticsKey', { key: 'UA-1-1' })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    await state.shutdown();
  });
});

describeEachEngine('export/start', (engine) => {
  it('asks where to save, exports in the worker, prints PDF from the HTML report, and does nothing when the dialog is cancelled', async () => {
    const { request } = await forum(engine);
    const outDir = mkdtempSync(join(tmpdir(), 'aac-exports-'));
    let answer: string | null = null;
    const asked: string[] = [];
    const printed: string[] = [];
    const { call, state } = app(undefined, {
      chooseSavePath: async (name) => {
        asked.push(name);
        return answer === null ? null : join(outDir, answer || name);
      },
      printToPdf: async (html, pdf) => {
        printed.push(readFileSync(html, 'utf8'));
        writeFileSync(pdf, '%PDF-1.7 test');
      },
    });
    await call('db/connect', request);
    await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD });
    expect(await call('export/start', { what: 'users', format: 'csv', dates: '2026-11-10..2026-11-20' })).toEqual({ ok: true, value: null });
    expect(asked).toEqual(['users-2026-11-10..2026-11-20.csv']);

    answer = '';
    const csv = await call('export/start', { what: 'users', format: 'csv', dates: '2026-11-10..2026-11-20' });
    const done = await state.jobs().wait((csv as { value: { jobId: string } }).value.jobId);
    expect(done).toMatchObject({ state: 'done', result: { format: 'csv' } });
    const text = readFileSync(join(outDir, 'users-2026-11-10..2026-11-20.csv'), 'utf8');
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^[^,]+,/);

    const act = await call('export/start', { what: 'activity', format: 'xlsx', dates: '2026-11-10..2026-11-20', activity: 'question-posted' });
    const a = await state.jobs().wait((act as { value: { jobId: string } }).value.jobId);
    expect(a).toMatchObject({ state: 'done', result: { format: 'xlsx', rows: expect.any(Number) } });
    expect((a.result as { rows: number }).rows).toBeGreaterThan(0);

    // PDF is a job like the others: it answers running, with its progress and Cancel, and ends done.
    const pdf = await call('export/start', { what: 'all', format: 'pdf', dates: '2026-11-10..2026-11-20' });
    expect(pdf).toMatchObject({ ok: true, value: { state: 'running', kind: 'exportPdf' } });
    const printedJob = await state.jobs().wait((pdf as { value: { jobId: string } }).value.jobId);
    expect(printedJob).toMatchObject({ state: 'done', kind: 'exportPdf', result: { format: 'pdf', file: join(outDir, 'all-2026-11-10..2026-11-20.pdf') } });
    expect(asked[asked.length - 1]).toBe('all-2026-11-10..2026-11-20.pdf');
    expect(printed[0]).toContain('<table');
    const pdfFile = printedJob.kind === 'exportPdf' ? printedJob.result!.file : '';
    expect(readFileSync(pdfFile, 'utf8')).toBe('%PDF-1.7 test');

    // Issue 14: the Overview's own CSV and the retention cohorts' workbook, through the same worker.
    const ov = await call('export/start', { what: 'overview', format: 'csv', dates: '2026-11-10..2026-11-20' });
    expect(asked[asked.length - 1]).toBe('overview-2026-11-10..2026-11-20.csv');
    expect(await state.jobs().wait((ov as { value: { jobId: string } }).value.jobId)).toMatchObject({ state: 'done', result: { format: 'csv', rows: 21 } });
    await call('settings/setExcludeStaff', { excludeStaff: true });
    const ret = await call('export/start', { what: 'retention', format: 'xlsx', dates: '2026-11-01..2026-11-20' });
    expect(asked[asked.length - 1]).toBe('retention-no-staff-2026-11-01..2026-11-20.xlsx');
    expect(await state.jobs().wait((ret as { value: { jobId: string } }).value.jobId)).toMatchObject({ state: 'done', result: { format: 'xlsx', rows: 1 } });
    await call('settings/setExcludeStaff', { excludeStaff: false });

    expect(await call('export/start', { what: 'all', format: 'csv' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // Without a native dialog (no chooseOpenPath configured) the open-file dialog answers null.
    expect(await call('dialog/openSqliteFile', {})).toEqual({ ok: true, value: null });
    expect(await call('export/start', { what: 'users', format: 'csv', segment: 'group:999999' })).toMatchObject({ ok: false });
    expect(existsSync(join(outDir, 'users-2026-11-10..2026-11-20.csv'))).toBe(true);
    await state.shutdown();
  });
});

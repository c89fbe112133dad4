// Cancel stops a running job at its next batch boundary on both engines: Ctrl-C / SIGTERM in the
// CLI (a real process, signalled once its first batch is committed) and job/cancel in the app (the
// real worker). SQLite runs statements synchronously, so this only works because every job loop gives
// the event loop a turn between batches (core/cancel.ts). What stays is whole batches only.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { compileAnalytics, resetAnalytics } from '../../src-main/core/compile';
import { openDatabase, type ConnectionSpec } from '../../src-main/core/db/connect';
import { listTables } from '../../src-main/core/db/schema';
import type { Db } from '../../src-main/core/db/types';
import { type Sql, sql } from '../../src-main/core/db/sql';
import { DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, seedDemo } from '../../src-main/core/seed';
import type { JobInfo } from '../../src-main/core/types/jobs';
import { createHandlers } from '../../src-main/ipc';
import { createDispatcher } from '../../src-main/ipc/registry';
import { AppState } from '../../src-main/ipc/state';
import { bundleWorker } from '../helpers/build-worker';
import { describeEachEngine, freshAskbotDb, freshSpec } from '../helpers/engines';

const NOW = Date.now() * 1000;
let workerFile = '';
beforeAll(async () => {
  workerFile = await bundleWorker(join(process.cwd(), 'src-main/jobs/worker.ts'));
});

const target = (spec: ConnectionSpec) => (spec.engine === 'sqlite' ? spec.path : spec.url!);

/** The CLI from source in its own process, as cron or a terminal runs it. */
function spawnCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src-main/cli.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((ok) => child.on('close', (code) => ok({ code, stdout, stderr })));
  let running = true;
  void exited.then(() => (running = false));
  return { child, exited, running: () => running };
}

/** Reads with a connection of its own; a failure (file not there yet) counts as "not yet". */
async function peek<T>(spec: ConnectionSpec, read: (db: Db) => Promise<T>): Promise<T | undefined> {
  let db: Db | undefined;
  try {
    db = await openDatabase(spec);
    return await read(db);
  } catch {
    return undefined;
  } finally {
    await db?.close().catch(() => undefined);
  }
}

async function count(db: Db, query: Sql): Promise<number> {
  return Number((await db.one<{ n: unknown }>(query))!.n);
}

async function until(what: string, check: () => Promise<boolean>, alive: () => boolean): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (!alive()) throw new Error(`the job ended before ${what}`);
    if (Date.now() - t0 > 120_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Daily user rows per month, the compiler's unit of work (month-aligned batches). */
async function rowsPerMonth(db: Db): Promise<Map<string, number>> {
  const rows = await db.all<{ date: unknown; n: unknown }>(sql`SELECT "date", count(*) AS n FROM "askbot_dailyusersummary" GROUP BY "date"`);
  const months = new Map<string, number>();
  for (const r of rows) {
    const m = db.dialect.readDate(r.date).slice(0, 7);
    months.set(m, (months.get(m) ?? 0) + Number(r.n));
  }
  return months;
}

/**
 * After a cancelled compile: work was left, and every month it compiled is whole (a later full
 * compile adds nothing to it), the compiled months being the first ones.
 */
async function expectWholeBatches(spec: ConnectionSpec): Promise<void> {
  const db = await openDatabase(spec, { write: true });
  try {
    expect(await count(db, sql`SELECT count(*) AS n FROM "askbot_event" WHERE "summarized" = ${db.dialect.FALSE}`)).toBeGreaterThan(0);
    const before = await rowsPerMonth(db);
    expect(before.size).toBeGreaterThan(0);
    await compileAnalytics(db, { now: NOW });
    const after = await rowsPerMonth(db);
    expect(before.size).toBeLessThan(after.size);
    const months = [...after.keys()].sort();
    expect([...before.keys()].sort()).toEqual(months.slice(0, before.size));
    for (const [m, n] of before) expect(n, m).toBe(after.get(m));
  } finally {
    await db.close();
  }
}

/** The app's handlers on a state of their own, connected to the forum and signed in as its administrator. */
async function signedInApp(spec: ConnectionSpec, config: { dataDir: string; chooseSavePath?: (name: string) => Promise<string> }) {
  const events: Array<{ event: string; payload: JobInfo }> = [];
  const emit = (event: string, payload: JobInfo) => events.push({ event, payload });
  const state = new AppState({ ...config, workerFile }, emit as never);
  const call = createDispatcher(createHandlers(), { state, emit: emit as never });
  expect((await call('db/connect', spec.engine === 'sqlite' ? { engine: 'sqlite', path: spec.path } : { engine: 'postgres', url: spec.url! })).ok).toBe(true);
  expect((await call('auth/signIn', { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD })).ok).toBe(true);
  return { events, state, call };
}

describeEachEngine('cancelling jobs', (engine) => {
  let spec: ConnectionSpec;
  beforeAll(async () => {
    const f = await freshAskbotDb(engine);
    // 13 months of activity: the compile has 14 month-aligned batches.
    await seedDemo(f.db, { users: 400, days: 400, seed: 5, now: NOW, passwordIterations: 1000 });
    await f.db.close();
    spec = f.spec;
  }, 120_000);

  it('Ctrl-C stops the CLI compile at a batch boundary: exit 1, whole batches only', async () => {
    const run = spawnCli(['compile', '--db', target(spec)]);
    await until(
      'the first batch',
      async () => ((await peek(spec, (db) => count(db, sql`SELECT count(*) AS n FROM askbot_dailyusersummary`))) ?? 0) > 0,
      run.running,
    );
    run.child.kill('SIGINT');
    const end = await run.exited;
    expect(end.stderr).toContain('stopping at the next batch boundary');
    expect(end.stderr).toContain('The compile was cancelled; the summaries are as of its last completed batch');
    expect(end.code).toBe(1);
    await expectWholeBatches(spec);
  }, 180_000);

  it("the app's Cancel (job/cancel) stops a compile in the worker at a batch boundary", async () => {
    const reset = await openDatabase(spec, { write: true });
    await resetAnalytics(reset);
    await reset.close();
    const { events, state, call } = await signedInApp(spec, { dataDir: mkdtempSync(join(tmpdir(), 'aac-cancel-')) });
    const started = await call('job/start', { kind: 'compile' });
    if (!started.ok) throw new Error(started.error.message);
    const jobId = (started.value as JobInfo).jobId;
    await until(
      'the first batch',
      async () => events.some((e) => e.event === 'job/progress' && e.payload.step === 'compile'),
      () => state.jobs().get(jobId).state === 'running',
    );
    expect((await call('job/cancel', { jobId })).ok).toBe(true);
    const end = await state.jobs().wait(jobId);
    expect(end).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    await state.shutdown();
    await expectWholeBatches(spec);
  }, 180_000);

  it("the app's Cancel stops an export: no file, no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aac-cancel-export-'));
    const { events, state, call } = await signedInApp(spec, { dataDir: dir, chooseSavePath: async (name) => join(dir, name) });
    const started = await call('export/start', { what: 'activity', format: 'xlsx', dates: 'last-year' });
    if (!started.ok || !started.value) throw new Error('export did not start');
    const jobId = (started.value as JobInfo).jobId;
    await until(
      'the first rows',
      async () => events.some((e) => e.event === 'job/progress' && e.payload.done > 0),
      () => state.jobs().get(jobId).state === 'running',
    );
    await call('job/cancel', { jobId });
    const end = await state.jobs().wait(jobId);
    expect(end).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.xlsx') || f.endsWith('.part'))).toEqual([]);
    await state.shutdown();
  }, 180_000);

  it("the app's Cancel stops creating organizations while their group summaries are rebuilt", async () => {
    const compiled = await openDatabase(spec, { write: true });
    await compileAnalytics(compiled, { now: NOW }); // the summaries the rebuild goes through, batch by batch
    await compiled.close();
    const { events, state, call } = await signedInApp(spec, { dataDir: mkdtempSync(join(tmpdir(), 'aac-cancel-groups-')) });
    expect((await call('settings/save', { settings: { ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED: true } })).ok).toBe(true);
    const groupsBefore = await peek(spec, (db) => count(db, sql`SELECT count(*) AS n FROM auth_group`));
    const started = await call('job/start', { kind: 'createGroups' });
    if (!started.ok) throw new Error(started.error.message);
    const jobId = (started.value as JobInfo).jobId;
    const rebuilding = () => events.some((e) => e.event === 'job/progress' && e.payload.step === 'group summaries' && e.payload.done > 0);
    await until(
      'the first rebuilt batch',
      async () => rebuilding(),
      () => state.jobs().get(jobId).state === 'running',
    );
    await call('job/cancel', { jobId });
    const end = await state.jobs().wait(jobId);
    expect(end).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED', message: expect.stringContaining('compile --rebuild') } });
    // The groups and memberships were committed before the rebuild began; the rebuild stopped early.
    expect(await peek(spec, (db) => count(db, sql`SELECT count(*) AS n FROM auth_group`))).toBeGreaterThan(groupsBefore!);
    expect(events.filter((e) => e.event === 'job/progress' && e.payload.step === 'group summaries').at(-1)!.payload.done).toBeLessThan(1000);
    await state.shutdown();
  }, 180_000);

  it('Ctrl-C stops the CLI export: exit 1, no file, no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aac-cancel-cli-export-'));
    const out = join(dir, 'activity.xlsx');
    const run = spawnCli(['export', 'activity', '--db', target(spec), '--format', 'xlsx', '--dates', 'all-time', '--out', out]);
    // The export writes to a hidden temporary file beside the target until it is complete.
    await until('the temporary file', async () => readdirSync(dir).some((f) => f.endsWith('.part')), run.running);
    run.child.kill('SIGINT');
    const end = await run.exited;
    expect(end.stderr).toMatch(/cancelled/i);
    expect(end.code).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  }, 180_000);

  it('Ctrl-C stops the CLI create-groups during the group-summary rebuild: exit 1, the groups stay, the rebuild is left to compile --rebuild', async () => {
    // A forum of its own: the app's test above already created this file's organizations.
    const f = await freshAskbotDb(engine);
    await seedDemo(f.db, { users: 200, days: 400, seed: 7, now: NOW, passwordIterations: 1000 });
    await compileAnalytics(f.db, { now: NOW }); // the summaries the rebuild goes through, batch by batch
    const lastGroupBefore = await count(f.db, sql`SELECT max("id") AS n FROM auth_group`);
    await f.db.close();
    const settings = join(mkdtempSync(join(tmpdir(), 'aac-cancel-cli-groups-')), 'settings.json');
    writeFileSync(settings, JSON.stringify({ ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED: true }));
    const run = spawnCli(['create-groups', '--db', target(f.spec), '--settings', settings]);
    // The groups and memberships are committed before the rebuild; its first batch writes the new groups' daily rows.
    const newGroupRows = (db: Db) => count(db, sql`SELECT count(*) AS n FROM "askbot_dailygroupsummary" WHERE "group_id" > ${lastGroupBefore}`);
    await until('the first rebuilt batch', async () => ((await peek(f.spec, newGroupRows)) ?? 0) > 0, run.running);
    run.child.kill('SIGINT');
    const end = await run.exited;
    expect(end.stderr).toContain('compile --rebuild');
    expect(end.code).toBe(1);
    expect(await peek(f.spec, (db) => count(db, sql`SELECT max("id") AS n FROM auth_group`))).toBeGreaterThan(lastGroupBefore);
  }, 180_000);

  it('SIGTERM stops seed demo: exit 1, the schema from init stays, no forum rows', async () => {
    const fresh = await freshSpec(engine);
    const run = spawnCli(['seed', 'demo', '--db', target(fresh), '--users', '3000', '--days', '200']);
    await until('the schema', async () => ((await peek(fresh, listTables)) ?? []).includes('auth_user'), run.running);
    run.child.kill('SIGTERM');
    const end = await run.exited;
    expect(end.stderr).toContain('Creating the demo forum was cancelled; no forum rows were written');
    expect(end.code).toBe(1);
    const db = await openDatabase(fresh);
    expect(await count(db, sql`SELECT count(*) AS n FROM auth_user`)).toBe(0);
    expect(await count(db, sql`SELECT count(*) AS n FROM askbot_event`)).toBe(0);
    await db.close();
    if (fresh.engine === 'sqlite') expect(existsSync(fresh.path)).toBe(true);
  }, 180_000);
});

// The job runner: work in a worker thread with progress, cancellation at a batch boundary (whole
// batches only), failures as data, and one job at a time.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { JOB_PARAMS, type JobInfo, type JobKinds } from '../../src-preload/contract';
import { DEFAULT_SETTINGS } from '../../src-main/core/settings';
import { exportPdfJob } from '../../src-main/jobs/export-pdf';
import { JobRunner, type RunnerJobInfo } from '../../src-main/jobs/runner';
import type { TestKinds } from '../fixtures/batch-job-worker';
import { bundleWorker } from '../helpers/build-worker';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { sql } from '../../src-main/core/db/sql';

const workerFile = bundleWorker(join(process.cwd(), 'test/fixtures/batch-job-worker.ts'));
const appWorker = bundleWorker(join(process.cwd(), 'src-main/jobs/worker.ts'));

async function runner() {
  const progress: Array<RunnerJobInfo<TestKinds>> = [];
  const finished: Array<RunnerJobInfo<TestKinds>> = [];
  const r = new JobRunner<TestKinds>({
    workerFile: await workerFile,
    events: { progress: (i) => progress.push(i), finished: (i) => finished.push(i) },
  });
  return { r, progress, finished };
}

describeEachEngine('job runner', (engine) => {
  it('runs a job in a worker with progress and a result', async () => {
    const { db, spec } = await freshAskbotDb(engine);
    const { r, progress, finished } = await runner();
    const job = r.start('fill', spec, DEFAULT_SETTINGS, { batches: 3, perBatch: 10, pauseMs: 0 });
    const done = await r.wait(job.jobId);
    expect(done).toMatchObject({ state: 'done', result: { inserted: 30 }, done: 3, total: 3 });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3]);
    expect(finished).toHaveLength(1);
    expect(Number((await db.one<{ n: number }>(sql`SELECT count(*) AS n FROM askbot_session`))!.n)).toBe(30);
    await db.close();
  });

  it('cancels at a batch boundary, leaving only whole batches, and refuses a second job meanwhile', async () => {
    const { db, spec } = await freshAskbotDb(engine);
    const { r, progress } = await runner();
    const job = r.start('fill', spec, DEFAULT_SETTINGS, { batches: 1000, perBatch: 7, pauseMs: 20 });
    expect(() => r.start('fill', spec, DEFAULT_SETTINGS, { batches: 1, perBatch: 1, pauseMs: 0 })).toThrow(/already running/);
    while (progress.length < 2 && r.get(job.jobId).state === 'running') await new Promise((res) => setTimeout(res, 10));
    r.cancel(job.jobId);
    const end = await r.wait(job.jobId);
    expect(end.state).toBe('cancelled');
    expect(end.error?.code).toBe('CANCELLED');
    const n = Number((await db.one<{ n: number }>(sql`SELECT count(*) AS n FROM askbot_session`))!.n);
    expect(n % 7).toBe(0);
    expect(n).toBeGreaterThanOrEqual(14);
    expect(n).toBeLessThan(7000);
    // After it ended, a new job may start.
    const next = r.start('fill', spec, DEFAULT_SETTINGS, { batches: 1, perBatch: 1, pauseMs: 0 });
    expect((await r.wait(next.jobId)).state).toBe('done');
    await db.close();
  });

  it('reports a failing job as data', async () => {
    const { db, spec } = await freshAskbotDb(engine);
    const { r } = await runner();
    const job = r.start('fail', spec, DEFAULT_SETTINGS, {});
    expect(await r.wait(job.jobId)).toMatchObject({ state: 'failed', error: { code: 'READ_ONLY', message: 'this job always fails' } });
    const unknown = r.start('nope' as 'fail', spec, DEFAULT_SETTINGS, {}); // what an untyped caller could send
    expect(await r.wait(unknown.jobId)).toMatchObject({ state: 'failed', error: { code: 'INVALID_INPUT' } });
    await db.close();
  });
});

describeEachEngine("the app's built worker (out/main/job-worker.js)", (engine) => {
  it('runs a real job under plain Node with progress', async () => {
    const built = join(process.cwd(), 'out', 'main', 'job-worker.js');
    expect(existsSync(built), 'run npm run build first').toBe(true);
    const { db, spec } = await freshAskbotDb(engine);
    const progress: JobInfo[] = [];
    const r = new JobRunner({ workerFile: built, events: { progress: (i) => progress.push(i), finished: () => undefined } });
    const job = r.start('seedDemo', spec, DEFAULT_SETTINGS, { users: 25, days: 7, seed: 3 });
    const end = await r.wait(job.jobId);
    expect(end).toMatchObject({ state: 'done', result: { users: expect.any(Number), events: expect.any(Number) } });
    expect(progress.length).toBeGreaterThan(0);
    const users = Number((await db.one<{ n: number }>(sql`SELECT count(*) AS n FROM auth_user`))!.n);
    expect(users).toBe((end.result as { users: number }).users);
    await db.close();
  });
});

describeEachEngine("the app's job kinds: typed params, PDF as a job", (engine) => {
  const events = { progress: () => undefined, finished: () => undefined };

  it('refuses malformed params with INVALID_INPUT naming the field: in main before a worker starts, and in the worker itself', async () => {
    const { db, spec } = await freshAskbotDb(engine);
    const checked = new JobRunner<JobKinds>({ workerFile: await appWorker, params: JOB_PARAMS, events });
    expect(() => checked.start('compile', spec, DEFAULT_SETTINGS, { from: 'yesterday' })).toThrow(/Invalid compile job: from: from must be YYYY-MM-DD/);
    expect(() => checked.start('seedDemo', spec, DEFAULT_SETTINGS, { users: 5, days: 7, seed: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('users') }),
    );
    expect(() => checked.start('createGroups', spec, DEFAULT_SETTINGS, { dryRun: true } as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(checked.list()).toEqual([]);
    // A runner without the schemas (or a message forged on the way) meets the worker's own check.
    const unchecked = new JobRunner<JobKinds>({ workerFile: await appWorker, events });
    const job = unchecked.start('export', spec, DEFAULT_SETTINGS, { what: 'users', format: 'pdf', out: '/tmp/x.pdf', filters: {} } as never);
    const end = await unchecked.wait(job.jobId);
    expect(end).toMatchObject({ state: 'failed', error: { code: 'INVALID_INPUT', message: expect.stringContaining('Invalid export job: format') } });
    await db.close();
  });

  it('exports a PDF as a job: the report in the worker with progress, then the print; Cancel during the print leaves no file', async () => {
    const { db, spec } = await freshAskbotDb(engine);
    const outDir = mkdtempSync(join(tmpdir(), 'aac-pdf-job-'));
    const progress: JobInfo[] = [];
    const r = new JobRunner<JobKinds>({
      workerFile: await appWorker,
      params: JOB_PARAMS,
      events: { progress: (i) => progress.push(i), finished: () => undefined },
    });
    const printed: string[] = [];
    const print = async (html: string, pdf: string) => {
      printed.push(readFileSync(html, 'utf8'));
      writeFileSync(pdf, '%PDF-1.7 test');
    };
    const params = { what: 'users' as const, out: join(outDir, 'users.pdf'), filters: { dates: '2026-01-01..2026-01-31' } };
    const job = r.startInMain('exportPdf', spec, DEFAULT_SETTINGS, params, exportPdfJob(print, params));
    expect(job).toMatchObject({ kind: 'exportPdf', state: 'running' });
    const end = await r.wait(job.jobId);
    expect(end).toMatchObject({
      state: 'done',
      kind: 'exportPdf',
      result: { file: params.out, format: 'pdf', rows: expect.any(Number), bytes: 13, suggestedName: expect.stringMatching(/\.pdf$/) },
    });
    expect(printed[0]).toContain('<table');
    expect(progress.map((p) => p.step)).toContain('users');
    expect(progress.slice(-2).map((p) => [p.step, p.done, p.total])).toEqual([
      ['printing', 0, 1],
      ['printing', 1, 1],
    ]);

    // Cancel while printing: the print is told (its signal), the half-written PDF and the HTML go.
    let printing!: () => void;
    const started = new Promise<void>((ok) => (printing = ok));
    let htmlFile = '';
    const slowPrint = (html: string, pdf: string, signal: AbortSignal) =>
      new Promise<void>((_ok, fail) => {
        htmlFile = html;
        writeFileSync(pdf, '%PDF-1.7 half');
        signal.addEventListener('abort', () => fail(new Error('window closed')));
        printing();
      });
    const second = { ...params, out: join(outDir, 'cancelled.pdf') };
    const job2 = r.startInMain('exportPdf', spec, DEFAULT_SETTINGS, second, exportPdfJob(slowPrint, second));
    await started;
    expect(r.get(job2.jobId)).toMatchObject({ state: 'running', step: 'printing' });
    r.cancel(job2.jobId);
    expect(await r.wait(job2.jobId)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(readdirSync(outDir)).toEqual(['users.pdf']);
    expect(existsSync(htmlFile)).toBe(false);
    await db.close();
  });
});

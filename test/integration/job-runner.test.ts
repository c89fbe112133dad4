// The job runner: work in a worker thread with progress, cancellation at a batch boundary (whole
// batches only), failures as data, and one job at a time.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-main/core/settings';
import { JobRunner, type JobInfo } from '../../src-main/jobs/runner';
import { bundleWorker } from '../helpers/build-worker';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { sql } from '../../src-main/core/db/sql';

const workerFile = bundleWorker(join(process.cwd(), 'test/fixtures/batch-job-worker.ts'));

async function runner() {
  const progress: JobInfo[] = [];
  const finished: JobInfo[] = [];
  const r = new JobRunner({
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
    const unknown = r.start('nope', spec, DEFAULT_SETTINGS, {});
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

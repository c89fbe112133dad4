import { describe, expect, it } from 'vitest';
import type { CompileResult, JobInfo } from '../../src-preload/contract';
import { createJobsStore, latestJob, runningJob } from '../../src-renderer/src/stores/jobs';
import { fail, fakeApi, ok } from './stores-fake-api';

const ID = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const COMPILED: CompileResult = {
  now: '2026-01-01T12:30:00Z',
  compiledUpTo: '2026-01-01T12:00:00Z',
  rebuild: false,
  from: null,
  batches: 1,
  rows: { hourly_user: 12, daily_user: 3, hourly_group: 0, daily_group: 0 },
  events_summarized: 40,
  sessions_summarized: 5,
  cleared: null,
  indexes_created: [],
  duration_ms: 120,
};
const job = (n: number, patch: Partial<JobInfo<'compile'>> = {}): JobInfo<'compile'> => ({
  jobId: ID(n),
  kind: 'compile',
  state: 'running',
  step: 'hours',
  done: 0,
  total: 10,
  startedAt: `2026-01-01T00:00:0${n}Z`,
  ...patch,
});

describe('jobs store', () => {
  it('follows progress and the finish of a started job through the pushed events', async () => {
    const f = fakeApi({ 'job/start': () => ok(job(1)) });
    const store = createJobsStore(f.api);
    const stop = store.getState().listen();
    const started = await store.getState().start({ kind: 'compile' });
    expect(started?.jobId).toBe(ID(1));
    expect(runningJob(store.getState().jobs)?.jobId).toBe(ID(1));
    f.emit('job/progress', job(1, { done: 4 }));
    expect(store.getState().jobs[0]?.done).toBe(4);
    f.emit('job/finished', job(1, { state: 'done', done: 10, result: COMPILED }));
    // A progress event arriving after the finish does not revive the job.
    f.emit('job/progress', job(1, { done: 9 }));
    expect(store.getState().jobs).toHaveLength(1);
    expect(latestJob(store.getState().jobs, 'compile')).toMatchObject({ state: 'done', result: COMPILED });
    expect(runningJob(store.getState().jobs)).toBeUndefined();
    stop();
    expect(f.listenerCount('job/progress')).toBe(0);
    expect(f.listenerCount('job/finished')).toBe(0);
  });

  it('shows the LOCKED message when a second compile is refused', async () => {
    const f = fakeApi({ 'job/start': () => fail('LOCKED', 'A compile job is already running (hours 3/10); wait for it or cancel it') });
    const store = createJobsStore(f.api);
    await expect(store.getState().start({ kind: 'compile' })).resolves.toBeNull();
    expect(store.getState().error).toContain('already running');
    store.getState().clearError();
    expect(store.getState().error).toBeNull();
    // The refusal is dropped when the running job ends.
    await store.getState().start({ kind: 'compile' });
    expect(store.getState().error).toContain('already running');
    const stop = store.getState().listen();
    f.emit('job/finished', job(1, { state: 'done' }));
    expect(store.getState().error).toBeNull();
    stop();
  });

  it('cancels, and lists jobs of the session in start order (jobs survive view switches)', async () => {
    const f = fakeApi({
      'job/cancel': (r) => ok({ ...job(2), jobId: r.jobId, kind: 'seedEvents', result: undefined, state: 'cancelled' }),
      'job/list': () => ok([{ ...job(2), kind: 'seedEvents', result: undefined }, job(1, { state: 'done' })]),
    });
    const store = createJobsStore(f.api);
    await store.getState().refresh();
    expect(store.getState().jobs.map((j) => j.jobId)).toEqual([ID(1), ID(2)]);
    await store.getState().cancel(ID(2));
    expect(f.callsOf('job/cancel')).toEqual([{ jobId: ID(2) }]);
    expect(latestJob(store.getState().jobs, 'seedEvents')?.state).toBe('cancelled');
  });

  it('loads the organizations preview, and clears it when the groups job starts', async () => {
    const preview = {
      enabled: true,
      groups: [{ name: 'Acme', domains: ['acme.com'], action: 'create' as const, groupId: null, addsAskbotGroup: true, users: 3, newMembers: 3 }],
      toCreate: 1,
      toFlag: 0,
      newMemberships: 3,
    };
    const f = fakeApi({ 'groups/preview': () => ok(preview), 'job/start': () => ok({ ...job(3), kind: 'createGroups', result: undefined }) });
    const store = createJobsStore(f.api);
    await store.getState().loadPreview();
    expect(store.getState().preview).toEqual(preview);
    await store.getState().start({ kind: 'createGroups' });
    expect(f.callsOf('job/start')).toEqual([{ kind: 'createGroups' }]);
    expect(store.getState().preview).toBeNull();
  });

  it('keeps a preview error, and the auto-compile switch is off by default', async () => {
    const f = fakeApi({ 'groups/preview': () => fail('AUTH', 'Sign in with a forum administrator or moderator account first') });
    const store = createJobsStore(f.api);
    expect(store.getState().autoCompile).toBe(false);
    await store.getState().loadPreview();
    expect(store.getState().previewError).toContain('Sign in');
    expect(store.getState().previewLoading).toBe(false);
    store.getState().setAutoCompile(true);
    expect(store.getState().autoCompile).toBe(true);
  });
});

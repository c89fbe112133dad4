import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-preload/contract';
import { createConnectionStore } from '../../src-renderer/src/stores/connection';
import { activityExport, allExport, createExportsStore, outcomeOf, usersExport } from '../../src-renderer/src/stores/exports';
import { DEFAULT_NAV } from '../../src-renderer/src/stores/navigation';
import { fail, fakeApi, ok } from './stores-fake-api';

const ID = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const job = (n: number, patch: Partial<JobInfo<'export'>> = {}): JobInfo<'export'> => ({
  jobId: ID(n),
  kind: 'export',
  state: 'running',
  step: 'rows',
  done: 0,
  total: 0,
  startedAt: `2026-01-01T00:00:0${n}Z`,
  ...patch,
});
const pdfJob = (n: number, patch: Partial<JobInfo<'exportPdf'>> = {}): JobInfo<'exportPdf'> => ({ ...job(n), kind: 'exportPdf', result: undefined, ...patch });

describe('export requests from the views', () => {
  it('carry the Users level and filters, without the page and with empty values left out', () => {
    expect(usersExport(DEFAULT_NAV.users, 'csv')).toEqual({ what: 'users', format: 'csv', dates: DEFAULT_NAV.users.dates });
    const nav = {
      ...DEFAULT_NAV.users,
      segment: 'group:4',
      dates: '2026-11-01..2026-11-24',
      sort: 'num_answers',
      order: 'desc' as const,
      query: ' ann ',
      page: 3,
    };
    expect(usersExport(nav, 'xlsx')).toEqual({
      what: 'users',
      format: 'xlsx',
      segment: 'group:4',
      dates: '2026-11-01..2026-11-24',
      sort: 'num_answers',
      order: 'desc',
      query: 'ann',
    });
    expect(allExport(nav, 'html')).toEqual({ what: 'all', format: 'html', dates: '2026-11-01..2026-11-24' });
  });

  it('carry the Activity filters', () => {
    const f = { activity: 'questions', content: ' ', users: 'user:7', dates: 'last-7-days' };
    expect(activityExport(f, 'pdf')).toEqual({
      what: 'activity',
      format: 'pdf',
      activity: 'questions',
      content: 'all-content',
      users: 'user:7',
      dates: 'last-7-days',
    });
  });
});

describe('exports store', () => {
  it('follows a running export to its result through the job events', async () => {
    const f = fakeApi({ 'export/start': () => ok(job(1)) });
    const store = createExportsStore(f.api);
    const stop = store.getState().listen();
    await store.getState().start({ what: 'users', format: 'csv', dates: 'last-30-days' });
    expect(f.callsOf('export/start')).toEqual([{ what: 'users', format: 'csv', dates: 'last-30-days' }]);
    expect(store.getState()).toMatchObject({ pending: false, job: { state: 'running' }, error: null });
    // Another job's events are not this export's.
    f.emit('job/progress', { ...job(2), kind: 'compile', result: undefined, done: 5 });
    f.emit('job/progress', job(1, { done: 1000 }));
    expect(store.getState().job?.done).toBe(1000);
    const result = { file: '/tmp/users.csv', format: 'csv' as const, rows: 42, bytes: 2048, suggestedName: 'users.csv' };
    f.emit('job/finished', job(1, { state: 'done', result }));
    f.emit('job/progress', job(1, { done: 1 }));
    expect(outcomeOf(store.getState().job)).toEqual(result);
    stop();
    expect(f.listenerCount('job/finished')).toBe(0);
  });

  it('cancels the running export through job/cancel', async () => {
    const f = fakeApi({ 'export/start': () => ok(job(1)), 'job/cancel': () => ok(job(1, { state: 'cancelled' })) });
    const store = createExportsStore(f.api);
    await store.getState().start({ what: 'activity', format: 'xlsx' });
    await store.getState().cancel();
    expect(f.callsOf('job/cancel')).toEqual([{ jobId: ID(1) }]);
    expect(store.getState().job?.state).toBe('cancelled');
    expect(outcomeOf(store.getState().job)).toBeNull();
  });

  it('a cancelled save dialog is not an error', async () => {
    const f = fakeApi({ 'export/start': () => ok(null) });
    const store = createExportsStore(f.api);
    await store.getState().start({ what: 'users', format: 'html' });
    expect(store.getState()).toMatchObject({ job: null, dismissed: true, error: null, pending: false });
  });

  it('follows a PDF export like the others: the report progress, then the print, then the printed file', async () => {
    const f = fakeApi({ 'export/start': () => ok(pdfJob(3)) });
    const store = createExportsStore(f.api);
    const stop = store.getState().listen();
    await store.getState().start({ what: 'users', format: 'pdf' });
    expect(store.getState()).toMatchObject({ pending: false, job: { kind: 'exportPdf', state: 'running' } });
    f.emit('job/progress', pdfJob(3, { step: 'users', done: 20, total: 40 }));
    f.emit('job/progress', pdfJob(3, { step: 'printing', done: 0, total: 1 }));
    expect(store.getState().job).toMatchObject({ step: 'printing', state: 'running' });
    expect(outcomeOf(store.getState().job)).toBeNull();
    f.emit(
      'job/finished',
      pdfJob(3, {
        state: 'done',
        step: 'printing',
        done: 1,
        total: 1,
        result: { file: '/tmp/users.pdf', format: 'pdf', rows: 7, bytes: 9000, suggestedName: 'users.pdf' },
      }),
    );
    expect(outcomeOf(store.getState().job)).toMatchObject({ file: '/tmp/users.pdf', format: 'pdf', rows: 7 });
    stop();
  });

  it('cancels a PDF export while it prints', async () => {
    const f = fakeApi({ 'export/start': () => ok(pdfJob(4, { step: 'printing' })), 'job/cancel': () => ok(pdfJob(4, { state: 'cancelled' })) });
    const store = createExportsStore(f.api);
    await store.getState().start({ what: 'all', format: 'pdf' });
    await store.getState().cancel();
    expect(f.callsOf('job/cancel')).toEqual([{ jobId: ID(4) }]);
    expect(store.getState().job).toMatchObject({ kind: 'exportPdf', state: 'cancelled' });
    expect(outcomeOf(store.getState().job)).toBeNull();
  });

  it('shows the refusal (e.g. csv for "Export all") as the error', async () => {
    const f = fakeApi({ 'export/start': () => fail('INVALID_INPUT', '"Export all" writes one workbook or one report: choose xlsx, html or pdf') });
    const store = createExportsStore(f.api);
    await store.getState().start({ what: 'all', format: 'csv' });
    expect(store.getState().error).toContain('Export all');
    store.getState().clear();
    expect(store.getState().error).toBeNull();
  });
});

describe('Browse… for a SQLite file', () => {
  it('returns the chosen path, or null when the dialog is cancelled', async () => {
    let answer: string | null = '/srv/forum.sqlite';
    const f = fakeApi({ 'dialog/openSqliteFile': () => ok(answer) });
    const store = createConnectionStore(f.api);
    await expect(store.getState().browseSqlite()).resolves.toBe('/srv/forum.sqlite');
    answer = null;
    await expect(store.getState().browseSqlite()).resolves.toBeNull();
    expect(store.getState().error).toBeNull();
  });
});

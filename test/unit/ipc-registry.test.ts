// Handler registration: requests are validated against the contract, errors come back as data.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../helpers/build-worker';
import { AppError } from '../../src-main/core/errors';
import { createHandlers } from '../../src-main/ipc';
import { combineHandlers, createDispatcher, type HandlerMap } from '../../src-main/ipc/registry';
import { AppState } from '../../src-main/ipc/state';

function setup(overrides: Partial<HandlerMap> = {}) {
  const state = new AppState({ dataDir: mkdtempSync(join(tmpdir(), 'aac-ipc-')), workerFile: workerFile });
  const handlers = { ...createHandlers(), ...overrides };
  return { state, dispatch: createDispatcher(handlers, { state, emit: () => undefined }) };
}

let workerFile = '';
beforeAll(async () => {
  workerFile = await bundleWorker(join(process.cwd(), 'src-main/jobs/worker.ts'));
});

describe('IPC registry', () => {
  it('rejects requests that do not match the contract, naming the field', async () => {
    const { dispatch } = setup();
    const r = await dispatch('db/connect', { engine: 'sqlite', path: '' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!r.ok && r.error.message).toContain('path');
    const bad = await dispatch('db/connect', { engine: 'mysql' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const url = await dispatch('db/connect', { engine: 'postgres', url: 'mysql://x' });
    expect(!url.ok && url.error.message).toContain('postgres://');
    const extra = await dispatch('db/status', { sneaky: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses unknown methods', async () => {
    const { dispatch } = setup();
    expect(await dispatch('db/dropEverything', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('wraps thrown errors as {ok: false, error}', async () => {
    const { dispatch } = setup({
      'db/status': async () => {
        throw new AppError('READ_ONLY', 'nope');
      },
    });
    expect(await dispatch('db/status', {})).toEqual({ ok: false, error: { code: 'READ_ONLY', message: 'nope' } });
    const { dispatch: d2 } = setup({
      'db/status': async () => {
        throw new Error('boom');
      },
    });
    expect(await d2('db/status', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('answers db/status with NOT_CONNECTED before a database is open', async () => {
    const { dispatch } = setup();
    expect(await dispatch('db/status', {})).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
  });

  it('creates the demo database, reports its status, and reopens it', async () => {
    const { dispatch, state } = setup();
    const r = await dispatch('db/createDemo', { users: 40, days: 14 });
    expect(r.ok).toBe(true);
    const info = r.ok ? (r.value as { engine: string; status: { schema: { analytics: boolean }; counts: { users: number; events: number } } }) : null;
    expect(info?.engine).toBe('sqlite');
    expect(info?.status.schema.analytics).toBe(true);
    expect(info?.status.counts.users).toBeGreaterThanOrEqual(40);
    expect(info?.status.counts.events).toBeGreaterThan(0);
    expect(await dispatch('db/disconnect', {})).toEqual({ ok: true, value: null });
    expect(state.db).toBeUndefined();
    expect((await dispatch('db/createDemo', {})).ok).toBe(true);
    await state.disconnect();
  });

  it('combineHandlers refuses duplicates, strangers and gaps', () => {
    const all = createHandlers();
    expect(() => combineHandlers(all, { 'db/status': all['db/status'] })).toThrow(/twice/);
    expect(() => combineHandlers(all, { 'db/nope': all['db/status'] } as never)).toThrow(/not in the contract/);
    const { 'db/status': _omit, ...rest } = all;
    expect(() => combineHandlers(rest)).toThrow(/without a handler: db\/status/);
  });
});

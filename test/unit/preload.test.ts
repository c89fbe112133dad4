// The preload exposes exactly the contract, and every function goes to its own channel.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } }));
const on = vi.fn();
const removeListener = vi.fn();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke, on, removeListener },
}));

describe('preload', () => {
  beforeEach(() => {
    invoke.mockClear();
    on.mockClear();
  });

  it('exposes window.analytics with exactly the contract methods and events', async () => {
    await import('../../src-preload/index');
    const { METHOD_NAMES, EVENT_NAMES } = await import('../../src-preload/channels');
    const api = exposed.analytics as Record<string, Record<string, unknown>>;
    expect(Object.keys(exposed)).toEqual(['analytics']);
    const exposedMethods = Object.entries(api)
      .filter(([domain]) => domain !== 'events')
      .flatMap(([domain, fns]) => Object.keys(fns).map((verb) => `${domain}/${verb}`))
      .sort();
    expect(exposedMethods).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(api.events!).length).toBe(EVENT_NAMES.length);
    // Nothing that would let the page reach ipcRenderer itself.
    expect(JSON.stringify(Object.keys(api))).not.toContain('invoke');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each call on the method channel with its request', async () => {
    await import('../../src-preload/index');
    const api = exposed.analytics as { db: { connect(r: unknown): Promise<unknown>; status(r?: unknown): Promise<unknown> } };
    await api.db.connect({ engine: 'sqlite', path: '/x.sqlite' });
    expect(invoke).toHaveBeenCalledWith('aac:db/connect', { engine: 'sqlite', path: '/x.sqlite' });
    await api.db.status();
    expect(invoke).toHaveBeenLastCalledWith('aac:db/status', {});
  });

  it('subscribes to pushed events and unsubscribes', async () => {
    await import('../../src-preload/index');
    const api = exposed.analytics as { events: { jobProgress(l: (p: unknown) => void): () => void } };
    const listener = vi.fn();
    const off = api.events.jobProgress(listener);
    expect(on).toHaveBeenCalledWith('aac:job/progress', expect.any(Function));
    const handler = on.mock.calls[0]![1] as (e: unknown, p: unknown) => void;
    handler({}, { jobId: 'j1', step: 'x', done: 1, total: 2 });
    expect(listener).toHaveBeenCalledWith({ jobId: 'j1', step: 'x', done: 1, total: 2 });
    off();
    expect(removeListener).toHaveBeenCalledWith('aac:job/progress', handler);
  });
});

describe('the preload bundle', () => {
  // The sandboxed preload runs in every window: it carries the method and event names and nothing of
  // the contract's zod schemas, which stay in main (195 kB of preload before they were split off).
  it('bundles the channel names only: no zod', async () => {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: ['src-preload/index.ts'],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      logLevel: 'silent',
      metafile: true,
    });
    const code = out.outputFiles[0]!.text;
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(inputs.sort()).toEqual(['src-preload/build-api.ts', 'src-preload/channels.ts', 'src-preload/index.ts']);
    expect(code).not.toMatch(/zod|ZodError|safeParse/i);
    expect(code).toContain('"report/users"');
    expect(code.length).toBeLessThan(8_000);
  });
});

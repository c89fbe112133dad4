// Connection state: which database is open and its status figures. The api is injected so the store
// can be unit-tested with a fake.
import { createStore } from 'zustand/vanilla';
import type { ConnectRequest, ConnectionInfo, DbStatus } from '../../../src-preload/contract';
import { type AnalyticsApi, unwrap } from '../api';

export interface ConnectionState {
  connection: ConnectionInfo | null;
  busy: string | null;
  error: string | null;
  /** Picks up the connection main already has (the demo database at launch). */
  init(): Promise<void>;
  connect(request: ConnectRequest): Promise<void>;
  createDemo(): Promise<void>;
  refreshStatus(): Promise<void>;
  disconnect(): Promise<void>;
  clearError(): void;
}

export function createConnectionStore(api: AnalyticsApi) {
  return createStore<ConnectionState>()((set, get) => {
    async function run(label: string, work: () => Promise<void>) {
      set({ busy: label, error: null });
      try {
        await work();
      } catch (err) {
        set({ error: (err as Error).message });
      } finally {
        set({ busy: null });
      }
    }
    return {
      connection: null,
      busy: null,
      error: null,
      init: () => run('Loading…', async () => set({ connection: await unwrap(api.db.current({})) })),
      connect: (request) => run('Connecting…', async () => set({ connection: await unwrap(api.db.connect(request)) })),
      createDemo: () => run('Creating the demo database…', async () => set({ connection: await unwrap(api.db.createDemo({})) })),
      refreshStatus: () =>
        run('Refreshing…', async () => {
          const status: DbStatus = await unwrap(api.db.status({}));
          const current = get().connection;
          if (current) set({ connection: { ...current, status } });
        }),
      disconnect: () =>
        run('Disconnecting…', async () => {
          await unwrap(api.db.disconnect({}));
          set({ connection: null });
        }),
      clearError: () => set({ error: null }),
    };
  });
}

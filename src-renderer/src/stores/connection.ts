// Connection state: saved profiles, which database is open and its status figures. The api is
// injected so the store can be unit-tested with a fake.
import { createStore } from 'zustand/vanilla';
import type { ConnectRequest, ConnectionInfo, DbStatus, ProfileList } from '../../../src-preload/contract';
import { type AnalyticsApi, messageOf, unwrap } from '../api';

export interface SaveAs {
  /** The profile's name; the connection is saved before it is opened. */
  name: string;
  savePassword: boolean;
}

export interface ConnectionState {
  connection: ConnectionInfo | null;
  profiles: ProfileList | null;
  busy: string | null;
  error: string | null;
  /** Picks up the connection main already has, and the saved profiles. */
  init(): Promise<void>;
  loadProfiles(): Promise<void>;
  /** Connects; with `saveAs` the connection is saved as a profile first and opened through it. */
  connect(request: ConnectRequest, saveAs?: SaveAs): Promise<void>;
  openProfile(id: string, password?: string): Promise<void>;
  deleteProfile(id: string): Promise<void>;
  createDemo(): Promise<void>;
  refreshStatus(): Promise<void>;
  disconnect(): Promise<void>;
  /** The native open-file dialog for a SQLite file: the chosen path, or null when cancelled. */
  browseSqlite(): Promise<string | null>;
  clearError(): void;
}

/** The password of a PostgreSQL request, from its field or from inside its URL. */
export function passwordOf(request: ConnectRequest): string | undefined {
  if (request.engine !== 'postgres') return undefined;
  if (request.password) return request.password;
  if (request.url) {
    try {
      const pw = new URL(request.url).password;
      return pw ? decodeURIComponent(pw) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function createConnectionStore(api: AnalyticsApi, newId: () => string = () => crypto.randomUUID()) {
  return createStore<ConnectionState>()((set, get) => {
    async function run(label: string, work: () => Promise<void>) {
      set({ busy: label, error: null });
      try {
        await work();
      } catch (err) {
        set({ error: messageOf(err) });
      } finally {
        set({ busy: null });
      }
    }
    const loadProfiles = async () => set({ profiles: await unwrap(api.profiles.list({})) });
    return {
      connection: null,
      profiles: null,
      busy: null,
      error: null,
      init: () =>
        run('Loading…', async () => {
          set({ connection: await unwrap(api.db.current({})) });
          await loadProfiles();
        }),
      loadProfiles: () => run('Loading…', loadProfiles),
      connect: (request, saveAs) =>
        run('Connecting…', async () => {
          if (saveAs) {
            const id = newId();
            set({ profiles: await unwrap(api.profiles.save({ id, name: saveAs.name, connection: request, savePassword: saveAs.savePassword })) });
            const password = passwordOf(request);
            set({ connection: await unwrap(api.profiles.open(password === undefined ? { id } : { id, password })) });
          } else {
            set({ connection: await unwrap(api.db.connect(request)) });
          }
        }),
      openProfile: (id, password) =>
        run('Connecting…', async () => {
          set({ connection: await unwrap(api.profiles.open(password ? { id, password } : { id })) });
        }),
      deleteProfile: (id) =>
        run('Deleting…', async () => {
          set({ profiles: await unwrap(api.profiles.delete({ id })) });
        }),
      createDemo: () =>
        run('Creating the demo database…', async () => {
          set({ connection: await unwrap(api.db.createDemo({})) });
          await loadProfiles();
        }),
      refreshStatus: async () => {
        try {
          const status: DbStatus = await unwrap(api.db.status({}));
          const current = get().connection;
          if (current) set({ connection: { ...current, status } });
        } catch (err) {
          set({ error: messageOf(err) });
        }
      },
      disconnect: () =>
        run('Disconnecting…', async () => {
          await unwrap(api.db.disconnect({}));
          set({ connection: null });
          await loadProfiles();
        }),
      browseSqlite: async () => {
        try {
          return await unwrap(api.dialog.openSqliteFile({}));
        } catch (err) {
          set({ error: messageOf(err) });
          return null;
        }
      },
      clearError: () => set({ error: null }),
    };
  });
}

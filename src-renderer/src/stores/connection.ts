// Connection state: saved profiles, which database is open and its status figures. The api is
// injected so the store can be unit-tested with a fake.
import { createStore } from 'zustand/vanilla';
import type { ConnectRequest, ConnectionInfo, DbStatus, HostKeyDetails, ProfileList } from '../../../src-preload/contract';
import { ApiError, type AnalyticsApi, messageOf, unwrap } from '../api';

export interface SaveAs {
  /** The profile's name; the connection is saved before it is opened. */
  name: string;
  savePassword: boolean;
}

/** A first connection to an SSH server: its host key, shown for the moderator to check before trusting it. */
export interface HostKeyPrompt {
  key: HostKeyDetails;
  /** Connects again with this key trusted (saved with the profile, when there is one). */
  trust: () => Promise<void>;
}

export interface ConnectionState {
  connection: ConnectionInfo | null;
  hostKeyPrompt: HostKeyPrompt | null;
  /** The SSH server presented another key than the trusted one: refused; both fingerprints shown. */
  hostKeyChanged: HostKeyDetails | null;
  /** Forgets the trusted key of the changed server (its administrator confirmed the new one): the next connection asks again. */
  forgetHostKey(): Promise<void>;
  /** Trusts the prompted host key and connects; or forgets the prompt. */
  trustHostKey(): Promise<void>;
  dismissHostKey(): void;
  profiles: ProfileList | null;
  busy: string | null;
  error: string | null;
  /** Picks up the connection main already has, and the saved profiles. */
  init(): Promise<void>;
  loadProfiles(): Promise<void>;
  /** Connects; with `saveAs` the connection is saved as a profile first and opened through it. */
  connect(request: ConnectRequest, saveAs?: SaveAs): Promise<void>;
  openProfile(id: string, password?: string, sshSecret?: string): Promise<void>;
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
    /** Opens a connection; an unknown SSH host key becomes a prompt whose Trust retries with the key. */
    async function opening(open: (trusted?: string) => Promise<ConnectionInfo>) {
      try {
        set({ connection: await open() });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'HOST_KEY_CHANGED') {
          set({ hostKeyChanged: err.details as HostKeyDetails });
          return;
        }
        if (!(err instanceof ApiError && err.code === 'HOST_KEY_UNKNOWN')) throw err;
        const key = err.details as HostKeyDetails;
        set({
          hostKeyPrompt: {
            key,
            trust: () =>
              run('Connecting…', async () => {
                set({ hostKeyPrompt: null });
                set({ connection: await open(key.fingerprint) });
              }),
          },
        });
      }
    }
    const loadProfiles = async () => set({ profiles: await unwrap(api.profiles.list({})) });
    return {
      connection: null,
      hostKeyPrompt: null,
      hostKeyChanged: null,
      forgetHostKey: () =>
        run('Forgetting the old key…', async () => {
          const changed = get().hostKeyChanged;
          if (changed) await unwrap(api.ssh.forgetHostKey({ host: changed.host, port: changed.port }));
          set({ hostKeyChanged: null });
        }),
      trustHostKey: async () => {
        await get().hostKeyPrompt?.trust();
      },
      dismissHostKey: () => set({ hostKeyPrompt: null, hostKeyChanged: null }),
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
            const sshSecret = request.engine === 'postgres' ? (request.ssh?.password ?? request.ssh?.passphrase) : undefined;
            await opening((trusted) =>
              unwrap(
                api.profiles.open({
                  id,
                  ...(password === undefined ? {} : { password }),
                  ...(sshSecret ? { sshSecret } : {}),
                  ...(trusted ? { trustHostKey: trusted } : {}),
                }),
              ),
            );
          } else {
            await opening((trusted) =>
              unwrap(
                api.db.connect(trusted && request.engine === 'postgres' && request.ssh ? { ...request, ssh: { ...request.ssh, hostKey: trusted } } : request),
              ),
            );
          }
        }),
      openProfile: (id, password, sshSecret) =>
        run('Connecting…', async () => {
          await opening((trusted) =>
            unwrap(
              api.profiles.open({ id, ...(password ? { password } : {}), ...(sshSecret ? { sshSecret } : {}), ...(trusted ? { trustHostKey: trusted } : {}) }),
            ),
          );
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

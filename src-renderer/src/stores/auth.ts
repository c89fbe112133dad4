// The signed-in forum account (DESIGN.md §10): reports and jobs need an administrator or moderator.
import { createStore } from 'zustand/vanilla';
import type { SignedInUser } from '../../../src-preload/contract';
import { type AnalyticsApi, messageOf, unwrap } from '../api';

export interface AuthState {
  user: SignedInUser | null;
  busy: boolean;
  error: string | null;
  /** Asks main who is signed in (after a reload of the window). */
  init(): Promise<void>;
  signIn(login: string, password: string): Promise<boolean>;
  signOut(): Promise<void>;
  /** Forgets the user locally (the connection closed, which signs out in main too). */
  reset(): void;
  clearError(): void;
}

export function createAuthStore(api: AnalyticsApi) {
  return createStore<AuthState>()((set) => ({
    user: null,
    busy: false,
    error: null,
    init: async () => {
      try {
        set({ user: await unwrap(api.auth.current({})) });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },
    signIn: async (login, password) => {
      set({ busy: true, error: null });
      try {
        set({ user: await unwrap(api.auth.signIn({ login, password })) });
        return true;
      } catch (err) {
        set({ error: messageOf(err) });
        return false;
      } finally {
        set({ busy: false });
      }
    },
    signOut: async () => {
      try {
        await unwrap(api.auth.signOut({}));
        set({ user: null, error: null });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },
    reset: () => set({ user: null, error: null, busy: false }),
    clearError: () => set({ error: null }),
  }));
}

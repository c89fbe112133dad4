// The app's stores, created once with the real window.analytics and shared through React hooks.
import { useStore } from 'zustand';
import { createConnectionStore, type ConnectionState } from './connection';

export const connectionStore = createConnectionStore(window.analytics);

export function useConnection<T>(selector: (s: ConnectionState) => T): T {
  return useStore(connectionStore, selector);
}

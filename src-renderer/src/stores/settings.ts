// The profile's analytics settings and the forum's Google Analytics tracking ID.
import { createStore } from 'zustand/vanilla';
import type { SettingsDraft, SettingsView } from '../../../src-preload/contract';
import { ApiError, type AnalyticsApi, messageOf, unwrap } from '../api';

export interface SettingsState {
  view: SettingsView | null;
  /** Validation problems by top-level setting key (from a SETTINGS error or from the database check). */
  problems: Record<string, string[]>;
  error: string | null;
  saving: boolean;
  /** A short confirmation after a successful save. */
  notice: string | null;
  load(): Promise<void>;
  save(settings: SettingsDraft): Promise<boolean>;
  setGoogleAnalyticsKey(key: string): Promise<boolean>;
  clearError(): void;
}

/** `ASKBOT_ANALYTICS_NAMED_SEGMENTS[0].slug` → `ASKBOT_ANALYTICS_NAMED_SEGMENTS`. */
export function topKey(key: string): string {
  return key.split(/[[.]/)[0] ?? key;
}

/** Groups `KEY: problem` lines of a SETTINGS error message by their top-level key. */
export function parseSettingsProblems(message: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of message.split('\n')) {
    const m = /^\s*([A-Z][A-Z0-9_]*(?:[[.][^:]*)?):\s+(.+)$/.exec(line);
    if (!m) continue;
    const key = topKey(m[1]!);
    const detail = m[1] === key ? m[2]! : `${m[1]!.slice(key.length)}: ${m[2]!}`;
    (out[key] ??= []).push(detail);
  }
  return out;
}

function problemsOf(view: SettingsView): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of view.problems) {
    const key = topKey(p.key);
    (out[key] ??= []).push(p.key === key ? p.problem : `${p.key.slice(key.length)}: ${p.problem}`);
  }
  return out;
}

export function createSettingsStore(api: AnalyticsApi) {
  return createStore<SettingsState>()((set) => ({
    view: null,
    problems: {},
    error: null,
    saving: false,
    notice: null,
    load: async () => {
      try {
        const view = await unwrap(api.settings.get({}));
        set({ view, problems: problemsOf(view), error: null });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },
    save: async (settings) => {
      set({ saving: true, error: null, notice: null });
      try {
        const view = await unwrap(api.settings.save({ settings }));
        set({ view, problems: problemsOf(view), notice: 'Settings saved.' });
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'SETTINGS')
          set({ problems: parseSettingsProblems(err.message), error: 'The settings were not saved: fix the problems shown next to each setting.' });
        else set({ error: messageOf(err) });
        return false;
      } finally {
        set({ saving: false });
      }
    },
    setGoogleAnalyticsKey: async (key) => {
      set({ saving: true, error: null, notice: null });
      try {
        const view = await unwrap(api.settings.setGoogleAnalyticsKey({ key }));
        set({ view, notice: 'Tracking ID saved.' });
        return true;
      } catch (err) {
        set({ error: messageOf(err) });
        return false;
      } finally {
        set({ saving: false });
      }
    },
    clearError: () => set({ error: null, notice: null }),
  }));
}

// "Leave staff out": one switch per connection (main remembers it with the saved profile) that removes
// administrators, moderators and superusers from every report, chart and export. The views reload
// when it changes; each report says in its header whether staff were left out.
import { createStore } from 'zustand/vanilla';
import { type AnalyticsApi, messageOf, unwrap } from '../api';

export interface StaffState {
  /** The switch as main has it; null until read for this connection. */
  excludeStaff: boolean | null;
  /** Counts the switch's changes: the views reload their report when it moves. */
  changes: number;
  saving: boolean;
  error: string | null;
  /** Reads the switch of the open connection (report/options carries it). */
  load(): Promise<void>;
  set(excludeStaff: boolean): Promise<void>;
  reset(): void;
  clearError(): void;
}

export function createStaffStore(api: AnalyticsApi) {
  let loads = 0;
  return createStore<StaffState>()((set, get) => ({
    excludeStaff: null,
    changes: 0,
    saving: false,
    error: null,
    load: async () => {
      const n = ++loads;
      try {
        const options = await unwrap(api.report.options({}));
        if (n === loads && !get().saving) set({ excludeStaff: options.excludeStaff, error: null });
      } catch (err) {
        if (n === loads) set({ error: messageOf(err) });
      }
    },
    set: async (excludeStaff) => {
      if (get().saving) return;
      loads++; // a read still on its way must not undo the switch
      const before = get().excludeStaff;
      // The switch moves at once; it moves back if main refuses.
      set({ excludeStaff, saving: true, error: null });
      try {
        const answer = await unwrap(api.settings.setExcludeStaff({ excludeStaff }));
        set((s) => ({ excludeStaff: answer.excludeStaff, changes: s.changes + 1 }));
      } catch (err) {
        set({ excludeStaff: before, error: `The switch was not changed: ${messageOf(err)}` });
      } finally {
        set({ saving: false });
      }
    },
    reset: () => {
      loads++;
      set({ excludeStaff: null, saving: false, error: null });
    },
    clearError: () => set({ error: null }),
  }));
}

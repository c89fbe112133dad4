// settings/*: the profile's analytics settings and the forum's Google Analytics tracking ID.
import type { SettingsView } from '../../src-preload/contract';
import { assertWritable } from '../core/db/schema';
import { AppError } from '../core/errors';
import { hasLiveSettings, readGoogleAnalyticsKey, writeGoogleAnalyticsKey } from '../core/livesettings';
import { parseSettings, segmentGroupProblems } from '../core/settings';
import type { AppState } from './state';
import type { DomainHandlers } from './registry';

async function view(state: AppState): Promise<SettingsView> {
  const db = state.requireDb();
  const user = state.requireUser();
  return {
    settings: { ...state.settings },
    problems: await segmentGroupProblems(db, state.settings),
    googleAnalyticsKey: await readGoogleAnalyticsKey(db),
    canEditGoogleAnalyticsKey: user.role === 'administrator' && !db.readOnly && (await hasLiveSettings(db)),
  };
}

export const settingsHandlers: DomainHandlers<'settings/get' | 'settings/save' | 'settings/setGoogleAnalyticsKey' | 'settings/setExcludeStaff'> = {
  'settings/get': async (_req, { state }) => view(state),
  'settings/save': async (req, { state }) => {
    state.requireUser();
    // Validated whole before anything is applied or stored, so a refused save changes nothing: the
    // SETTINGS error names each key and problem, and the database check must answer too.
    // The "Leave staff out" switch has its own method: a save that does not name it keeps it on.
    const keepsSwitch = state.settings.EXCLUDE_STAFF && !('EXCLUDE_STAFF' in req.settings);
    const raw = keepsSwitch ? { ...req.settings, EXCLUDE_STAFF: true } : req.settings;
    const settings = parseSettings(raw);
    await segmentGroupProblems(state.requireDb(), settings);
    await state.applySettings(settings);
    if (state.profileId) state.profiles.updateSettings(state.profileId, raw);
    return view(state);
  },
  'settings/setExcludeStaff': async (req, { state }) => {
    state.requireUser();
    await state.applySettings({ ...state.settings, EXCLUDE_STAFF: req.excludeStaff });
    // Remembered with the saved connection (its other settings as they were saved).
    if (state.profileId) {
      const stored = state.profiles.get(state.profileId).settings ?? {};
      state.profiles.updateSettings(state.profileId, { ...stored, EXCLUDE_STAFF: req.excludeStaff });
    }
    return { excludeStaff: state.settings.EXCLUDE_STAFF };
  },
  'settings/setGoogleAnalyticsKey': async (req, { state }) => {
    const user = state.requireUser();
    if (user.role !== 'administrator') throw new AppError('AUTH', 'Only forum administrators may change the Google Analytics tracking ID');
    const db = state.requireDb();
    assertWritable(db, 'Changing the tracking ID');
    if (!(await hasLiveSettings(db))) throw new AppError('NOT_ASKBOT', 'This database has no livesettings_setting table to hold the tracking ID');
    await state.withWriter((w) => writeGoogleAnalyticsKey(w, req.key));
    return view(state);
  },
};

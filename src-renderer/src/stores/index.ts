// The app's stores, created once with the real window.analytics and shared through React hooks.
import { useStore } from 'zustand';
import { createAuthStore, type AuthState } from './auth';
import { createConnectionStore, type ConnectionState } from './connection';
import { createExportsStore, type ExportsState } from './exports';
import { createJobsStore, type JobsState } from './jobs';
import { createNavigationStore, type NavigationState } from './navigation';
import { createHealthStore, type HealthState } from './overview';
import { createReportsStore, type ReportsState } from './reports';
import { createSettingsStore, type SettingsState } from './settings';
import { createStaffStore, type StaffState } from './staff';

export const connectionStore = createConnectionStore(window.analytics);
export const authStore = createAuthStore(window.analytics);
export const jobsStore = createJobsStore(window.analytics);
export const exportsStore = createExportsStore(window.analytics);
export const navigationStore = createNavigationStore(typeof localStorage === 'undefined' ? null : localStorage);
export const reportsStore = createReportsStore(window.analytics);
export const settingsStore = createSettingsStore(window.analytics);
export const healthStore = createHealthStore(window.analytics);
export const staffStore = createStaffStore(window.analytics);

export const useConnection = <T>(selector: (s: ConnectionState) => T): T => useStore(connectionStore, selector);
export const useAuth = <T>(selector: (s: AuthState) => T): T => useStore(authStore, selector);
export const useExports = <T>(selector: (s: ExportsState) => T): T => useStore(exportsStore, selector);
export const useJobs = <T>(selector: (s: JobsState) => T): T => useStore(jobsStore, selector);
export const useNavigation = <T>(selector: (s: NavigationState) => T): T => useStore(navigationStore, selector);
export const useReports = <T>(selector: (s: ReportsState) => T): T => useStore(reportsStore, selector);
export const useSettings = <T>(selector: (s: SettingsState) => T): T => useStore(settingsStore, selector);
export const useHealth = <T>(selector: (s: HealthState) => T): T => useStore(healthStore, selector);
export const useStaff = <T>(selector: (s: StaffState) => T): T => useStore(staffStore, selector);

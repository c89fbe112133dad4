// What every part of the Overview (overview.ts) reads: one object instead of the same six arguments.
import type { AnalyticsSettings } from '../settings';
import type { DateRange, Granularity } from '../types/reports';
import type { UserSet } from './segments';

export interface OverviewScope {
  /** The users counted (segment members, less the left-out ones). */
  set: UserSet;
  settings: AnalyticsSettings;
  range: DateRange;
  /** The period of equal length just before `range`. */
  previous: DateRange;
  /** The chart's buckets. */
  g: Granularity;
  /** The set has few members: its rows are read user by user (fewMembers). */
  few: boolean;
}

// What an export says about itself (the XLSX "About" sheet, the HTML header): range, filters, the
// settings that shaped the numbers, and when it was generated.
import type { Db } from '../db/types';
import type { DateRange } from '../reports';
import { defaultSegment, type AnalyticsSettings } from '../settings';

export type Entries = Array<[string, string]>;

export function rangeText(range: DateRange): string {
  return `${range.start} .. ${range.end}${range.preset ? ` (${range.preset})` : ''}${range.partial ? ', today is partial' : ''}`;
}

export function settingsEntries(s: AnalyticsSettings): Entries {
  const def = defaultSegment(s);
  const named = s.ASKBOT_ANALYTICS_NAMED_SEGMENTS.map((x) => `${x.name} (${x.slug}: groups ${x.group_ids.join(', ') || 'none'})`).join('; ');
  return [
    ['ASKBOT_ANALYTICS_NAMED_SEGMENTS', named || 'none'],
    ['Default segment', `${def.name} (${def.slug})`],
    ['ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES', String(s.ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES)],
    ['ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED', String(s.ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED)],
    ['USE_TZ', String(s.USE_TZ)],
    ['TIME_ZONE', s.TIME_ZONE],
  ];
}

export interface AboutInput {
  report: string;
  range: DateRange;
  filters: Entries;
  settings: AnalyticsSettings;
  db: Db;
  generatedAt: string;
  rows?: number;
}

/** What the export says about staff (the EXCLUDE_STAFF switch), in the About sheet and the HTML header. */
export function staffText(excludeStaff: boolean): string {
  return excludeStaff ? 'left out: administrators, moderators (Askbot status d, m) and superusers are in no figure' : 'included';
}

export function aboutEntries(a: AboutInput): Entries {
  return [
    ['Report', a.report],
    ['Range', rangeText(a.range)],
    ['Staff', staffText(a.settings.EXCLUDE_STAFF)],
    ...a.filters,
    ...(a.rows === undefined ? [] : ([['Rows', String(a.rows)]] as Entries)),
    ['Generated at', a.generatedAt],
    ['Database engine', a.db.engine],
    ['Days', `calendar days in ${a.settings.USE_TZ ? 'UTC' : a.settings.TIME_ZONE}; times of events in UTC`],
    ...settingsEntries(a.settings),
  ];
}

/** The wall clock as ISO 8601 UTC (seconds). */
export function generatedNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Analytics settings, with Askbot's own names so values can be copied from settings.py (DESIGN.md §4):
// validation, the settings file, the checks against the database. The keys and defaults are declared
// once, in settings-schema.ts.
import { readFileSync } from 'node:fs';
import { AppError } from './errors';
import { settingsSchema, type AnalyticsSettings } from './settings-schema';
import type { TimeSettings } from './db/dialect';
import { isValidTimeZone } from './time/zoned';
import { list, sql } from './db/sql';
import type { Db } from './db/types';

const SLUG_RE = /^[a-z0-9-]+$/;

export { settingsSchema, type AnalyticsSettings, type NamedSegment, type SettingKey, type SettingsInput } from './settings-schema';

export interface SettingsProblem {
  key: string;
  problem: string;
}

export const DEFAULT_SETTINGS: AnalyticsSettings = settingsSchema.parse({});

/** The default segment with Askbot's fallbacks: `all`/All Users, or `rest`/Rest of Users when named segments exist. */
export function defaultSegment(s: AnalyticsSettings): { slug: string; name: string; description: string } {
  const hasNamed = s.ASKBOT_ANALYTICS_NAMED_SEGMENTS.length > 0;
  const d = s.ASKBOT_ANALYTICS_DEFAULT_SEGMENT;
  return {
    slug: d.slug ?? (hasNamed ? 'rest' : 'all'),
    name: d.name ?? (hasNamed ? 'Rest of Users' : 'All Users'),
    description: d.description ?? (hasNamed ? 'Users not in any named segment' : 'All users'),
  };
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/** Validates settings; every problem names its key. Throws a SETTINGS error listing them all. */
export function parseSettings(raw: unknown): AnalyticsSettings {
  const problems: SettingsProblem[] = [];
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) problems.push({ key: k, problem: 'is not an analytics setting' });
      } else {
        problems.push({ key: pathOf(issue.path) || '(settings)', problem: issue.message });
      }
    }
    throw settingsError(problems);
  }
  const s = parsed.data;
  problems.push(...semanticProblems(s));
  if (problems.length) throw settingsError(problems);
  return s;
}

function semanticProblems(s: AnalyticsSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (!isValidTimeZone(s.TIME_ZONE)) {
    problems.push({ key: 'TIME_ZONE', problem: `"${s.TIME_ZONE}" is not an IANA time zone name (e.g. UTC, America/Chicago)` });
  }
  const def = defaultSegment(s);
  const seen = new Set<string>();
  s.ASKBOT_ANALYTICS_NAMED_SEGMENTS.forEach((seg, i) => {
    const key = `ASKBOT_ANALYTICS_NAMED_SEGMENTS[${i}].slug`;
    if (seg.slug.includes(':')) problems.push({ key, problem: `"${seg.slug}" must not contain ':'` });
    else if (!SLUG_RE.test(seg.slug)) problems.push({ key, problem: `"${seg.slug}" must match [a-z0-9-]+` });
    if (seg.slug === 'all-users') problems.push({ key, problem: '"all-users" is reserved' });
    if (seg.slug === def.slug) problems.push({ key, problem: `"${seg.slug}" collides with the default segment's slug` });
    if (seen.has(seg.slug)) problems.push({ key, problem: `"${seg.slug}" is used by another segment` });
    seen.add(seg.slug);
  });
  const dslug = s.ASKBOT_ANALYTICS_DEFAULT_SEGMENT.slug;
  if (dslug !== undefined) {
    const key = 'ASKBOT_ANALYTICS_DEFAULT_SEGMENT.slug';
    if (dslug.includes(':')) problems.push({ key, problem: `"${dslug}" must not contain ':'` });
    else if (!SLUG_RE.test(dslug)) problems.push({ key, problem: `"${dslug}" must match [a-z0-9-]+` });
    if (dslug === 'all-users') problems.push({ key, problem: '"all-users" is reserved' });
  }
  return problems;
}

function settingsError(problems: SettingsProblem[]): AppError {
  const lines = problems.map((p) => `${p.key}: ${p.problem}`);
  return new AppError('SETTINGS', `Invalid analytics settings:\n  ${lines.join('\n  ')}`, problems);
}

/** Reads a settings JSON file (the CLI's --settings). */
export function loadSettingsFile(path: string): AnalyticsSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError('SETTINGS', `Cannot read settings file ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AppError('SETTINGS', `Settings file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppError('SETTINGS', `Settings file ${path} must hold a JSON object of settings`);
  }
  return parseSettings(raw);
}

export function timeSettings(s: AnalyticsSettings): TimeSettings {
  return { useTz: s.USE_TZ, timeZone: s.TIME_ZONE };
}

/**
 * Problems with the named segments' groups against the database: ids that do not exist, or that are
 * not flagged `used_for_analytics`. Reported, not thrown: Askbot itself tolerates them.
 */
export async function segmentGroupProblems(db: Db, s: AnalyticsSettings): Promise<SettingsProblem[]> {
  const ids = [...new Set(s.ASKBOT_ANALYTICS_NAMED_SEGMENTS.flatMap((seg) => seg.group_ids))];
  if (ids.length === 0) return [];
  const rows = await db.all<{ id: number; used: unknown }>(
    sql`SELECT "group_ptr_id" AS id, "used_for_analytics" AS used FROM "askbot_group" WHERE "group_ptr_id" IN (${list(ids)})`,
  );
  const found = new Map(rows.map((r) => [Number(r.id), db.dialect.readBool(r.used)]));
  const problems: SettingsProblem[] = [];
  s.ASKBOT_ANALYTICS_NAMED_SEGMENTS.forEach((seg, i) => {
    seg.group_ids.forEach((id, j) => {
      const key = `ASKBOT_ANALYTICS_NAMED_SEGMENTS[${i}].group_ids[${j}]`;
      if (!found.has(id)) problems.push({ key, problem: `group ${id} does not exist` });
      else if (!found.get(id)) problems.push({ key, problem: `group ${id} is not used for analytics (used_for_analytics is false)` });
    });
  });
  return problems;
}

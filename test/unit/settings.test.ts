import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-main/core/errors';
import { DEFAULT_SETTINGS, defaultSegment, loadSettingsFile, parseSettings } from '../../src-main/core/settings';

function problems(raw: unknown): string[] {
  try {
    parseSettings(raw);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return ((err as AppError).details as Array<{ key: string; problem: string }>).map((p) => `${p.key}: ${p.problem}`);
  }
}

describe('analytics settings', () => {
  it("has Askbot's defaults", () => {
    expect(DEFAULT_SETTINGS).toEqual({
      ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: 30,
      ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED: false,
      ASKBOT_ANALYTICS_NAMED_SEGMENTS: [],
      ASKBOT_ANALYTICS_DEFAULT_SEGMENT: {},
      USE_TZ: true,
      TIME_ZONE: 'UTC',
      REPORT_TIMEOUT_SECONDS: 30,
      EXCLUDE_STAFF: false,
    });
    expect(parseSettings({ EXCLUDE_STAFF: true }).EXCLUDE_STAFF).toBe(true);
    expect(() => parseSettings({ EXCLUDE_STAFF: 'yes' })).toThrow(/EXCLUDE_STAFF/);
    expect(parseSettings({ REPORT_TIMEOUT_SECONDS: 5 }).REPORT_TIMEOUT_SECONDS).toBe(5);
    expect(() => parseSettings({ REPORT_TIMEOUT_SECONDS: 0 })).toThrow(/REPORT_TIMEOUT_SECONDS/);
    expect(defaultSegment(DEFAULT_SETTINGS)).toMatchObject({ slug: 'all', name: 'All Users' });
    const withNamed = parseSettings({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: [{ name: 'Staff', slug: 'staff', group_ids: [1] }] });
    expect(defaultSegment(withNamed)).toMatchObject({ slug: 'rest', name: 'Rest of Users' });
  });

  it('names the key and the problem for every invalid value', () => {
    expect(problems({ ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: 'thirty' })[0]).toMatch(/^ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES: /);
    expect(problems({ TIME_ZONE: 'Mars/Olympus' })).toEqual(['TIME_ZONE: "Mars/Olympus" is not an IANA time zone name (e.g. UTC, America/Chicago)']);
    expect(problems({ ASKBOT_ANALYTICS_SESSION_TIMOUT: 30 })).toEqual(['ASKBOT_ANALYTICS_SESSION_TIMOUT: is not an analytics setting']);
    const seg = (slug: string) => ({ name: 'N', slug, group_ids: [] });
    expect(problems({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: [seg('Staff')] })).toEqual(['ASKBOT_ANALYTICS_NAMED_SEGMENTS[0].slug: "Staff" must match [a-z0-9-]+']);
    expect(problems({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: [seg('a:b')] })).toEqual(['ASKBOT_ANALYTICS_NAMED_SEGMENTS[0].slug: "a:b" must not contain \':\'']);
    expect(problems({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: [seg('all-users')] })).toContain('ASKBOT_ANALYTICS_NAMED_SEGMENTS[0].slug: "all-users" is reserved');
    expect(problems({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: [seg('rest')] })).toEqual([
      'ASKBOT_ANALYTICS_NAMED_SEGMENTS[0].slug: "rest" collides with the default segment\'s slug',
    ]);
    expect(problems({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: [seg('x'), seg('x')] })).toEqual([
      'ASKBOT_ANALYTICS_NAMED_SEGMENTS[1].slug: "x" is used by another segment',
    ]);
    expect(problems({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: [{ name: 'N', slug: 'n', group_ids: [-1] }] })[0]).toMatch(
      /^ASKBOT_ANALYTICS_NAMED_SEGMENTS\[0\]\.group_ids\[0\]: /,
    );
  });

  it('loads a JSON file and explains a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aac-settings-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ USE_TZ: false, TIME_ZONE: 'America/Chicago' }));
    expect(loadSettingsFile(good)).toMatchObject({ USE_TZ: false, TIME_ZONE: 'America/Chicago' });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"USE_TZ": tru');
    expect(() => loadSettingsFile(bad)).toThrow(/not valid JSON/);
    const arr = join(dir, 'arr.json');
    writeFileSync(arr, '[]');
    expect(() => loadSettingsFile(arr)).toThrow(/JSON object/);
    expect(() => loadSettingsFile(join(dir, 'missing.json'))).toThrow(/Cannot read settings file/);
  });
});

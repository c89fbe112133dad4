// `askbot-analytics report users|activity|series` through the CLI runner, on both engines.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/run';
import type { Db } from '../../src-main/core/db/types';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { buildReportFixture, type ReportFixture } from '../helpers/report-fixture';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
  });
  return { code, stdout, stderr };
}

const NOW = ['--now', '2026-03-15T12:00:00Z'];

describeEachEngine('report CLI', (engine) => {
  let db: Db;
  let url: string;
  let f: ReportFixture;
  let settingsFile: string;
  beforeAll(async () => {
    ({ db, url } = await freshAskbotDb(engine));
    f = await buildReportFixture(db);
    settingsFile = join(mkdtempSync(join(tmpdir(), 'aac-cli-')), 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ASKBOT_ANALYTICS_NAMED_SEGMENTS: f.settings.ASKBOT_ANALYTICS_NAMED_SEGMENTS }));
  });
  afterAll(async () => db.close());
  const base = () => ['--db', url, '--settings', settingsFile, ...NOW];

  it("report users --json prints the report object with the issue's field names", async () => {
    const r = await cli(['report', 'users', ...base(), '--json', '--dates', 'last-30-days']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['level', 'range', 'rows', 'total', 'page', 'pages']));
    expect(out.level).toBe('segments');
    expect(out.range).toEqual({ start: '2026-02-14', end: '2026-03-15', partial: true, preset: 'last-30-days' });
    expect(Object.keys(out.rows[0])).toEqual([
      'key',
      'name',
      'num_users',
      'num_users_added',
      'num_questions',
      'num_answers',
      'num_upvotes',
      'num_downvotes',
      'question_views',
      'time_on_site_seconds',
    ]);
    expect(out.rows.map((x: { key: string }) => x.key)).toEqual(['staff', 'partners', 'rest', 'all-users']);
    expect(out.total.num_questions).toBe(4);
    const users = JSON.parse(
      (await cli(['report', 'users', ...base(), '--json', '--segment', `group:${f.groups.Acme}`, '--sort', 'question_views', '--page', '1', '--compare']))
        .stdout,
    );
    expect(users.level).toBe('users');
    expect(users.rows.map((x: { name: string }) => x.name)).toEqual(['cat', 'dan']);
    expect(users.rows[0].num_users).toBeNull();
    expect(users.compare.range).toEqual({ start: '2026-01-15', end: '2026-02-13', partial: false });
  });

  it('report users prints a readable table', async () => {
    const r = await cli(['report', 'users', ...base(), '--segment', 'rest', '--query', '_']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Segments › Rest of Users');
    expect(r.stdout).toMatch(/Beta_Corp\s+group:\d+\s+1\s+1\s+1\s+1\s+0\s+0\s+5\s+0:00:30/);
    expect(r.stdout).toContain('page 1 of 1 (1 rows)');
    expect(r.stdout).not.toContain('Acme');
  });

  it('report activity pages with --after and prints tables', async () => {
    const p1 = JSON.parse((await cli(['report', 'activity', ...base(), '--json', '--dates', '2026-03-14..2026-03-14', '--limit', '2'])).stdout);
    expect(p1.total).toBe(3);
    // The issue's fields, plus the organizations' group ids the app links to.
    expect(Object.keys(p1.rows[0])).toEqual(['id', 'timestamp', 'event_type', 'event', 'user', 'organization', 'organizations', 'object']);
    expect(Object.keys(p1.rows[0].object)).toEqual(expect.arrayContaining(['type', 'id', 'post_type', 'title']));
    const p2 = JSON.parse(
      (await cli(['report', 'activity', ...base(), '--json', '--dates', '2026-03-14..2026-03-14', '--limit', '2', '--after', p1.next])).stdout,
    );
    expect([p2.rows.length, p2.next]).toEqual([1, null]);
    const human = await cli(['report', 'activity', ...base(), '--activity', 'content-commented', '--dates', 'this-month']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/2026-03-11 00:00:00\s+ann\s+Commented answer\s+Thanks!/);
    expect(human.stdout).toMatch(/2026-03-10 00:00:00\s+dan\s+Acme\s+Commented question\s+Which version\?/);
    expect(human.stdout).toContain('2 events; last page');
  });

  it('report series prints points', async () => {
    const json = JSON.parse((await cli(['report', 'series', ...base(), '--json', '--dates', 'last-7-days', '--metrics', 'num_questions'])).stdout);
    expect(json.granularity).toBe('day');
    expect(json.points.map((p: { num_questions: number }) => p.num_questions)).toEqual([2, 0, 0, 0, 0, 0, 1]);
    const human = await cli(['report', 'series', ...base(), '--dates', 'last-7-days', '--metrics', 'time_on_site_seconds']);
    expect(human.stdout).toMatch(/2026-03-15\s+0:12:00/);
  });

  it('exits 2 with a clear message on invalid input', async () => {
    const bad = await cli(['report', 'users', ...base(), '--dates', 'last-week']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"last-week" is not a date range: expected a preset \(last-7-days/);
    expect((await cli(['report', 'users', ...base(), '--page', 'two'])).code).toBe(2);
    const cursor = await cli(['report', 'activity', ...base(), '--json', '--after', 'nope!']);
    expect(cursor.code).toBe(2);
    expect(JSON.parse(cursor.stdout).error.code).toBe('INVALID_INPUT');
  });
});

// `askbot-analytics init` and `status` on both engines; exit codes; the built bin under plain Node.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/connect';
import { SQLITE_DDL } from '../../src-main/core/db/ddl/sqlite';
import { POSTGRES_DDL } from '../../src-main/core/db/ddl/postgres';
import { describeEachEngine, freshDb } from '../helpers/engines';
import { cli } from '../helpers/cli';
import { sql } from '../../src-main/core/db/sql';

describeEachEngine('CLI init and status', (engine) => {
  it('init creates the Askbot schema in an empty database, status reports it, a second init refuses', async () => {
    const { db, url } = await freshDb(engine);
    await db.close();
    const init = await cli(['init', '--db', url, '--json']);
    expect(init.code).toBe(0);
    expect(init.json()).toMatchObject({ ok: true, engine });
    const status = await cli(['status', '--db', url, '--json']);
    expect(status.code).toBe(0);
    expect(status.json()).toMatchObject({
      engine,
      schema: { askbot: true, analytics: true, missing_tables: [] },
      counts: { users: 0, groups: 0, analytics_groups: 0, sessions: 0, events: 0, unsummarized_events: 0 },
      summaries_through: { askbot_hourlyusersummary: null, askbot_hourlygroupsummary: null, askbot_dailyusersummary: null, askbot_dailygroupsummary: null },
      compiled_through: null,
    });
    const again = await cli(['init', '--db', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
    // ASKBOT_ANALYTICS_DB stands in for --db.
    const viaEnv = await cli(['status'], { ASKBOT_ANALYTICS_DB: url });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toContain('Askbot schema found');
  });

  it('status finds the schema in a database created from the contract DDL', async () => {
    const { db, url } = await freshDb(engine);
    await db.exec(engine === 'sqlite' ? SQLITE_DDL : POSTGRES_DDL);
    await db.close();
    const status = await cli(['status', '--db', url, '--json']);
    expect(status.code).toBe(0);
    expect(status.json()).toMatchObject({ schema: { askbot: true, analytics: true } });
  });

  it('status on an empty or foreign database exits 1 naming the missing tables, and writes nothing', async () => {
    const { db, url } = await freshDb(engine);
    const empty = await cli(['status', '--db', url]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/missing .*auth_user.*askbot_event/);
    await db.exec('CREATE TABLE "auth_user" ("id" integer PRIMARY KEY); CREATE TABLE "blog_post" ("id" integer PRIMARY KEY)');
    await db.close();
    const foreign = await cli(['status', '--db', url, '--json']);
    expect(foreign.code).toBe(1);
    const body = foreign.json() as { ok: boolean; error: { code: string; message: string } };
    expect(body.error.code).toBe('NOT_ASKBOT');
    expect(body.error.message).toContain('auth_group');
    expect(body.error.message).not.toMatch(/missing auth_user,/);
    const check = await openDatabase(engine === 'sqlite' ? { engine, path: url } : { engine, url });
    const tables =
      engine === 'sqlite'
        ? await check.all<{ n: string }>(sql`SELECT name AS n FROM sqlite_master WHERE type = 'table'`)
        : await check.all<{ n: string }>(sql`SELECT table_name AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables.map((t) => t.n).sort()).toEqual(['auth_user', 'blog_post']);
    await check.close();
  });
});

it('exit codes: 2 for usage errors, 1 for a missing file', async () => {
  expect((await cli([])).code).toBe(2);
  expect((await cli(['frobnicate'])).code).toBe(2);
  expect((await cli(['status', '--no-such-flag'])).code).toBe(2);
  expect((await cli(['status'])).code).toBe(2); // no --db and no ASKBOT_ANALYTICS_DB
  const missing = await cli(['status', '--db', '/nonexistent/forum.sqlite']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('not found');
  const help = await cli(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('status');
});

it('a global option may stand before the command, and an unknown command never prints a password', async () => {
  const url = 'postgres://analyst:s3cret-pw@127.0.0.1:9/forum';
  for (const args of [
    ['report', '--db', url],
    ['frobnicate', url],
  ]) {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command');
    expect(r.stderr).not.toContain('s3cret-pw');
  }
  expect((await cli(['frobnicate', url])).stderr).toContain('postgres://analyst:***@127.0.0.1:9/forum');
  // Before the command, --db is read as --db: the command runs (and says the file is not there).
  const before = await cli(['--db', '/nonexistent/forum.sqlite', 'status']);
  expect(before).toMatchObject({ code: 1, stderr: expect.stringContaining('not found') });
});

it('the built bin runs under plain Node (npx askbot-analytics --help)', () => {
  const bin = join(process.cwd(), 'bin', 'askbot-analytics.js');
  expect(existsSync(join(process.cwd(), 'out', 'cli', 'cli.js'))).toBe(true);
  const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  expect(out).toContain('usage: askbot-analytics');
  const bad = spawnSync(process.execPath, [bin, 'status', '--db', '/nonexistent.sqlite'], { encoding: 'utf8' });
  expect(bad.status).toBe(1);
  expect(JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')).bin['askbot-analytics']).toBe('bin/askbot-analytics.js');
});

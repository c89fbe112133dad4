// `seed demo`, `seed events` and `create-groups` through the CLI runner, on both engines.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachEngine, freshDb } from '../helpers/engines';
import { cli } from '../helpers/cli';

function settingsFile(settings: object): string {
  const file = join(mkdtempSync(join(tmpdir(), 'aac-seed-cli-')), 'settings.json');
  writeFileSync(file, JSON.stringify(settings));
  return file;
}

describeEachEngine('seed and create-groups CLI', (engine) => {
  it('seed demo creates the schema and the forum, refuses to run twice; seed events then adds nothing', async () => {
    const { db, url } = await freshDb(engine);
    await db.close();
    const r = await cli(['seed', 'demo', '--db', url, '--users', '40', '--days', '10', '--seed', '5', '--admin-password', 'secret-admin', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = r.json();
    expect(summary).toMatchObject({ ok: true, users: 40, days: 10, seed: 5, admin: { username: 'admin' }, moderator: { username: 'moderator' } });
    expect(summary.events).toBeGreaterThan(40);

    const again = await cli(['seed', 'demo', '--db', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has 40 users/);

    const events = await cli(['seed', 'events', '--db', url, '--json']);
    expect(events.code).toBe(0);
    expect(events.json()).toEqual({ ok: true, sessionsAdded: 0, sessionsExtended: 0, eventsAdded: 0, eventsByType: {} });

    // Public-mail users have no organization in the demo; create-groups (Askbot's command) would add them.
    const dry = await cli(['create-groups', '--db', url, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const plan = dry.json() as { dryRun: boolean; enabled: boolean; groups: Array<{ name: string; action: string }> };
    expect(plan).toMatchObject({ dryRun: true, enabled: false });
    expect(plan.groups.find((g) => g.name === 'Acme')?.action).toBe('keep');
    expect(plan.groups.filter((g) => g.action === 'create').every((g) => ['Gmail', 'Yahoo', 'Outlook', 'Hotmail', 'Proton'].includes(g.name))).toBe(true);

    const refused = await cli(['create-groups', '--db', url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED/);

    const enabled = settingsFile({ ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED: true });
    const done = await cli(['create-groups', '--db', url, '--settings', enabled, '--json']);
    expect(done.code).toBe(0);
    const result = done.json() as { toCreate: number; createdGroupIds: number[] };
    expect(result.createdGroupIds).toHaveLength(result.toCreate);
    const second = await cli(['create-groups', '--db', url, '--settings', enabled, '--json']);
    expect(second.json()).toMatchObject({ toCreate: 0, toFlag: 0, newMemberships: 0 });
  });

  it('rejects bad numbers with a usage exit code', async () => {
    const { db, url } = await freshDb(engine);
    await db.close();
    const r = await cli(['seed', 'demo', '--db', url, '--users', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--users must be a whole number/);
  });
});

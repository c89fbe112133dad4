import { describe, expect, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { sql } from '../../src-main/core/db/sql';
import { EVENT, insertEvents, insertSessions } from '../../src-main/core/forum/analytics';
import { insertGroups, insertUsers, joinGroups } from '../../src-main/core/forum/users';
import { createEmailDomainGroups, organizationGroupName, organizationNameFromDomain, previewEmailDomainGroups } from '../../src-main/core/groups';
import { DEFAULT_SETTINGS, parseSettings } from '../../src-main/core/settings';
import { parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';

describe('organization names (SCHEMA.md §3.9)', () => {
  it.each([
    ['test.com', 'Test'],
    ['mail.example.co.uk', 'Example'],
    ['EXAMPLE.ORG', 'Example'],
    ['', ''],
    ['my-company.com', 'My-Company'],
    ['localhost', 'Localhost'],
    ['google.notavalidsuffix', 'Notavalidsuffix'],
    ['127.0.0.1', '127.0.0.1'],
    ['foo.github.io', 'Github'], // PSL private domains are not used
    ['Unknown Organization', 'Unknown organization'],
  ])('%j → %j', (domain, name) => {
    expect(organizationNameFromDomain(domain)).toBe(name);
  });

  it('maps an empty domain to the command\'s "Unknown organization"', () => {
    expect(organizationGroupName('')).toBe('Unknown organization');
    expect(organizationGroupName('co.uk')).toBe('Unknown organization');
    expect(organizationGroupName('mail.example.co.uk')).toBe('Example');
  });
});

const ENABLED = parseSettings({ ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED: true });
const T = parseInstant('2024-05-01T12:00:00Z');

async function forum(db: Db) {
  return db.transaction(async (tx) => {
    const ids = await insertUsers(tx, [
      { username: 'ann', email: 'ann@Acme.com', dateJoined: T },
      { username: 'bob', email: 'bob@acme.COM', dateJoined: T },
      { username: 'carl', email: 'carl@mail.acme.com', dateJoined: T }, // another domain, same group
      { username: 'dan', email: 'dan@example.com', dateJoined: T },
      { username: 'eve', email: 'eve@EXAMPLE.org', dateJoined: T },
      { username: 'fay', email: '', dateJoined: T }, // no e-mail
      { username: 'gus', email: 'not-an-address', dateJoined: T },
      { username: 'hal', email: 'hal@my-company.co.uk', dateJoined: T },
    ]);
    // Existing groups: an askbot group spelled differently and not flagged, and a plain Django group.
    const [example] = await insertGroups(tx, [{ name: 'EXAMPLE', usedForAnalytics: false, visibility: 1 }]);
    const [plain] = (await tx.all<{ id: number }>(sql`INSERT INTO "auth_group" ("name") VALUES ('my-company') RETURNING "id"`)).map((r) => Number(r.id));
    await joinGroups(tx, [[ids[3]!, example!]]); // dan is already a member
    return { ids, example: example!, plain: plain! };
  });
}

async function counts(db: Db) {
  const r = await db.one<Record<string, number>>(
    sql`SELECT (SELECT count(*) FROM auth_group) AS auth_groups, (SELECT count(*) FROM askbot_group) AS askbot_groups,
            (SELECT count(*) FROM askbot_group WHERE used_for_analytics = ${db.dialect.TRUE}) AS flagged,
            (SELECT count(*) FROM auth_user_groups) AS aug, (SELECT count(*) FROM askbot_groupmembership) AS gm`,
  );
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)]));
}

async function membersOf(db: Db) {
  const rows = await db.all<{ name: string; username: string; level: number }>(
    sql`SELECT g.name, u.username, m.level FROM auth_user_groups ug
     JOIN auth_group g ON g.id = ug.group_id JOIN auth_user u ON u.id = ug.user_id
     LEFT JOIN askbot_groupmembership m ON m.user_id = ug.user_id AND m.group_id = ug.group_id
     ORDER BY g.name, u.username`,
  );
  return rows.map((r) => `${r.name}:${r.username}:${r.level === null ? '-' : Number(r.level)}`);
}

describeEachEngine('organizations by e-mail domain', (engine) => {
  it('refuses unless ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED', async () => {
    const { db } = await freshAskbotDb(engine);
    await forum(db);
    await expect(createEmailDomainGroups(db, DEFAULT_SETTINGS, { now: T })).rejects.toMatchObject({ code: 'DISABLED' });
    expect((await counts(db)).auth_groups).toBe(2);
    await db.close();
  });

  it('previews, creates, flags and joins; a second run changes nothing', async () => {
    const { db } = await freshAskbotDb(engine);
    const { example, plain } = await forum(db);
    const before = await counts(db);
    const preview = await previewEmailDomainGroups(db, DEFAULT_SETTINGS);
    expect(preview.enabled).toBe(false);
    expect(preview.groups.map((g) => ({ ...g, domains: [...g.domains].sort() }))).toEqual([
      { name: 'Acme', domains: ['acme.com', 'mail.acme.com'], action: 'create', groupId: null, addsAskbotGroup: false, users: 3, newMembers: 3 },
      { name: 'EXAMPLE', domains: ['example.com', 'example.org'], action: 'flag', groupId: example, addsAskbotGroup: false, users: 2, newMembers: 1 },
      { name: 'my-company', domains: ['my-company.co.uk'], action: 'flag', groupId: plain, addsAskbotGroup: true, users: 1, newMembers: 1 },
      { name: 'Unknown organization', domains: [''], action: 'create', groupId: null, addsAskbotGroup: false, users: 2, newMembers: 2 },
    ]);
    expect(preview).toMatchObject({ toCreate: 2, toFlag: 2, newMemberships: 7 });
    expect(await counts(db)).toEqual(before); // the preview wrote nothing

    const progress: string[] = [];
    const result = await createEmailDomainGroups(db, ENABLED, { now: T, onProgress: (p) => progress.push(p.step) });
    expect(result).toMatchObject({ toCreate: 2, toFlag: 2, newMemberships: 7 });
    expect(result.createdGroupIds).toHaveLength(2);
    expect(progress).toContain('memberships');
    expect(await counts(db)).toEqual({ auth_groups: 4, askbot_groups: 4, flagged: 4, aug: 8, gm: 8 });
    expect(await membersOf(db)).toEqual([
      'Acme:ann:1',
      'Acme:bob:1',
      'Acme:carl:1',
      'EXAMPLE:dan:1',
      'EXAMPLE:eve:1',
      'Unknown organization:fay:1',
      'Unknown organization:gus:1',
      'my-company:hal:1',
    ]);
    // New groups get every NOT NULL column as the ORM writes them; the existing group keeps its visibility.
    const groups = await db.all<{ name: string; openness: number; visibility: number; pe: string; moderate: unknown }>(
      sql`SELECT g.name, ag.openness, ag.visibility, ag.preapproved_emails AS pe, ag.moderate_email AS moderate
       FROM askbot_group ag JOIN auth_group g ON g.id = ag.group_ptr_id ORDER BY g.name`,
    );
    expect(groups.map((g) => [g.name, Number(g.openness), Number(g.visibility), g.pe, db.dialect.readBool(g.moderate)])).toEqual([
      ['Acme', 2, 3, '  ', true],
      ['EXAMPLE', 2, 1, '  ', true],
      ['Unknown organization', 2, 3, '  ', true],
      ['my-company', 2, 3, '  ', true],
    ]);

    const again = await createEmailDomainGroups(db, ENABLED, { now: T });
    expect(again).toMatchObject({ toCreate: 0, toFlag: 0, newMemberships: 0, createdGroupIds: [] });
    expect(again.groups.every((g) => g.action === 'keep')).toBe(true);
    expect(await counts(db)).toEqual({ auth_groups: 4, askbot_groups: 4, flagged: 4, aug: 8, gm: 8 });
    await db.close();
  });

  it('gives new members to an existing group matched case-insensitively, keeping old memberships', async () => {
    const { db } = await freshAskbotDb(engine);
    await db.transaction(async (tx) => {
      const ids = await insertUsers(tx, [
        { username: 'a', email: 'a@acme.com', dateJoined: T },
        { username: 'b', email: 'b@acme.com', dateJoined: T },
      ]);
      const [acme, other] = await insertGroups(tx, [{ name: 'ACME', usedForAnalytics: true }, { name: 'Staff' }]);
      await joinGroups(tx, [
        [ids[0]!, acme!],
        [ids[1]!, other!],
      ]);
    });
    // New groups take the live setting PER_EMAIL_DOMAIN_GROUP_DEFAULT_VISIBILITY (here 1: moderators and admins).
    await insertUsers(db, [{ username: 'c', email: 'c@initech.com', dateJoined: T }]);
    await db.run(
      sql`INSERT INTO livesettings_setting (site_id, "group", "key", "value") VALUES (1, 'GROUP_SETTINGS', 'PER_EMAIL_DOMAIN_GROUP_DEFAULT_VISIBILITY', '1')`,
    );
    const r = await createEmailDomainGroups(db, ENABLED, { now: T });
    expect(r.groups).toMatchObject([
      { name: 'ACME', action: 'keep', newMembers: 1 },
      { name: 'Initech', action: 'create', newMembers: 1 },
    ]);
    expect(await membersOf(db)).toEqual(['ACME:a:1', 'ACME:b:1', 'Initech:c:1', 'Staff:b:1']);
    const vis = await db.one<{ v: number }>(sql`SELECT visibility AS v FROM askbot_group WHERE group_ptr_id = ${r.createdGroupIds[0]}`);
    expect(Number(vis!.v)).toBe(1);
    await db.close();
  });

  it('leaves no partial groups when cancelled or failing midway', async () => {
    const { db } = await freshAskbotDb(engine);
    await forum(db);
    const before = await counts(db);
    const controller = new AbortController();
    await expect(
      createEmailDomainGroups(db, ENABLED, {
        now: T,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step === 'memberships') controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await counts(db)).toEqual(before);

    await expect(
      createEmailDomainGroups(db, ENABLED, {
        now: T,
        onProgress: (p) => {
          if (p.step === 'memberships') throw new Error('injected failure');
        },
      }),
    ).rejects.toThrow('injected failure');
    expect(await counts(db)).toEqual(before);
    const flagged = await db.one<{ n: number }>(sql`SELECT count(*) AS n FROM askbot_group WHERE used_for_analytics = ${db.dialect.TRUE}`);
    expect(Number(flagged!.n)).toBe(0);

    // And the real run still works afterwards.
    expect((await createEmailDomainGroups(db, ENABLED, { now: T })).toCreate).toBe(2);
    await db.close();
  });
});

describeEachEngine('organizations and group summaries', (engine) => {
  it('rebuilds group summaries so a compiled database reports the new organizations', async () => {
    const { db } = await freshAskbotDb(engine);
    const h = (hm: string) => parseInstant(`2024-05-01T${hm}:00Z`);
    await db.transaction(async (tx) => {
      const [ann, bob, cat] = await insertUsers(tx, [
        { username: 'ann', email: 'ann@acme.com', dateJoined: parseInstant('2024-04-20T08:00:00Z') },
        { username: 'bob', email: 'bob@ACME.com', dateJoined: h('09:00') },
        { username: 'cat', email: 'cat@example.org', dateJoined: h('09:30') },
      ]);
      const [s1, s2] = await insertSessions(tx, [
        { userId: ann!, createdAt: h('10:00'), updatedAt: h('10:30') },
        { userId: cat!, createdAt: h('11:00'), updatedAt: h('11:00') },
      ]);
      const ct = await ensureContentTypeId(tx, 'askbot', 'post');
      await insertEvents(tx, [
        { sessionId: s1!, eventType: EVENT.ASKED, timestamp: h('10:00'), contentTypeId: ct, objectId: 1 },
        { sessionId: s1!, eventType: EVENT.ASKED, timestamp: h('10:10'), contentTypeId: ct, objectId: 2 },
        { sessionId: s2!, eventType: EVENT.QUESTION_VIEWED, timestamp: h('11:00'), contentTypeId: ct, objectId: 1 },
      ]);
      void bob;
    });
    const now = parseInstant('2024-05-03T00:00:00Z');
    await compileAnalytics(db, { now });
    const groupRows = async () =>
      (
        await db.all<{ name: string; date: unknown; q: number; v: number; t: unknown; nu: number; na: number }>(
          sql`SELECT g.name, s."date", s.num_questions AS q, s.question_views AS v, ${db.dialect.durationMicros('s.time_on_site')} AS t,
                  s.num_users AS nu, s.num_users_added AS na
           FROM askbot_dailygroupsummary s JOIN auth_group g ON g.id = s.group_id ORDER BY g.name, s."date"`,
        )
      ).map((r) => [r.name, db.dialect.readDate(r.date), Number(r.q), Number(r.v), Number(r.t) / 60_000_000, Number(r.nu), Number(r.na)]);
    expect(await groupRows()).toEqual([]); // no organization groups yet

    const r = await createEmailDomainGroups(db, ENABLED, { now });
    expect(r.summariesRebuilt).toBe(true);
    // Acme: ann's two questions and 30 minutes; members joined before the day's end (2), on that day (bob).
    expect(await groupRows()).toEqual([
      ['Acme', '2024-05-01', 2, 0, 30, 2, 1],
      ['Example', '2024-05-01', 0, 1, 0, 1, 1],
    ]);
    // A second run changes nothing and does not rebuild.
    expect((await createEmailDomainGroups(db, ENABLED, { now })).summariesRebuilt).toBe(false);
    await compileAnalytics(db, { now });
    expect((await groupRows()).length).toBe(2);
    await db.close();
  });
});

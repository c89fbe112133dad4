// Organizations by e-mail domain: Askbot's `askbot_create_per_email_domain_groups` (SCHEMA.md §3.7,
// DESIGN.md §6). One analytics group per distinct domain (case-insensitive), named by
// `organizationGroupName`; existing groups are matched case-insensitively and flagged; every user joins
// their domain's group exactly as `join_group(force=True)` does. The per-user work is set-based SQL joined
// against a small (domain → group) map; only the distinct domains travel to JavaScript for naming.
import { rebuildGroupSummaries } from '../compile';
import { cancellableTransaction } from '../cancel';
import { AppError } from '../errors';
import { assertWritable } from '../db/schema';
import { code, list, join, sql, type Sql, type SqlCode } from '../db/sql';
import type { Db } from '../db/types';
import { insertAskbotGroupRows, insertGroups } from '../forum/users';
import type { AnalyticsSettings } from '../settings';
import { organizationGroupName } from './organization-name';
import type { JobControls, OrganizationPlan, OrganizationPlanItem, OrganizationResult } from '../types/jobs';

/** Options of the jobs here and in seed/: the one cancellation idiom and progress shape (core/types/jobs). */
export type JobOptions = JobControls;

export type { OrganizationPlan, OrganizationPlanItem, OrganizationResult };

/**
 * A user's e-mail domain in SQL: the text after the last '@', trimmed and lower-cased; '' when there is
 * none. `rtrim(email, <every character but '@'>)` keeps the address up to its last '@' on both engines,
 * which have no common "position of" function.
 */
export function EMAIL_DOMAIN_SQL(column: SqlCode): Sql {
  const col = code(column);
  return sql`(CASE WHEN ${col} LIKE '%@%' THEN lower(trim(substr(${col}, length(rtrim(${col}, replace(${col}, '@', ''))) + 1))) ELSE '' END)`;
}

/** SQL: the CTE `ud(user_id, domain)`, every user's e-mail domain. */
const USER_DOMAINS = sql`ud AS (SELECT u."id" AS user_id, ${EMAIL_DOMAIN_SQL('u."email"')} AS domain FROM "auth_user" u)`;

/** Domains per statement when joining users against the (domain → group) map. */
const DOMAINS_PER_BATCH = 5_000;

const cancelledError = () => new AppError('CANCELLED', 'Creating organization groups was cancelled; nothing was changed');

/** SQL: the CTE `dm(domain, group_id)`, the (domain → group) map as bound VALUES. */
function domainMapCte(pairs: ReadonlyArray<readonly [string, number]>): Sql {
  const rows = pairs.map(([domain, groupId]) => sql`(CAST(${domain} AS varchar(254)), CAST(${groupId} AS integer))`);
  return sql`dm(domain, group_id) AS (VALUES ${join(rows)})`;
}

/** `PER_EMAIL_DOMAIN_GROUP_DEFAULT_VISIBILITY` from livesettings (site 1), default 3 (public). */
async function defaultVisibility(db: Db): Promise<number> {
  // In a savepoint: a site without the livesettings table must not abort the surrounding transaction.
  const row = await db
    .transaction((sp) =>
      sp.one<{ value: string }>(
        sql`SELECT "value" FROM "livesettings_setting" WHERE "site_id" = 1 AND "group" = 'GROUP_SETTINGS' AND "key" = 'PER_EMAIL_DOMAIN_GROUP_DEFAULT_VISIBILITY'`,
      ),
    )
    .catch(() => undefined);
  const v = row ? Number(String(row.value).trim()) : 3;
  return Number.isInteger(v) && v >= 0 && v <= 3 ? v : 3;
}

async function buildPlan(db: Db, opts: { onlyDomains?: ReadonlySet<string> } = {}): Promise<OrganizationPlan> {
  const domainRows = await db.all<{ domain: string; users: number }>(
    sql`WITH ud AS (SELECT ${EMAIL_DOMAIN_SQL('u."email"')} AS domain FROM "auth_user" u)
     SELECT domain, count(*) AS users FROM ud GROUP BY domain ORDER BY domain`,
  );
  // Group the domains by the name they map to, compared case-insensitively as Askbot's get_or_create.
  const byKey = new Map<string, OrganizationPlanItem>();
  for (const r of domainRows) {
    const domain = String(r.domain);
    if (opts.onlyDomains && !opts.onlyDomains.has(domain)) continue;
    const name = organizationGroupName(domain);
    const key = name.toLowerCase();
    let item = byKey.get(key);
    if (!item) {
      item = { name, domains: [], action: 'create', groupId: null, addsAskbotGroup: false, users: 0, newMembers: 0 };
      byKey.set(key, item);
    }
    item.domains.push(domain);
    item.users += Number(r.users);
  }
  const items = [...byKey.values()];

  // Existing groups with those names (case-insensitive; the lowest id wins if several match).
  const names = items.map((i) => i.name);
  for (let i = 0; i < names.length; i += DOMAINS_PER_BATCH) {
    const chunk = names.slice(i, i + DOMAINS_PER_BATCH);
    const lowered = chunk.map((n) => n.toLowerCase());
    const existing = await db.all<{ id: number; name: string; askbot: unknown; used: unknown }>(
      sql`SELECT g."id" AS id, g."name" AS name, CASE WHEN ag."group_ptr_id" IS NULL THEN 0 ELSE 1 END AS askbot,
              ag."used_for_analytics" AS used
       FROM "auth_group" g LEFT JOIN "askbot_group" ag ON ag."group_ptr_id" = g."id"
       WHERE g."name" IN (${list(chunk)}) OR lower(g."name") IN (${list(lowered)})
       ORDER BY g."id"`,
    );
    for (const g of existing) {
      const item = byKey.get(String(g.name).toLowerCase());
      if (!item || item.groupId !== null) continue;
      item.groupId = Number(g.id);
      item.name = String(g.name);
      item.addsAskbotGroup = Number(g.askbot) === 0;
      item.action = !item.addsAskbotGroup && db.dialect.readBool(g.used) ? 'keep' : 'flag';
    }
  }

  // Users who would gain a membership: everyone for a new group; for an existing group those missing
  // the auth_user_groups row or (for an askbot group) the askbot_groupmembership row.
  for (const item of items) if (item.groupId === null) item.newMembers = item.users;
  const existingPairs = items.filter((i) => i.groupId !== null).flatMap((i) => i.domains.map((d) => [d, i.groupId!] as const));
  const gained = new Map<number, number>();
  for (let i = 0; i < existingPairs.length; i += DOMAINS_PER_BATCH) {
    const map = domainMapCte(existingPairs.slice(i, i + DOMAINS_PER_BATCH));
    const rows = await db.all<{ group_id: number; n: number }>(
      sql`WITH ${map}, ${USER_DOMAINS}
       SELECT dm.group_id AS group_id, count(*) AS n FROM ud JOIN dm ON dm.domain = ud.domain
       WHERE NOT EXISTS (SELECT 1 FROM "auth_user_groups" x WHERE x."user_id" = ud.user_id AND x."group_id" = dm.group_id)
          OR NOT EXISTS (SELECT 1 FROM "askbot_groupmembership" m WHERE m."user_id" = ud.user_id AND m."group_id" = dm.group_id)
       GROUP BY dm.group_id`,
    );
    for (const r of rows) gained.set(Number(r.group_id), (gained.get(Number(r.group_id)) ?? 0) + Number(r.n));
  }
  for (const item of items) if (item.groupId !== null) item.newMembers = gained.get(item.groupId) ?? 0;

  items.sort((a, b) => a.name.localeCompare(b.name));
  return {
    groups: items,
    toCreate: items.filter((i) => i.action === 'create').length,
    toFlag: items.filter((i) => i.action === 'flag').length,
    newMemberships: items.reduce((s, i) => s + i.newMembers, 0),
  };
}

/** What `createEmailDomainGroups` would do, writing nothing (the dry run and the app's preview). */
export async function previewEmailDomainGroups(db: Db, settings: AnalyticsSettings): Promise<OrganizationPlan & { enabled: boolean }> {
  return { ...(await buildPlan(db)), enabled: settings.ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED };
}

function assertEnabled(settings: AnalyticsSettings): void {
  if (!settings.ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED) {
    throw new AppError(
      'DISABLED',
      'Organizations by e-mail domain are switched off: set ASKBOT_ANALYTICS_EMAIL_DOMAIN_ORGANIZATIONS_ENABLED to true in the analytics settings first',
    );
  }
}

/**
 * Creates and flags the organization groups and joins every user to theirs, in one transaction
 * (a failure or cancellation leaves nothing behind), then rebuilds the group summaries so reports
 * see the new groups. Idempotent: a second run changes nothing.
 * Internal options, used by the demo: `onlyDomains` restricts the run to some domains;
 * `rebuildSummaries: false` skips the rebuild (a database without summaries yet).
 */
export async function createEmailDomainGroups(
  db: Db,
  settings: AnalyticsSettings,
  opts: JobOptions & { now: number; onlyDomains?: ReadonlySet<string>; rebuildSummaries?: boolean },
): Promise<OrganizationResult> {
  assertEnabled(settings);
  assertWritable(db, 'create-groups');
  // One transaction: an abort also cancels its running PostgreSQL statement (core/cancel.ts).
  const result = await cancellableTransaction(db, opts.signal, cancelledError, async (tx, between) => {
    const plan = await buildPlan(tx, { onlyDomains: opts.onlyDomains });
    const total = plan.groups.reduce((s, g) => s + g.domains.length, 0);
    opts.onProgress?.({ step: 'groups', done: 0, total });
    await between();

    const visibility = await defaultVisibility(tx);
    const toCreate = plan.groups.filter((g) => g.action === 'create');
    const createdGroupIds = await insertGroups(
      tx,
      toCreate.map((g) => ({ name: g.name, usedForAnalytics: true, visibility })),
    );
    toCreate.forEach((g, i) => (g.groupId = createdGroupIds[i]!));
    const completing = plan.groups.filter((g) => g.addsAskbotGroup);
    await insertAskbotGroupRows(
      tx,
      completing.map((g) => ({ id: g.groupId!, name: g.name, usedForAnalytics: true, visibility })),
    );
    const toFlag = plan.groups.filter((g) => g.action === 'flag' && !g.addsAskbotGroup).map((g) => g.groupId!);
    for (let i = 0; i < toFlag.length; i += DOMAINS_PER_BATCH) {
      const chunk = toFlag.slice(i, i + DOMAINS_PER_BATCH);
      await tx.run(sql`UPDATE "askbot_group" SET "used_for_analytics" = ${tx.dialect.TRUE} WHERE "group_ptr_id" IN (${list(chunk)})`);
    }

    // Memberships, as join_group(force=True): one auth_user_groups row and one level-1 askbot_groupmembership row.
    const pairs = plan.groups.flatMap((g) => g.domains.map((d) => [d, g.groupId!] as const));
    let done = 0;
    for (let i = 0; i < pairs.length; i += DOMAINS_PER_BATCH) {
      await between();
      const batch = pairs.slice(i, i + DOMAINS_PER_BATCH);
      const map = domainMapCte(batch);
      await tx.run(
        sql`WITH ${map}, ${USER_DOMAINS}
         INSERT INTO "auth_user_groups" ("user_id", "group_id")
         SELECT ud.user_id, dm.group_id FROM ud JOIN dm ON dm.domain = ud.domain
         WHERE NOT EXISTS (SELECT 1 FROM "auth_user_groups" x WHERE x."user_id" = ud.user_id AND x."group_id" = dm.group_id)`,
      );
      await tx.run(
        sql`WITH ${map}, ${USER_DOMAINS}
         INSERT INTO "askbot_groupmembership" ("level", "group_id", "user_id")
         SELECT 1, dm.group_id, ud.user_id FROM ud JOIN dm ON dm.domain = ud.domain
         WHERE NOT EXISTS (SELECT 1 FROM "askbot_groupmembership" m WHERE m."user_id" = ud.user_id AND m."group_id" = dm.group_id)`,
      );
      done += batch.length;
      opts.onProgress?.({ step: 'memberships', done, total });
    }
    await between();
    return { ...plan, createdGroupIds };
  });
  const changed = result.toCreate + result.toFlag + result.newMemberships > 0;
  if (!changed || opts.rebuildSummaries === false) return { ...result, summariesRebuilt: false };
  try {
    await rebuildGroupSummaries(db, {
      now: opts.now,
      signal: opts.signal,
      onProgress: (p) => opts.onProgress?.({ ...p, step: 'group summaries' }),
    });
  } catch (err) {
    // The groups are committed; say so, keeping the cause's code (LOCKED, CANCELLED, ...).
    const data = err instanceof AppError ? err : new AppError('INTERNAL', (err as Error).message);
    throw new AppError(
      data.code,
      `The organization groups were created and joined, but rebuilding the group summaries failed (${data.message}); run "askbot-analytics compile --rebuild" to bring them up to date`,
      { ...result, summariesRebuilt: false },
    );
  }
  return { ...result, summariesRebuilt: true };
}

// User segments shared by the Users drill-down, the Activity log and the series: a key
// (`all-users`, a named slug, the default slug, `group:N`, `user:N`) resolved into a set of users
// expressed as SQL, so every report filters the same way in the database.
//
// Membership is read from `auth_user_groups`, as Askbot's analytics views filter sessions by
// `session__user__groups` and count `group.user_set` (SCHEMA.md §3.5).
import { AppError } from '../errors';
import { checkText, parseIdKey, shown } from '../input';
import type { Dialect } from '../db/dialect';
import { code, empty, join, list, literal, raw, sql, type Sql, type SqlCode } from '../db/sql';
import type { Db } from '../db/types';
import { defaultSegment, type AnalyticsSettings } from '../settings';

export const ALL_USERS = 'all-users';
export const ALL_USERS_NAME = 'All Users';

export type UserSet =
  | { kind: 'all'; key: string; name: string }
  | { kind: 'named'; key: string; name: string; groupIds: number[] }
  /** Users in no group of any named segment. */
  | { kind: 'default'; key: string; name: string; namedGroupIds: number[] }
  | { kind: 'group'; key: string; name: string; id: number }
  | { kind: 'user'; key: string; name: string; id: number };

/** Every group id that belongs to some named segment. */
export function namedGroupIds(settings: AnalyticsSettings): number[] {
  return [...new Set(settings.ASKBOT_ANALYTICS_NAMED_SEGMENTS.flatMap((s) => s.group_ids))];
}

export function hasNamedSegments(settings: AnalyticsSettings): boolean {
  return settings.ASKBOT_ANALYTICS_NAMED_SEGMENTS.length > 0;
}

/** The level-1 sets in display order: named segments, the default segment, All. */
export function topLevelSets(settings: AnalyticsSettings): UserSet[] {
  const def = defaultSegment(settings);
  return [
    ...settings.ASKBOT_ANALYTICS_NAMED_SEGMENTS.map((s): UserSet => ({ kind: 'named', key: s.slug, name: s.name, groupIds: s.group_ids })),
    { kind: 'default', key: def.slug, name: def.name, namedGroupIds: namedGroupIds(settings) },
    { kind: 'all', key: ALL_USERS, name: ALL_USERS_NAME },
  ];
}

function acceptedKeys(settings: AnalyticsSettings): string {
  const slugs = topLevelSets(settings).map((s) => s.key);
  return `${slugs.join(', ')}, group:N or user:N`;
}

/** Resolves a users-segment key; unknown keys, groups and users get a clear error. */
export async function resolveUserSet(db: Db, settings: AnalyticsSettings, key: string): Promise<UserSet> {
  // Checked here, where every report, export and the CLI parse a users segment: ids within the int4
  // range and no NUL byte, so the database never sees a value it would answer with its own error.
  const text = checkText(key.trim(), 'users segment', 200);
  const top = topLevelSets(settings).find((s) => s.key === text);
  if (top) return top;
  const ref = parseIdKey(text, ['group', 'user'] as const);
  if (!ref) throw new AppError('INVALID_INPUT', `unknown users segment "${shown(text)}": expected one of ${acceptedKeys(settings)}`);
  const id = ref.id;
  if (ref.kind === 'group') {
    const g = await db.one<{ name: string }>(sql`SELECT "name" FROM "auth_group" WHERE "id" = ${id}`);
    if (!g) throw new AppError('NOT_FOUND', `group ${id} does not exist`);
    // Askbot's one-member groups (SCHEMA.md §3.7): no report lists them; user:N is the way to one user.
    if (String(g.name).startsWith('_personal_')) {
      throw new AppError('INVALID_INPUT', `group ${id} is a personal group ("${shown(String(g.name))}"), not a segment: use user:N for one user`);
    }
    return { kind: 'group', key: text, name: String(g.name), id };
  }
  const u = await db.one<{ username: string }>(sql`SELECT "username" FROM "auth_user" WHERE "id" = ${id}`);
  if (!u) throw new AppError('NOT_FOUND', `user ${id} does not exist`);
  return { kind: 'user', key: text, name: String(u.username), id };
}

/** SQL selecting the column `user_id` of the set's users, each user once (a named segment's groups may share members: DISTINCT). */
export function memberSql(set: UserSet): Sql {
  switch (set.kind) {
    case 'all':
      return sql`SELECT u."id" AS user_id FROM "auth_user" u`;
    case 'user':
      return sql`SELECT u."id" AS user_id FROM "auth_user" u WHERE u."id" = ${set.id}`;
    case 'group':
      return sql`SELECT ug."user_id" AS user_id FROM "auth_user_groups" ug WHERE ug."group_id" = ${set.id}`;
    case 'named':
      if (set.groupIds.length === 0) return sql`SELECT u."id" AS user_id FROM "auth_user" u WHERE 1 = 0`;
      return sql`SELECT DISTINCT ug."user_id" AS user_id FROM "auth_user_groups" ug WHERE ug."group_id" IN (${list(set.groupIds)})`;
    case 'default':
      if (set.namedGroupIds.length === 0) return sql`SELECT u."id" AS user_id FROM "auth_user" u`;
      return sql`SELECT u."id" AS user_id FROM "auth_user" u WHERE NOT EXISTS (
        SELECT 1 FROM "auth_user_groups" ug WHERE ug."user_id" = u."id" AND ug."group_id" IN (${list(set.namedGroupIds)}))`;
  }
}

/**
 * Staff (issue 14, "Leave staff out"): Askbot's administrators and moderators (`askbot_userprofile.status`
 * `d` / `m`, SCHEMA.md §3.10) and Django superusers (`auth_user.is_superuser`, which Askbot keeps in step
 * with `d` but which a database may hold on its own).
 */
export const STAFF_STATUSES = ['d', 'm'] as const;
/** The statuses as literals (code, not user input). */
const STAFF_STATUS_LIST = raw(STAFF_STATUSES.map((s) => `'${s}'`).join(', '));

/** SQL selecting the column `user_id` of every staff user (a scan of the profiles: a few ms). */
export function staffSql(d: Dialect): Sql {
  return sql`SELECT su."id" AS user_id FROM "auth_user" su WHERE su."is_superuser" = ${d.TRUE}
    UNION SELECT sp."auth_user_ptr_id" AS user_id FROM "askbot_userprofile" sp WHERE sp."status" IN (${STAFF_STATUS_LIST})`;
}

/** SQL condition: the user of `u` (auth_user) with profile `pr` (LEFT JOINed) is staff. */
export function isStaffSql(d: Dialect, u: string, pr: string): Sql {
  return sql`(${raw(u)}."is_superuser" = ${d.TRUE} OR coalesce(${raw(pr)}."status", '') IN (${STAFF_STATUS_LIST}))`;
}

/**
 * ` AND <col> is not staff` when the settings leave staff out, else nothing. `nullable`: rows without a
 * user (anonymous sessions) are kept.
 */
export function andNotStaff(settings: AnalyticsSettings, d: Dialect, col: SqlCode, opts: { nullable?: boolean } = {}): Sql {
  return settings.EXCLUDE_STAFF ? sql` AND ${notStaffSql(d, col, opts)}` : empty;
}

/** SQL condition: the user id in `col` is not staff (`nullable`: or is NULL). */
export function notStaffSql(d: Dialect, col: SqlCode, opts: { nullable?: boolean } = {}): Sql {
  const cond = sql`${code(col)} NOT IN (${staffSql(d)})`;
  return opts.nullable ? sql`(${code(col)} IS NULL OR ${cond})` : cond;
}

/**
 * Why a report of one user (`user:N`) counts nothing: the user is blocked (never counted), or staff while
 * staff are left out. Undefined for other sets and for users who count.
 */
export async function leftOutNote(db: Db, settings: AnalyticsSettings, set: UserSet): Promise<string | undefined> {
  if (set.kind !== 'user') return undefined;
  const d = db.dialect;
  const row = await db.one<{ status: unknown; su: unknown }>(
    sql`SELECT pr."status" AS status, u."is_superuser" AS su FROM "auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id" WHERE u."id" = ${set.id}`,
  );
  if (!row) return undefined;
  if (row.status === 'b') return `${set.name} is blocked: blocked users are left out of these figures.`;
  const staff = d.readBool(row.su) || (STAFF_STATUSES as readonly unknown[]).includes(row.status);
  if (staff && settings.EXCLUDE_STAFF) return `${set.name} is staff (an administrator, moderator or superuser) and staff are left out (Leave staff out is on).`;
  return undefined;
}

/**
 * SQL selecting `(id, name)` of the organizations: analytics groups that are neither personal
 * (`_personal_N`, SCHEMA.md §3.7) nor part of a named segment.
 */
export function organizationsSql(settings: AnalyticsSettings, d: Dialect): Sql {
  const named = namedGroupIds(settings);
  return sql`SELECT g."id" AS id, g."name" AS name
    FROM "askbot_group" ag JOIN "auth_group" g ON g."id" = ag."group_ptr_id"
    WHERE ag."used_for_analytics" = ${d.TRUE} AND g."name" NOT LIKE '\\_personal\\_%' ESCAPE '\\'
    ${named.length ? sql`AND g."id" NOT IN (${list(named)})` : empty}`;
}

/**
 * SQL selecting `user_id` of the people the Overview and retention count: the set's members, not
 * blocked (status `b`), and not staff when the settings leave staff out (EXCLUDE_STAFF).
 */
export function countedUsersSql(set: UserSet, settings: AnalyticsSettings, d: Dialect): Sql {
  return sql`SELECT u."id" AS user_id FROM "auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"
    WHERE ${join(countedUserConds(set, settings, d), ' AND ')}`;
}

/** Up to this many members, a set's daily rows are read user by user (see fewMembers). */
export const FEW_MEMBERS = 1000;

/**
 * Whether the set has at most FEW_MEMBERS members (one user; a group or named segment by an index-only
 * count of its memberships). SQLite plans an IN-list of users without knowing its size: for a few users
 * their rows are best read user by user from a (user_id, date) index, for many by date, and it is told
 * which (dialect.unindexed). PostgreSQL chooses from its statistics either way.
 */
export async function fewMembers(db: Db, set: UserSet): Promise<boolean> {
  if (set.kind === 'user') return true;
  if (set.kind !== 'group' && set.kind !== 'named') return false;
  const ids = set.kind === 'group' ? [set.id] : set.groupIds;
  if (ids.length === 0) return true;
  const row = await db.one<{ n: unknown }>(
    sql`SELECT count(*) AS n FROM (SELECT ug."user_id" FROM "auth_user_groups" ug WHERE ug."group_id" IN (${list(ids)}) LIMIT ${literal(FEW_MEMBERS + 1)}) x`,
  );
  return Number(row?.n ?? 0) <= FEW_MEMBERS;
}

/**
 * SQL selecting `user_id` of the users countedUsersSql leaves out of all users: the blocked, and staff
 * when the settings leave staff out (few; a figure kept for every user is that minus theirs).
 */
export function leftOutUsersSql(settings: AnalyticsSettings, d: Dialect): Sql {
  // The blocked found on the profiles' status index; with staff, a union of index lookups and the
  // superusers, where one condition over auth_user joined to the profiles read every user (an Overview
  // builds this list about seven times: SQLite 5M bench forum ~4.6 -> ~1.2 ms each).
  const blocked = sql`SELECT bp."auth_user_ptr_id" AS user_id FROM "askbot_userprofile" bp WHERE bp."status" = 'b'`;
  return settings.EXCLUDE_STAFF ? sql`${blocked} UNION ${staffSql(d)}` : blocked;
}

/** The conditions of countedUsersSql on `u` (auth_user) and `pr` (its profile, LEFT JOINed). */
export function countedUserConds(set: UserSet, settings: AnalyticsSettings, d: Dialect): Sql[] {
  const conds = [sql`(pr."status" IS NULL OR pr."status" <> 'b')`];
  if (settings.EXCLUDE_STAFF) conds.push(sql`NOT ${isStaffSql(d, 'u', 'pr')}`);
  if (set.kind === 'user') conds.push(sql`u."id" = ${set.id}`);
  else if (set.kind !== 'all') conds.push(sql`u."id" IN (SELECT m.user_id FROM (${memberSql(set)}) m)`);
  return conds;
}

// Writing users, groups and memberships exactly as Askbot's ORM would (SCHEMA.md §3.4-3.6, §3.10),
// so that Askbot keeps working on rows the console creates. Batched, never one statement per row.
import { createHash } from 'node:crypto';
import { insertRows, insertRowsReturningIds } from '../db/batch';
import { join, sql, type Sql } from '../db/sql';
import type { Db } from '../db/types';
import type { EpochMicros } from '../time/instant';

export type UserStatus = 'd' | 'm' | 'a' | 'w' | 's' | 'b' | 't';

export interface NewUser {
  username: string;
  email: string;
  dateJoined: EpochMicros;
  /** Django password hash, or an unusable one (`!…`) when omitted. */
  password?: string;
  status?: UserStatus;
  isActive?: boolean;
  realName?: string;
}

const UNUSABLE_PASSWORD = '!unusable-password-set-by-askbot-analytics-console';

/** Inserts users with their `askbot_userprofile` rows; returns the new ids in input order. */
export async function insertUsers(db: Db, users: readonly NewUser[]): Promise<number[]> {
  const d = db.dialect;
  const ids = await insertRowsReturningIds(
    db,
    'auth_user',
    ['password', 'last_login', 'is_superuser', 'username', 'first_name', 'last_name', 'email', 'is_staff', 'is_active', 'date_joined'],
    users.map((u) => [
      u.password ?? UNUSABLE_PASSWORD,
      null,
      d.bool(u.status === 'd'), // Askbot keeps is_superuser in step with the administrator status
      u.username,
      '',
      '',
      u.email,
      d.bool(false),
      d.bool(u.isActive ?? true),
      d.dateTimeParam(u.dateJoined),
    ]),
  );
  await insertRows(
    db,
    'askbot_userprofile',
    PROFILE_COLUMNS,
    users.map((u, i) => profileRow(db, ids[i]!, u)),
  );
  return ids;
}

const PROFILE_COLUMNS = [
  'auth_user_ptr_id',
  'avatar_urls',
  'status',
  'is_fake',
  'email_isvalid',
  'email_key',
  'reputation',
  'gravatar',
  'avatar_type',
  'gold',
  'silver',
  'bronze',
  'last_seen',
  'real_name',
  'website',
  'location',
  'country',
  'show_country',
  'date_of_birth',
  'interesting_tags',
  'ignored_tags',
  'subscribed_tags',
  'email_signature',
  'show_marked_tags',
  'email_tag_filter_strategy',
  'display_tag_filter_strategy',
  'new_response_count',
  'seen_response_count',
  'consecutive_days_visit_count',
  'languages',
  'twitter_access_token',
  'twitter_handle',
  'social_sharing_mode',
  'primary_language',
  'email_is_confidential',
] as const;

function profileRow(db: Db, id: number, u: NewUser): unknown[] {
  const d = db.dialect;
  const gravatar = createHash('md5').update(u.email.trim().toLowerCase()).digest('hex');
  return [
    id,
    '{}',
    u.status ?? 'w',
    d.bool(false),
    d.bool(false),
    null,
    1,
    gravatar,
    'n',
    0,
    0,
    0,
    d.dateTimeParam(u.dateJoined),
    u.realName ?? '',
    '',
    '',
    null,
    d.bool(false),
    null,
    '',
    '',
    '',
    '',
    d.bool(true),
    1,
    0,
    0,
    0,
    0,
    'en',
    '',
    '',
    0,
    'en',
    d.bool(false),
  ];
}

export interface NewGroup {
  name: string;
  usedForAnalytics?: boolean;
  visibility?: number;
}

/** Inserts `auth_group` + `askbot_group` rows (multi-table inheritance) with the ORM's defaults. */
export async function insertGroups(db: Db, groups: readonly NewGroup[]): Promise<number[]> {
  const ids = await insertRowsReturningIds(
    db,
    'auth_group',
    ['name'],
    groups.map((g) => [g.name]),
  );
  await insertAskbotGroupRows(
    db,
    groups.map((g, i) => ({ ...g, id: ids[i]! })),
  );
  return ids;
}

/**
 * Inserts only the `askbot_group` half for existing `auth_group` rows, as `GroupManager.create()` does when a
 * plain Django group of that name already exists (SCHEMA.md §3.6).
 */
export async function insertAskbotGroupRows(db: Db, groups: ReadonlyArray<NewGroup & { id: number }>): Promise<void> {
  const d = db.dialect;
  await insertRows(
    db,
    'askbot_group',
    [
      'group_ptr_id',
      'logo_url',
      'moderate_email',
      'openness',
      'preapproved_emails',
      'preapproved_email_domains',
      'read_only',
      'description_id',
      'can_post_answers',
      'can_post_comments',
      'can_post_questions',
      'can_upload_attachments',
      'can_upload_images',
      'visibility',
      'used_for_analytics',
    ],
    groups.map((g) => [
      g.id,
      null,
      d.bool(true),
      2,
      '  ',
      '  ',
      d.bool(false),
      null,
      d.bool(false),
      d.bool(false),
      d.bool(false),
      d.bool(false),
      d.bool(false),
      g.visibility ?? 3,
      d.bool(g.usedForAnalytics ?? false),
    ]),
  );
}

/**
 * Joins users to groups as `user.join_group(group, force=True)` does: one `auth_user_groups` row and one
 * `askbot_groupmembership` row (level 1) per pair; pairs that already exist are left as they are.
 */
export async function joinGroups(db: Db, pairs: ReadonlyArray<readonly [userId: number, groupId: number]>): Promise<void> {
  const BATCH = 5_000;
  for (let i = 0; i < pairs.length; i += BATCH) {
    const pairsSql = distinctPairs(pairs.slice(i, i + BATCH));
    await db.run(
      sql`INSERT INTO "auth_user_groups" ("user_id", "group_id")
       SELECT p.user_id, p.group_id FROM (${pairsSql}) p
       WHERE NOT EXISTS (SELECT 1 FROM "auth_user_groups" g WHERE g."user_id" = p.user_id AND g."group_id" = p.group_id)`,
    );
    await db.run(
      sql`INSERT INTO "askbot_groupmembership" ("level", "group_id", "user_id")
       SELECT 1, p.group_id, p.user_id FROM (${pairsSql}) p
       JOIN "askbot_group" ag ON ag."group_ptr_id" = p.group_id
       WHERE NOT EXISTS (SELECT 1 FROM "askbot_groupmembership" m WHERE m."user_id" = p.user_id AND m."group_id" = p.group_id)`,
    );
  }
}

/** SQL: the distinct (user_id, group_id) pairs as a subquery over bound VALUES. */
function distinctPairs(pairs: ReadonlyArray<readonly [userId: number, groupId: number]>): Sql {
  // VALUES columns are called column1, column2 on both engines; CAST gives PostgreSQL their type.
  const values = join(pairs.map(([userId, groupId]) => sql`(CAST(${userId} AS integer), CAST(${groupId} AS integer))`));
  return sql`SELECT DISTINCT column1 AS user_id, column2 AS group_id FROM (VALUES ${values}) AS v`;
}

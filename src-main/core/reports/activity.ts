// The Activity log (DESIGN.md §8): raw analytics events, newest first, filtered by activity segment,
// content (a thread with all its posts, or one post), users segment and dates. Pages are keyset
// pages on (timestamp, id), so a deep page costs what the first one does; the cursor is opaque and
// bound to the filters it was issued for.
import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import { checkText, isId, parseIdKey, shown } from '../input';
import { empty, join, list, sql, type Sql } from '../db/sql';
import type { Db } from '../db/types';
import { EVENT } from '../forum/analytics';
import type { AnalyticsSettings } from '../settings';
import { formatInstant } from '../time/instant';
import { rangeInstants, type DateRange } from './dates';
import { resolveReportRange, type NowInput } from './report-range';
import { ALL_USERS, memberSql, notStaffSql, organizationsSql, resolveUserSet, type UserSet } from './segments';
import type { ActivityBreadcrumb, ActivityObject, ActivityReport, ActivityRow } from '../types/reports';

export type { ActivityBreadcrumb, ActivityObject, ActivityReport, ActivityRow };

/** The activity segments of DESIGN.md §8 and the Askbot event types each one selects (SCHEMA.md §3.13). */
export const ACTIVITY_SEGMENTS = {
  'all-activity': { label: 'All activity', types: null },
  registered: { label: 'Registered', types: [EVENT.REGISTERED] },
  'logged-in': { label: 'Logged in', types: [EVENT.LOGGED_IN] },
  'logged-out': { label: 'Logged out', types: [EVENT.LOGGED_OUT] },
  'question-viewed': { label: 'Question viewed', types: [EVENT.QUESTION_VIEWED] },
  'answer-viewed': { label: 'Answer viewed', types: [EVENT.ANSWER_VIEWED] },
  'content-voted': { label: 'Content voted', types: [EVENT.UPVOTED, EVENT.DOWNVOTED] },
  'content-upvoted': { label: 'Content upvoted', types: [EVENT.UPVOTED] },
  'content-downvoted': { label: 'Content downvoted', types: [EVENT.DOWNVOTED] },
  'question-posted': { label: 'Question posted', types: [EVENT.ASKED] },
  'answer-posted': { label: 'Answer posted', types: [EVENT.ANSWERED] },
  'question-commented': { label: 'Question commented', types: [EVENT.COMMENTED_QUESTION] },
  'answer-commented': { label: 'Answer commented', types: [EVENT.COMMENTED_ANSWER] },
  'content-commented': { label: 'Content commented', types: [EVENT.COMMENTED_QUESTION, EVENT.COMMENTED_ANSWER] },
  'question-retagged': { label: 'Question retagged', types: [EVENT.RETAGGED] },
  'any-content-posted': {
    label: 'Any content posted',
    types: [EVENT.ASKED, EVENT.ANSWERED, EVENT.COMMENTED_QUESTION, EVENT.COMMENTED_ANSWER],
  },
} as const satisfies Record<string, { label: string; types: readonly number[] | null }>;
export type ActivitySegment = keyof typeof ACTIVITY_SEGMENTS;
export const ACTIVITY_SEGMENT_KEYS: readonly ActivitySegment[] = Object.freeze(Object.keys(ACTIVITY_SEGMENTS) as ActivitySegment[]);

/** Labels of Askbot's event types (askbot/models/analytics.py). */
export const EVENT_LABELS: Record<number, string> = {
  [EVENT.REGISTERED]: 'Registered',
  [EVENT.LOGGED_IN]: 'Logged in',
  [EVENT.LOGGED_OUT]: 'Logged out',
  [EVENT.QUESTION_VIEWED]: 'Viewed question',
  [EVENT.ANSWER_VIEWED]: 'Viewed answer',
  [EVENT.UPVOTED]: 'Upvoted',
  [EVENT.DOWNVOTED]: 'Downvoted',
  [EVENT.VOTE_CANCELED]: 'Canceled vote',
  [EVENT.ASKED]: 'Asked question',
  [EVENT.ANSWERED]: 'Answered question',
  [EVENT.COMMENTED_QUESTION]: 'Commented question',
  [EVENT.COMMENTED_ANSWER]: 'Commented answer',
  [EVENT.RETAGGED]: 'Retagged question',
  [EVENT.SEARCHED]: 'Searched',
};

export interface ActivityFilters {
  activity?: string;
  content?: string;
  users?: string;
  dates?: string;
  now?: NowInput;
}

export interface ActivityQuery extends ActivityFilters {
  after?: string;
  limit?: number;
  /** Count all matching events (default: only on the first page). */
  count?: boolean;
}

export const DEFAULT_ACTIVITY_LIMIT = 50;
export const MAX_ACTIVITY_LIMIT = 1000;

type ContentFilter = { kind: 'all' } | { kind: 'thread'; id: number; title: string } | { kind: 'post'; id: number; label: string };

interface ResolvedFilters {
  activity: ActivitySegment;
  users: UserSet | null;
  content: ContentFilter;
  range: DateRange;
  /** Staff's events left out (EXCLUDE_STAFF). */
  excludeStaff: boolean;
  fingerprint: string;
}

const EXCERPT = 80;
function excerpt(text: unknown): string | null {
  if (text === null || text === undefined) return null;
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? flat.slice(0, EXCERPT - 1).trimEnd() + '…' : flat;
}

async function contentTypeIds(db: Db): Promise<{ user: number; post: number; thread: number }> {
  const rows = await db.all<{ id: number; app_label: string; model: string }>(
    sql`SELECT "id", "app_label", "model" FROM "django_content_type"
     WHERE ("app_label" = 'auth' AND "model" = 'user') OR ("app_label" = 'askbot' AND "model" IN ('post', 'thread'))`,
  );
  // A missing content type matches no event (-1 is never an id).
  const find = (app: string, model: string) => Number(rows.find((r) => r.app_label === app && r.model === model)?.id ?? -1);
  return { user: find('auth', 'user'), post: find('askbot', 'post'), thread: find('askbot', 'thread') };
}

async function resolveContent(db: Db, content: string | undefined): Promise<ContentFilter> {
  const text = checkText(content?.trim() || 'all-content', 'content segment', 200);
  if (text === 'all-content') return { kind: 'all' };
  const ref = parseIdKey(text, ['thread', 'post'] as const);
  if (!ref) throw new AppError('INVALID_INPUT', `unknown content segment "${shown(text)}": expected all-content, thread:N or post:N`);
  const id = ref.id;
  if (ref.kind === 'thread') {
    const t = await db.one<{ title: string }>(sql`SELECT "title" FROM "askbot_thread" WHERE "id" = ${id}`);
    if (!t) throw new AppError('NOT_FOUND', `thread ${id} does not exist`);
    return { kind: 'thread', id, title: String(t.title) };
  }
  const p = await db.one<{ post_type: string; text: string | null; title: string | null }>(
    sql`SELECT p."post_type" AS post_type, p."text" AS text, t."title" AS title FROM "askbot_post" p LEFT JOIN "askbot_thread" t ON t."id" = p."thread_id" WHERE p."id" = ${id}`,
  );
  if (!p) throw new AppError('NOT_FOUND', `post ${id} does not exist`);
  const label = p.post_type === 'question' ? (p.title ?? `question ${id}`) : `${p.post_type}: ${excerpt(p.text) ?? id}`;
  return { kind: 'post', id, label };
}

function parseActivity(activity: string | undefined): ActivitySegment {
  const a = activity?.trim() || 'all-activity';
  if (a in ACTIVITY_SEGMENTS) return a as ActivitySegment;
  throw new AppError('INVALID_INPUT', `unknown activity segment "${shown(String(activity))}": expected one of ${ACTIVITY_SEGMENT_KEYS.join(', ')}`);
}

async function resolveFilters(db: Db, settings: AnalyticsSettings, f: ActivityFilters): Promise<ResolvedFilters> {
  const activity = parseActivity(f.activity);
  const usersKey = f.users?.trim() || ALL_USERS;
  const users = usersKey === ALL_USERS ? null : await resolveUserSet(db, settings, usersKey);
  const content = await resolveContent(db, f.content);
  const range = await resolveReportRange(db, f.dates, f.now);
  const excludeStaff = settings.EXCLUDE_STAFF;
  // Staff in or out changes the pages: a cursor of one does not continue the other.
  const filterKey: unknown[] = [activity, usersKey, f.content?.trim() || 'all-content', f.dates?.trim() || 'last-30-days'];
  if (excludeStaff) filterKey.push('no-staff');
  const fingerprint = createHash('sha256').update(JSON.stringify(filterKey)).digest('base64url').slice(0, 12);
  return { activity, users, content, range, excludeStaff, fingerprint };
}

interface Cursor {
  t: number;
  i: number;
}

function encodeCursor(c: Cursor, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: 1, t: c.t, i: c.i, f: fingerprint })).toString('base64url');
}

/** 1900-01-01 and 10000-01-01 (exclusive) in µs: a cursor's time lies within the dates reports cover. */
const CURSOR_MIN_US = Date.UTC(1900, 0, 1) * 1000;
const CURSOR_MAX_US = Date.UTC(9999, 11, 31, 23, 59, 59) * 1000;

function decodeCursor(text: string, fingerprint: string): Cursor {
  const bad = () => new AppError('INVALID_INPUT', 'invalid cursor: pass the "next" value of a previous page unchanged');
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const o = parsed as { v?: unknown; t?: unknown; i?: unknown; f?: unknown };
  // The event id must fit askbot_event.id (int4) and the time the dates reports cover.
  if (typeof o !== 'object' || o === null || o.v !== 1 || !Number.isSafeInteger(o.t) || !isId(o.i as number)) throw bad();
  if ((o.t as number) < CURSOR_MIN_US || (o.t as number) > CURSOR_MAX_US) throw bad();
  if (o.f !== fingerprint) throw new AppError('INVALID_INPUT', 'this cursor belongs to other filters: start again from the first page');
  return { t: o.t as number, i: o.i as number };
}

/** The WHERE clause shared by the page query and the count; `s` is the session alias. */
function whereClause(db: Db, r: ResolvedFilters, ct: { post: number; thread: number }): { sql: Sql; needsSession: boolean } {
  const d = db.dialect;
  const { from, to } = rangeInstants(d, r.range);
  const parts = [sql`e."timestamp" >= ${d.dateTimeParam(from)}`, sql`e."timestamp" < ${d.dateTimeParam(to)}`];
  const types = ACTIVITY_SEGMENTS[r.activity].types;
  if (types) parts.push(types.length === 1 ? sql`e."event_type" = ${types[0]}` : sql`e."event_type" IN (${list(types)})`);
  if (r.content.kind === 'post') {
    parts.push(sql`e."content_type_id" = ${ct.post} AND e."object_id" = ${r.content.id}`);
  } else if (r.content.kind === 'thread') {
    const id = r.content.id;
    parts.push(sql`((e."content_type_id" = ${ct.thread} AND e."object_id" = ${id})
      OR (e."content_type_id" = ${ct.post} AND e."object_id" IN (SELECT tp."id" FROM "askbot_post" tp WHERE tp."thread_id" = ${id})))`);
  }
  let needsSession = false;
  if (r.users) {
    needsSession = true;
    parts.push(r.users.kind === 'user' ? sql`s."user_id" = ${r.users.id}` : sql`s."user_id" IN (SELECT m.user_id FROM (${memberSql(r.users)}) m)`);
  }
  if (r.excludeStaff) {
    // Anonymous sessions' events are nobody's: not staff's.
    needsSession = true;
    parts.push(notStaffSql(d, 's."user_id"', { nullable: true }));
  }
  return { sql: join(parts, ' AND '), needsSession };
}

interface PageResult {
  rows: ActivityRow[];
  next: Cursor | null;
}

async function fetchPage(db: Db, settings: AnalyticsSettings, r: ResolvedFilters, after: Cursor | null, limit: number): Promise<PageResult> {
  const d = db.dialect;
  const ct = await contentTypeIds(db);
  const where = whereClause(db, r, ct);
  const keyset = after ? sql` AND (e."timestamp", e."id") < (${d.dateTimeParam(after.t)}, ${after.i})` : empty;
  const raw = await db.all<Record<string, unknown>>(
    sql`SELECT e."id" AS id, ${d.micros('e."timestamp"')} AS ts, e."event_type" AS event_type, e."content_type_id" AS ct,
            e."object_id" AS object_id, s."user_id" AS user_id, u."username" AS username
     FROM "askbot_event" e JOIN "askbot_session" s ON s."id" = e."session_id" LEFT JOIN "auth_user" u ON u."id" = s."user_id"
     WHERE ${where.sql}${keyset}
     ORDER BY e."timestamp" DESC, e."id" DESC
     LIMIT ${limit + 1}`,
  );
  const page = raw.slice(0, limit);
  const rows = await describeRows(db, settings, ct, page);
  const last = page[page.length - 1];
  return { rows, next: raw.length > limit && last ? { t: Number(last.ts), i: Number(last.id) } : null };
}

/** Objects, users' organizations: one query per kind for the whole page, never one per row. */
async function describeRows(
  db: Db,
  settings: AnalyticsSettings,
  ct: { user: number; post: number; thread: number },
  page: Array<Record<string, unknown>>,
): Promise<ActivityRow[]> {
  const idsOf = (ctId: number) => [...new Set(page.filter((r) => Number(r.ct) === ctId).map((r) => Number(r.object_id)))];
  const postIds = idsOf(ct.post);
  const threadIds = idsOf(ct.thread);
  const userObjIds = idsOf(ct.user);
  const actorIds = [
    ...new Set(
      page
        .map((r) => r.user_id)
        .filter((v) => v !== null && v !== undefined)
        .map(Number),
    ),
  ];
  const posts = postIds.length
    ? await db.all<{ id: number; post_type: string; thread_id: number | null; text: string | null; title: string | null }>(
        sql`SELECT p."id" AS id, p."post_type" AS post_type, p."thread_id" AS thread_id, p."text" AS text, t."title" AS title
         FROM "askbot_post" p LEFT JOIN "askbot_thread" t ON t."id" = p."thread_id" WHERE p."id" IN (${list(postIds)})`,
      )
    : [];
  const threads = threadIds.length
    ? await db.all<{ id: number; title: string }>(sql`SELECT "id" AS id, "title" AS title FROM "askbot_thread" WHERE "id" IN (${list(threadIds)})`)
    : [];
  const objUsers = userObjIds.length
    ? await db.all<{ id: number; username: string }>(sql`SELECT "id" AS id, "username" AS username FROM "auth_user" WHERE "id" IN (${list(userObjIds)})`)
    : [];
  const orgs = new Map<number, Array<{ id: number; name: string }>>();
  if (actorIds.length) {
    const got = await db.all<{ user_id: number; id: number; name: string }>(
      sql`SELECT ug."user_id" AS user_id, o.id AS id, o.name AS name FROM "auth_user_groups" ug JOIN (${organizationsSql(settings, db.dialect)}) o ON o.id = ug."group_id"
       WHERE ug."user_id" IN (${list(actorIds)}) ORDER BY o.name, o.id`,
    );
    for (const g of got) {
      const list = orgs.get(Number(g.user_id)) ?? [];
      list.push({ id: Number(g.id), name: String(g.name) });
      orgs.set(Number(g.user_id), list);
    }
  }
  const postById = new Map(posts.map((x) => [Number(x.id), x]));
  const threadById = new Map(threads.map((x) => [Number(x.id), x]));
  const userById = new Map(objUsers.map((x) => [Number(x.id), x]));
  return page.map((r): ActivityRow => {
    const ctId = Number(r.ct);
    const objectId = Number(r.object_id);
    let object: ActivityObject;
    if (ctId === ct.post) {
      const x = postById.get(objectId);
      object = {
        type: 'post',
        id: objectId,
        post_type: x ? String(x.post_type) : null,
        title: !x ? null : x.post_type === 'question' ? (x.title === null ? null : String(x.title)) : excerpt(x.text),
        thread_id: x?.thread_id === null || x?.thread_id === undefined ? null : Number(x.thread_id),
      };
    } else if (ctId === ct.thread) {
      const x = threadById.get(objectId);
      object = { type: 'thread', id: objectId, post_type: null, title: x ? String(x.title) : null, thread_id: objectId };
    } else if (ctId === ct.user) {
      const x = userById.get(objectId);
      object = { type: 'user', id: objectId, post_type: null, title: x ? String(x.username) : null, thread_id: null };
    } else {
      object = { type: null, id: objectId, post_type: null, title: null, thread_id: null };
    }
    const userId = r.user_id === null || r.user_id === undefined ? null : Number(r.user_id);
    const eventType = Number(r.event_type);
    return {
      id: Number(r.id),
      timestamp: formatInstant(Number(r.ts)),
      event_type: eventType,
      event: EVENT_LABELS[eventType] ?? `Event ${eventType}`,
      user: userId === null ? null : { id: userId, username: String(r.username ?? '') },
      organization:
        userId !== null && orgs.has(userId)
          ? orgs
              .get(userId)!
              .map((o) => o.name)
              .join(', ')
          : null,
      organizations: userId !== null ? (orgs.get(userId) ?? []) : [],
      object,
    };
  });
}

async function countEvents(db: Db, r: ResolvedFilters): Promise<number> {
  const ct = await contentTypeIds(db);
  const where = whereClause(db, r, ct);
  const sessions = where.needsSession ? sql` JOIN "askbot_session" s ON s."id" = e."session_id"` : empty;
  const row = await db.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM "askbot_event" e${sessions} WHERE ${where.sql}`);
  return Number(row?.n ?? 0);
}

function breadcrumbs(r: ResolvedFilters, dates: string | undefined): ActivityBreadcrumb[] {
  return [
    { filter: 'users', key: r.users?.key ?? ALL_USERS, label: r.users?.name ?? 'All Users' },
    { filter: 'activity', key: r.activity, label: ACTIVITY_SEGMENTS[r.activity].label },
    {
      filter: 'content',
      key: r.content.kind === 'all' ? 'all-content' : `${r.content.kind}:${r.content.id}`,
      label: r.content.kind === 'all' ? 'All content' : r.content.kind === 'thread' ? r.content.title : r.content.label,
    },
    { filter: 'dates', key: dates?.trim() || 'last-30-days', label: `${r.range.start} – ${r.range.end}` },
  ];
}

function parseLimit(limit: number | undefined, max: number): number {
  if (limit === undefined) return DEFAULT_ACTIVITY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw new AppError('INVALID_INPUT', `limit must be a whole number from 1 to ${max} (got ${String(limit)})`);
  return limit;
}

/** One page of the Activity log, newest first. */
export async function reportActivity(db: Db, settings: AnalyticsSettings, q: ActivityQuery = {}): Promise<ActivityReport> {
  const limit = parseLimit(q.limit, MAX_ACTIVITY_LIMIT);
  const r = await resolveFilters(db, settings, q);
  const after = q.after ? decodeCursor(q.after, r.fingerprint) : null;
  const page = await fetchPage(db, settings, r, after, limit);
  const total = (q.count ?? !after) ? await countEvents(db, r) : null;
  return {
    range: r.range,
    rows: page.rows,
    next: page.next ? encodeCursor(page.next, r.fingerprint) : null,
    total,
    breadcrumbs: breadcrumbs(r, q.dates),
    excludeStaff: r.excludeStaff,
  };
}

/**
 * Every matching event, newest first, in batches of `batchSize`, through the same keyset query as
 * the pages (for exports: memory stays bounded by one batch).
 */
export async function* iterateActivity(
  db: Db,
  settings: AnalyticsSettings,
  filters: ActivityFilters,
  batchSize = 1000,
): AsyncGenerator<ActivityRow[], void, undefined> {
  const limit = parseLimit(batchSize, 10_000);
  const r = await resolveFilters(db, settings, filters);
  let after: Cursor | null = null;
  for (;;) {
    const page = await fetchPage(db, settings, r, after, limit);
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

// The Users drill-down (DESIGN.md §8): level 1 segments, level 2 organizations, level 3 users, each
// with the counters of the range summed per user (monthly rollups plus edge days, user-sums.ts; the
// same sums as the per-user daily summaries). Rows that stand for a set
// of users (a segment, a group, All) sum over the distinct members, so a user in two groups counts
// once; Askbot's views instead add group rows and count such users twice.
import { AppError } from '../errors';
import { checkText } from '../input';
import { likeContains, type Dialect } from '../db/dialect';
import { join, list, literal, raw, sql, type Sql } from '../db/sql';
import type { Db } from '../db/types';
import { defaultSegment, type AnalyticsSettings } from '../settings';
import { previousPeriod, rangeInstants, type DateRange } from './dates';
import { resolveReportRange, type NowInput } from './report-range';
import { ALL_USERS, ALL_USERS_NAME, hasNamedSegments, isStaffSql, memberSql, organizationsSql, resolveUserSet, topLevelSets, type UserSet } from './segments';
import { COUNTER_METRICS, SUM_COUNTERS, planUserSums, userSumsSql, type UserSumsSql } from './user-sums';
import { defaultUsersOrder, defaultUsersSort } from '../../../src-shared/users-sort';
import type { Breadcrumb, Metrics, MetricsComparison, UserMetric, UsersComparison, UsersLevel, UsersReport, UsersRow } from '../types/reports';

export type { Breadcrumb, Metrics, MetricsComparison, UserMetric, UsersComparison, UsersLevel, UsersReport, UsersRow };

export const PAGE_SIZE = 20;

export const USER_METRICS = ['num_users', 'num_users_added', ...COUNTER_METRICS] as const satisfies readonly UserMetric[];
export const USERS_SORT_FIELDS = ['name', ...USER_METRICS] as const;
export type UsersSortField = (typeof USERS_SORT_FIELDS)[number];

export interface UsersQuery {
  segment?: string;
  dates?: string;
  sort?: string;
  order?: string;
  query?: string;
  page?: number;
  /** Rows a page (default 20, the view's); exports read a level in large pages (at most 10 000). */
  pageSize?: number;
  compare?: boolean;
  now?: NowInput;
}

/**
 * What a level lists. Level 1: the top-level sets (per-user segment flags, one pass per row; rows
 * overlap, All holds everyone). Level 2: organizations `(id, name)` and their members. Level 3: the
 * users of a set, or everyone (`members` null).
 */
type LevelSource = { keyOf: (rowKey: unknown) => string } & (
  { level: 'segments'; sets: UserSet[] } | { level: 'groups'; orgs: Sql } | { level: 'users'; members: Sql | null }
);

function levelSource(db: Db, settings: AnalyticsSettings, level: UsersLevel, set: UserSet | null): LevelSource {
  if (level === 'segments') return { level, sets: topLevelSets(settings), keyOf: String };
  if (level === 'groups') return { level, orgs: organizationsSql(settings, db.dialect), keyOf: (rowKey) => `group:${Number(rowKey)}` };
  return { level, members: set!.kind === 'all' ? null : memberSql(set!), keyOf: (rowKey) => `user:${Number(rowKey)}` };
}

/** Columns of a row and of the total, as the statement returns them (time on site in µs). */
const ROW_COLUMNS = ['num_users', 'num_users_added', ...SUM_COUNTERS, 'time_on_site_us'] as const;

interface AggregateOptions {
  range: DateRange;
  /** Leave administrators, moderators and superusers out of rows and totals. */
  excludeStaff: boolean;
  query?: string;
  sort: UsersSortField | null;
  desc: boolean;
  offset: number;
  limit: number;
  /** Restrict the listed rows (not the total) to these row keys (`row_key`). */
  onlyRowKeys?: unknown[];
}

interface AggregateResult {
  rows: Array<{ rowKey: unknown; name: string; metrics: Metrics }>;
  total: Metrics;
  rowCount: number;
}

/**
 * The users' own values, one row each: `columns` (ROW_COLUMNS) from `from` (`u` auth_user, `pr` its
 * profile, the sums' parts joined) for the `people` counted, after the sums' `ctes`.
 */
interface UserValues {
  ctes: Sql[];
  columns: Sql;
  from: Sql;
  people: Sql;
}

function userValues(d: Dialect, o: AggregateOptions, sums: UserSumsSql): UserValues {
  const { from, to } = rangeInstants(d, o.range);
  const fromP = d.dateTimeParam(from);
  const toP = d.dateTimeParam(to);
  const notBlocked = raw(`(pr."status" IS NULL OR pr."status" <> 'b')`);
  // A user's own values: counted when joined by the range end and not blocked, added when joined within it.
  const columns = sql`CASE WHEN u."date_joined" < ${toP} AND ${notBlocked} THEN 1 ELSE 0 END AS num_users,
        CASE WHEN u."date_joined" >= ${fromP} AND u."date_joined" < ${toP} AND ${notBlocked} THEN 1 ELSE 0 END AS num_users_added,
        ${join([...SUM_COUNTERS.map((m) => sql`${sums.value(m)} AS ${raw(m)}`), sql`${sums.value('tos')} AS time_on_site_us`])}`;
  return {
    ctes: sums.ctes,
    columns,
    from: sql`"auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"${sums.joins('u."id"')}`,
    // Staff left out: they are in no row and no total, as if they were not members.
    people: o.excludeStaff ? sql`NOT ${isStaffSql(d, 'u', 'pr')}` : raw('1 = 1'),
  };
}

/** Each ROW_COLUMNS summed over the rows of `alias` (0 without rows). */
function sums(alias: string): Sql {
  return raw(ROW_COLUMNS.map((c) => `coalesce(sum(${alias}.${c}), 0) AS ${c}`).join(', '));
}

/** SQL condition: `col` contains the search text (no condition without one). */
function searchSql(d: Dialect, query: string | undefined, col: string): Sql {
  return query ? d.ilike(col, sql`${likeContains(query)}`) : raw('1 = 1');
}

/**
 * The CTEs `level_rows` (row_key, name, display_order, ROW_COLUMNS) and `level_total` (ROW_COLUMNS)
 * of the top-level sets: one flag per named segment on each user, then one pass over the users per row.
 */
function segmentRowsSql(sets: UserSet[], values: UserValues, o: AggregateOptions): Sql {
  const named = sets.filter((x) => x.kind === 'named');
  const flag = (i: number) => raw(`pu.in_segment_${i} = 1`);
  const flags = named.map((x, i) =>
    x.groupIds.length
      ? sql`, CASE WHEN EXISTS (SELECT 1 FROM "auth_user_groups" ug WHERE ug."user_id" = u."id" AND ug."group_id" IN (${list(x.groupIds)})) THEN 1 ELSE 0 END AS ${raw(`in_segment_${i}`)}`
      : raw(`, 0 AS in_segment_${i}`),
  );
  const cond = (x: UserSet): Sql =>
    x.kind === 'named'
      ? flag(named.indexOf(x))
      : x.kind === 'default' && named.length
        ? sql`NOT (${join(
            named.map((_, i) => flag(i)),
            ' OR ',
          )})`
        : raw('1 = 1');
  const q = o.query?.toLowerCase();
  const matching = sets.map((x, order) => ({ x, order })).filter(({ x }) => !q || x.name.toLowerCase().includes(q));
  const listed = o.onlyRowKeys ? matching.filter(({ x }) => o.onlyRowKeys!.includes(x.key)) : matching;
  const text = (v: string) => sql`CAST(${v} AS varchar(200))`;
  const one = ({ x, order }: { x: UserSet; order: number }) =>
    sql`SELECT ${text(x.key)} AS row_key, ${text(x.name)} AS name, ${literal(order)} AS display_order, ${sums('pu')} FROM per_user pu WHERE ${cond(x)}`;
  const rows = listed.length ? join(listed.map(one), ' UNION ALL ') : sql`SELECT * FROM (${one({ x: sets[0]!, order: 0 })}) z WHERE 1 = 0`;
  const inTotal = matching.length
    ? join(
        matching.map(({ x }) => sql`(${cond(x)})`),
        ' OR ',
      )
    : raw('1 = 0');
  return sql`WITH ${join([...values.ctes, sql`per_user AS MATERIALIZED (SELECT u."id" AS user_id, ${values.columns}${join(flags, '')} FROM ${values.from} WHERE ${values.people})`], ',\n    ')},
    level_rows AS MATERIALIZED (${rows}),
    level_total AS (SELECT ${sums('pu')} FROM per_user pu WHERE ${inTotal})`;
}

/**
 * `level_rows` and `level_total` of the organizations. They cover nearly everyone: per-user values
 * once (flagged when in a listed organization, for the total), then each organization sums its members.
 */
function organizationRowsSql(d: Dialect, orgs: Sql, values: UserValues, o: AggregateOptions): Sql {
  const inOrgs = raw(
    `CASE WHEN EXISTS (SELECT 1 FROM "auth_user_groups" ug WHERE ug."user_id" = u."id" AND ug."group_id" IN (SELECT m.row_key FROM matching_orgs m)) THEN 1 ELSE 0 END AS in_orgs`,
  );
  return sql`WITH matching_orgs AS MATERIALIZED (SELECT o.id AS row_key, o.name AS name, 0 AS display_order FROM (${orgs}) o WHERE ${searchSql(d, o.query, 'o.name')}),
    ${join([...values.ctes, sql`per_user AS MATERIALIZED (SELECT u."id" AS user_id, ${values.columns}, ${inOrgs} FROM ${values.from} WHERE ${values.people})`], ',\n    ')},
    level_rows AS MATERIALIZED (
      SELECT mo.row_key AS row_key, mo.name AS name, mo.display_order AS display_order, ${raw(ROW_COLUMNS.map((c) => `coalesce(g.${c}, 0) AS ${c}`).join(', '))}
      FROM matching_orgs mo LEFT JOIN (
        SELECT ug."group_id" AS row_key, ${sums('pu')}
        FROM "auth_user_groups" ug JOIN per_user pu ON pu.user_id = ug."user_id"
        WHERE ug."group_id" IN (SELECT m.row_key FROM matching_orgs m)
        GROUP BY ug."group_id") g ON g.row_key = mo.row_key),
    level_total AS (SELECT ${sums('pu')} FROM per_user pu WHERE pu.in_orgs = 1)`;
}

/** The ids of the CTE `members` of userRowsSql. */
const MEMBER_IDS = 'SELECT members.user_id FROM members';

/** `level_rows` and `level_total` of a row per user (the set's `members`, or everyone): the total is the sum of the rows. */
function userRowsSql(d: Dialect, members: Sql | null, values: UserValues, o: AggregateOptions): Sql {
  const ctes = [...(members ? [sql`members AS MATERIALIZED (${members})`] : []), ...values.ctes];
  return sql`WITH ${join(
    ctes.map((c) => sql`${c},`),
    '\n    ',
  )}
    level_rows AS MATERIALIZED (
      SELECT u."id" AS row_key, u."username" AS name, 0 AS display_order, ${values.columns}
      FROM ${values.from}
      WHERE ${members ? raw(`u."id" IN (${MEMBER_IDS})`) : raw('1 = 1')} AND ${values.people} AND ${searchSql(d, o.query, 'u."username"')}),
    level_total AS (SELECT ${sums('r')} FROM level_rows r)`;
}

/** ORDER BY of the rows (`r`): the sort column, then the name and the key to break ties. */
function orderBySql(o: AggregateOptions): Sql {
  const dir = o.desc ? 'DESC' : 'ASC';
  if (o.sort === null) return raw(`r.display_order ASC, lower(r.name) ASC, r.row_key ASC`);
  if (o.sort === 'name') return raw(`lower(r.name) ${dir}, r.row_key ${dir}`);
  return raw(`r.${o.sort === 'time_on_site_seconds' ? 'time_on_site_us' : o.sort} ${dir}, lower(r.name) ASC, r.row_key ASC`);
}

/**
 * After the level's CTEs: the total (part 0, with the number of rows) and the page of rows (part 1, in
 * order), in one result.
 */
function pageSql(levelCtes: Sql, src: LevelSource, o: AggregateOptions): Sql {
  const orderBy = orderBySql(o);
  const only = o.onlyRowKeys && src.level !== 'segments' ? (o.onlyRowKeys.length ? sql`r.row_key IN (${list(o.onlyRowKeys)})` : raw('1 = 0')) : raw('1 = 1');
  const columns = (alias: string) => raw(ROW_COLUMNS.map((c) => `${alias}.${c}`).join(', '));
  return sql`
    ${levelCtes}
    SELECT 0 AS part, 0 AS pos, NULL AS row_key, NULL AS name, (SELECT count(*) FROM level_rows) AS row_count, ${columns('t')} FROM level_total t
    UNION ALL
    SELECT 1 AS part, row_number() OVER (ORDER BY ${orderBy}) AS pos, r.row_key, r.name, 0 AS row_count, ${columns('r')}
    FROM (SELECT r.* FROM level_rows r WHERE ${only} ORDER BY ${orderBy} LIMIT ${o.limit} OFFSET ${o.offset}) r
    ORDER BY 1, 2`;
}

function metricsOf(r: Record<string, unknown>): Metrics {
  return {
    num_users: Number(r.num_users),
    num_users_added: Number(r.num_users_added),
    num_questions: Number(r.num_questions),
    num_answers: Number(r.num_answers),
    num_upvotes: Number(r.num_upvotes),
    num_downvotes: Number(r.num_downvotes),
    question_views: Number(r.question_views),
    time_on_site_seconds: Math.round(Number(r.time_on_site_us) / 1_000_000),
  };
}

/**
 * One statement: the page of rows, the total over the distinct members of all matching rows, and
 * the number of matching rows. Per-user sums of the range come first (user-sums.ts: monthly rollups
 * plus edge days), then each row sums its users' values.
 */
async function aggregate(db: Db, src: LevelSource, o: AggregateOptions): Promise<AggregateResult> {
  const d = db.dialect;
  // Whole months come from the monthly rollups, edge days from the daily rows (a few probes).
  const plan = await planUserSums(db, o.range);
  // A group, a named segment or one user reads only its members' summaries (by user); other levels
  // cover (nearly) everyone and read by range.
  const byMember = src.level === 'users' && src.members !== null;
  const userSums = userSumsSql(db, plan, byMember ? (col) => sql` AND ${raw(col)} IN (${raw(MEMBER_IDS)})` : undefined);
  const values = userValues(d, o, userSums);
  const levelCtes =
    src.level === 'segments'
      ? segmentRowsSql(src.sets, values, o)
      : src.level === 'groups'
        ? organizationRowsSql(d, src.orgs, values, o)
        : userRowsSql(d, src.members, values, o);
  const got = await db.all<Record<string, unknown>>(pageSql(levelCtes, src, o));
  const totalRow = got.find((r) => Number(r.part) === 0)!;
  const pageRows = got.filter((r) => Number(r.part) === 1);
  return {
    total: metricsOf(totalRow),
    rows: pageRows.map((r) => ({ rowKey: r.row_key, name: String(r.name), metrics: metricsOf(r) })),
    rowCount: Number(totalRow.row_count),
  };
}

interface LevelChoice {
  level: UsersLevel;
  set: UserSet | null;
  breadcrumbs: Breadcrumb[];
}

/** Which level a segment key opens, and the breadcrumbs leading to it. */
async function chooseLevel(db: Db, settings: AnalyticsSettings, segment: string | undefined): Promise<LevelChoice> {
  const named = hasNamedSegments(settings);
  const def = defaultSegment(settings);
  // Without named segments the top is the list of organizations (All Users opens level 2 directly).
  const root: Breadcrumb = named ? { label: 'Segments', segment: null } : { label: ALL_USERS_NAME, segment: null };
  const key = segment?.trim();
  if (!key) return { level: named ? 'segments' : 'groups', set: null, breadcrumbs: [root] };
  const set = await resolveUserSet(db, settings, key);
  if (!named && (set.kind === 'all' || set.kind === 'default')) return { level: 'groups', set: null, breadcrumbs: [root] };
  if (set.kind === 'default') return { level: 'groups', set: null, breadcrumbs: [root, { label: def.name, segment: def.slug }] };
  if (set.kind === 'all' || set.kind === 'named') return { level: 'users', set, breadcrumbs: [root, { label: set.name, segment: set.key }] };
  if (set.kind === 'group') {
    const owner = settings.ASKBOT_ANALYTICS_NAMED_SEGMENTS.find((s) => s.group_ids.includes(set.id));
    const parent: Breadcrumb[] = !named ? [] : owner ? [{ label: owner.name, segment: owner.slug }] : [{ label: def.name, segment: def.slug }];
    return { level: 'users', set, breadcrumbs: [root, ...parent, { label: set.name, segment: set.key }] };
  }
  return { level: 'users', set, breadcrumbs: [root, { label: set.name, segment: set.key }] };
}

function parseSort(sort: string | undefined, level: UsersLevel): UsersSortField | null {
  if (sort === undefined || sort === '') return defaultUsersSort(level);
  if ((USERS_SORT_FIELDS as readonly string[]).includes(sort)) return sort as UsersSortField;
  throw new AppError('INVALID_INPUT', `cannot sort by "${sort}": expected one of ${USERS_SORT_FIELDS.join(', ')}`);
}

function parseOrder(order: string | undefined, sort: UsersSortField | null): boolean {
  if (order === undefined || order === '') return defaultUsersOrder(sort) === 'desc';
  if (order === 'asc' || order === 'desc') return order === 'desc';
  throw new AppError('INVALID_INPUT', `order "${order}" is not asc or desc`);
}

function parsePage(page: number | undefined): number {
  if (page === undefined) return 1;
  if (!Number.isInteger(page) || page < 1) throw new AppError('INVALID_INPUT', `page must be a whole number from 1 (got ${String(page)})`);
  return page;
}

function parseQuery(query: string | undefined): string | undefined {
  const q = query?.trim();
  if (!q) return undefined;
  return checkText(q, 'search text', 200);
}

const NULL_USER_COUNTS = { num_users: null, num_users_added: null } as const;

export function compareMetrics(current: Metrics, previous: Metrics): MetricsComparison {
  const change = {} as Metrics;
  const pct = {} as Metrics;
  for (const m of USER_METRICS) {
    const c = current[m];
    const p = previous[m];
    change[m] = c === null || p === null ? null : c - p;
    pct[m] = c === null || p === null || p === 0 ? null : Math.round(((c - p) / p) * 1000) / 10;
  }
  return { previous, change, change_pct: pct };
}

/** The Users view at the level `segment` opens (DESIGN.md §8), one page of rows plus the total. */
export async function reportUsers(db: Db, settings: AnalyticsSettings, q: UsersQuery = {}): Promise<UsersReport> {
  const range = await resolveReportRange(db, q.dates, q.now);
  const choice = await chooseLevel(db, settings, q.segment);
  const sort = parseSort(q.sort, choice.level);
  const desc = parseOrder(q.order, sort);
  const page = parsePage(q.page);
  const size = q.pageSize ?? PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > 10_000)
    throw new AppError('INVALID_INPUT', `pageSize must be a whole number from 1 to 10000 (got ${String(size)})`);
  const query = parseQuery(q.query);
  const src = levelSource(db, settings, choice.level, choice.set);
  const excludeStaff = settings.EXCLUDE_STAFF;
  const cur = await aggregate(db, src, { range, excludeStaff, query, sort, desc, offset: (page - 1) * size, limit: size });
  const pages = Math.max(1, Math.ceil(cur.rowCount / size));
  if (page > pages) throw new AppError('INVALID_INPUT', `page ${page} is past the last page (${pages})`);
  const isUsers = choice.level === 'users';
  const rows: UsersRow[] = cur.rows.map((r) => ({
    key: src.keyOf(r.rowKey),
    name: r.name,
    ...r.metrics,
    ...(isUsers ? NULL_USER_COUNTS : {}),
  }));
  const segment = q.segment?.trim() || null;
  const report: UsersReport = {
    level: choice.level,
    segment,
    range,
    rows,
    total: { key: segment ?? ALL_USERS, name: 'Total', ...cur.total },
    row_count: cur.rowCount,
    page,
    pages,
    breadcrumbs: choice.breadcrumbs,
    excludeStaff,
  };
  if (q.compare) {
    const prevRange = previousPeriod(range);
    const prev = await aggregate(db, src, {
      range: prevRange,
      excludeStaff,
      query,
      sort,
      desc,
      offset: 0,
      limit: Math.max(1, cur.rows.length),
      onlyRowKeys: cur.rows.map((r) => r.rowKey),
    });
    const byKey = new Map(prev.rows.map((r) => [src.keyOf(r.rowKey), r.metrics]));
    report.compare = {
      range: prevRange,
      rows: rows.map((r) => {
        const before = { ...byKey.get(r.key)!, ...(isUsers ? NULL_USER_COUNTS : {}) };
        return { key: r.key, ...compareMetrics(r, before) };
      }),
      total: compareMetrics(cur.total, prev.total),
    };
  }
  return report;
}

// The Users drill-down (DESIGN.md §8): level 1 segments, level 2 organizations, level 3 users, each
// with the counters of the range summed per user (monthly rollups plus edge days, user-sums.ts; the
// same sums as the per-user daily summaries). Rows that stand for a set
// of users (a segment, a group, All) sum over the distinct members, so a user in two groups counts
// once; Askbot's views instead add group rows and count such users twice.
import { AppError } from '../errors';
import { checkText } from '../input';
import { likeContains } from '../db/dialect';
import type { Db } from '../db/types';
import { defaultSegment, type AnalyticsSettings } from '../settings';
import { previousPeriod, rangeInstants, type DateRange } from './dates';
import { resolveReportRange, type NowInput } from './report-range';
import {
  ALL_USERS,
  ALL_USERS_NAME,
  Params,
  hasNamedSegments,
  isStaffSql,
  memberSql,
  organizationsSql,
  resolveUserSet,
  topLevelSets,
  type UserSet,
} from './segments';
import { SUM_COUNTERS, planUserSums, userSumsSql } from './user-sums';
import { defaultUsersOrder, defaultUsersSort } from '../../../src-shared/users-sort';
import type { Breadcrumb, Metrics, MetricsComparison, UserMetric, UsersComparison, UsersLevel, UsersReport, UsersRow } from '../types/reports';

export type { Breadcrumb, Metrics, MetricsComparison, UserMetric, UsersComparison, UsersLevel, UsersReport, UsersRow };

export const PAGE_SIZE = 20;

export const USER_METRICS = [
  'num_users',
  'num_users_added',
  'num_questions',
  'num_answers',
  'num_upvotes',
  'num_downvotes',
  'question_views',
  'time_on_site_seconds',
] as const satisfies readonly UserMetric[];
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
type LevelSource = { params: readonly unknown[]; keyOf: (rk: unknown) => string } & (
  | { level: 'segments'; sets: UserSet[] }
  | { level: 'groups'; orgsSql: string }
  | { level: 'users'; membersSql: string | null }
);

function levelSource(db: Db, settings: AnalyticsSettings, level: UsersLevel, set: UserSet | null): LevelSource {
  const p = new Params();
  if (level === 'segments') return { level, sets: topLevelSets(settings), params: [], keyOf: String };
  if (level === 'groups') {
    return { level, orgsSql: organizationsSql(settings, db.dialect, p), params: p.values, keyOf: (rk) => `group:${Number(rk)}` };
  }
  const membersSql = set!.kind === 'all' ? null : memberSql(set!, p);
  return { level, membersSql, params: p.values, keyOf: (rk) => `user:${Number(rk)}` };
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
  /** Restrict the listed rows (not the total) to these row keys (`rk`). */
  onlyRks?: unknown[];
}

interface AggregateResult {
  rows: Array<{ rk: unknown; name: string; metrics: Metrics }>;
  total: Metrics;
  rowCount: number;
}

/**
 * One statement: the page of rows, the total over the distinct members of all matching rows, and
 * the number of matching rows. Per-user sums of the range come first (`act`, user-sums.ts: monthly
 * rollups plus edge days), then each row sums its users' values.
 */
async function aggregate(db: Db, src: LevelSource, o: AggregateOptions): Promise<AggregateResult> {
  const d = db.dialect;
  // Whole months come from the monthly rollups, edge days from the daily rows (a few probes).
  const plan = await planUserSums(db, o.range);
  // The level's SQL was built first with its own parameters: continue numbering after them.
  const p = Params.startingWith(src.params);
  const { from, to } = rangeInstants(d, o.range);
  const fromP = p.add(d.dateTimeParam(from));
  const toP = p.add(d.dateTimeParam(to));
  const dir = o.desc ? 'DESC' : 'ASC';
  const orderBy =
    o.sort === null
      ? `r.ord ASC, lower(r.name) ASC, r.rk ASC`
      : o.sort === 'name'
        ? `lower(r.name) ${dir}, r.rk ${dir}`
        : `r.${o.sort === 'time_on_site_seconds' ? 'time_on_site_us' : o.sort} ${dir}, lower(r.name) ASC, r.rk ASC`;
  // Built lazily: PostgreSQL rejects parameters a statement does not use.
  const search = (col: string) => (o.query ? d.ilike(col, p.add(likeContains(o.query))) : '1 = 1');
  const onlySql = () => (o.onlyRks && src.level !== 'segments' ? (o.onlyRks.length ? `r.rk IN (${p.list(o.onlyRks)})` : '1 = 0') : '1 = 1');
  // A group, a named segment or one user reads only its members' summaries (by user); other levels
  // cover (nearly) everyone and read by range.
  const members = src.level === 'users' && src.membersSql !== null ? `SELECT mem.user_id FROM mem` : null;
  const acts = userSumsSql(db, p, plan, members ? (col) => ` AND ${col} IN (${members})` : undefined);
  const notBlocked = `(pr."status" IS NULL OR pr."status" <> 'b')`;
  // A user's own values: counted when joined by the range end and not blocked, added when joined within it.
  const userCols = `CASE WHEN u."date_joined" < ${toP} AND ${notBlocked} THEN 1 ELSE 0 END AS num_users,
        CASE WHEN u."date_joined" >= ${fromP} AND u."date_joined" < ${toP} AND ${notBlocked} THEN 1 ELSE 0 END AS num_users_added,
        ${[...SUM_COUNTERS.map((m) => `${acts.value(m)} AS ${m}`), `${acts.value('tos')} AS time_on_site_us`].join(', ')}`;
  const userJoins = `"auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"${acts.joins('u."id"')}`;
  // Staff left out: they are in no row and no total, as if they were not members.
  const people = o.excludeStaff ? `NOT ${isStaffSql(d, 'u', 'pr')}` : '1 = 1';
  const sums = (alias: string) => ROW_COLUMNS.map((c) => `coalesce(sum(${alias}.${c}), 0) AS ${c}`).join(', ');
  let head: string;
  if (src.level === 'segments') {
    // One flag per named segment on each user, then one pass over the users per row.
    const named = src.sets.filter((x) => x.kind === 'named');
    const flags = named.map((x, i) =>
      x.groupIds.length
        ? `, CASE WHEN EXISTS (SELECT 1 FROM "auth_user_groups" ug WHERE ug."user_id" = u."id" AND ug."group_id" IN (${p.list(x.groupIds)})) THEN 1 ELSE 0 END AS f${i}`
        : `, 0 AS f${i}`,
    );
    const cond = (x: UserSet) =>
      x.kind === 'named'
        ? `pu.f${named.indexOf(x)} = 1`
        : x.kind === 'default' && named.length
          ? `NOT (${named.map((_, i) => `pu.f${i} = 1`).join(' OR ')})`
          : '1 = 1';
    const q = o.query?.toLowerCase();
    const matching = src.sets.map((x, ord) => ({ x, ord })).filter(({ x }) => !q || x.name.toLowerCase().includes(q));
    const listed = o.onlyRks ? matching.filter(({ x }) => o.onlyRks!.includes(x.key)) : matching;
    const text = (v: string) => `CAST(${p.add(v)} AS varchar(200))`;
    const one = ({ x, ord }: { x: UserSet; ord: number }) =>
      `SELECT ${text(x.key)} AS rk, ${text(x.name)} AS name, ${ord} AS ord, ${sums('pu')} FROM per_user pu WHERE ${cond(x)}`;
    const rowsSql = listed.length ? listed.map(one).join(' UNION ALL ') : `SELECT * FROM (${one({ x: src.sets[0]!, ord: 0 })}) z WHERE 1 = 0`;
    const totWhere = matching.length ? matching.map(({ x }) => `(${cond(x)})`).join(' OR ') : '1 = 0';
    head = `WITH ${[...acts.ctes, `per_user AS MATERIALIZED (SELECT u."id" AS user_id, ${userCols}${flags.join('')} FROM ${userJoins} WHERE ${people})`].join(',\n    ')},
    rows_ AS MATERIALIZED (${rowsSql}),
    tot AS (SELECT ${sums('pu')} FROM per_user pu WHERE ${totWhere})`;
  } else if (src.level === 'groups') {
    // Organizations cover nearly everyone: per-user values once (flagged when in a listed
    // organization, for the total), then each organization sums its members.
    const inOrgs = `CASE WHEN EXISTS (SELECT 1 FROM "auth_user_groups" ug WHERE ug."user_id" = u."id" AND ug."group_id" IN (SELECT m.rk FROM matching m)) THEN 1 ELSE 0 END AS in_orgs`;
    head = `WITH matching AS MATERIALIZED (SELECT o.id AS rk, o.name AS name, 0 AS ord FROM (${src.orgsSql}) o WHERE ${search('o.name')}),
    ${[...acts.ctes, `per_user AS MATERIALIZED (SELECT u."id" AS user_id, ${userCols}, ${inOrgs} FROM ${userJoins} WHERE ${people})`].join(',\n    ')},
    rows_ AS MATERIALIZED (
      SELECT d.rk AS rk, d.name AS name, d.ord AS ord, ${ROW_COLUMNS.map((c) => `coalesce(g.${c}, 0) AS ${c}`).join(', ')}
      FROM matching d LEFT JOIN (
        SELECT ug."group_id" AS rk, ${sums('pu')}
        FROM "auth_user_groups" ug JOIN per_user pu ON pu.user_id = ug."user_id"
        WHERE ug."group_id" IN (SELECT m.rk FROM matching m)
        GROUP BY ug."group_id") g ON g.rk = d.rk),
    tot AS (SELECT ${sums('pu')} FROM per_user pu WHERE pu.in_orgs = 1)`;
  } else {
    // A row per user: the total is the sum of the matching rows.
    head = `WITH ${[...(members ? [`mem AS MATERIALIZED (${src.membersSql})`] : []), ...acts.ctes].map((c) => `${c},`).join('\n    ')}
    rows_ AS MATERIALIZED (
      SELECT u."id" AS rk, u."username" AS name, 0 AS ord, ${userCols}
      FROM ${userJoins}
      WHERE ${members ? `u."id" IN (${members})` : '1 = 1'} AND ${people} AND ${search('u."username"')}),
    tot AS (SELECT ${sums('r')} FROM rows_ r)`;
  }
  const sql = `
    ${head}
    SELECT 0 AS part, 0 AS pos, NULL AS rk, NULL AS name, (SELECT count(*) FROM rows_) AS row_count, ${ROW_COLUMNS.map((c) => `t.${c}`).join(', ')} FROM tot t
    UNION ALL
    SELECT 1 AS part, row_number() OVER (ORDER BY ${orderBy}) AS pos, r.rk, r.name, 0 AS row_count, ${ROW_COLUMNS.map((c) => `r.${c}`).join(', ')}
    FROM (SELECT r.* FROM rows_ r WHERE ${onlySql()} ORDER BY ${orderBy} LIMIT ${p.add(o.limit)} OFFSET ${p.add(o.offset)}) r
    ORDER BY 1, 2`;
  const got = await db.all<Record<string, unknown>>(sql, p.values);
  const metricsOf = (r: Record<string, unknown>): Metrics => ({
    num_users: Number(r.num_users),
    num_users_added: Number(r.num_users_added),
    num_questions: Number(r.num_questions),
    num_answers: Number(r.num_answers),
    num_upvotes: Number(r.num_upvotes),
    num_downvotes: Number(r.num_downvotes),
    question_views: Number(r.question_views),
    time_on_site_seconds: Math.round(Number(r.time_on_site_us) / 1_000_000),
  });
  const totalRow = got.find((r) => Number(r.part) === 0)!;
  const pageRows = got.filter((r) => Number(r.part) === 1);
  return {
    total: metricsOf(totalRow),
    rows: pageRows.map((r) => ({ rk: r.rk, name: String(r.name), metrics: metricsOf(r) })),
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
  if (!Number.isInteger(size) || size < 1 || size > 10_000) throw new AppError('INVALID_INPUT', `pageSize must be a whole number from 1 to 10000 (got ${String(size)})`);
  const query = parseQuery(q.query);
  const src = levelSource(db, settings, choice.level, choice.set);
  const excludeStaff = settings.EXCLUDE_STAFF;
  const cur = await aggregate(db, src, { range, excludeStaff, query, sort, desc, offset: (page - 1) * size, limit: size });
  const pages = Math.max(1, Math.ceil(cur.rowCount / size));
  if (page > pages) throw new AppError('INVALID_INPUT', `page ${page} is past the last page (${pages})`);
  const isUsers = choice.level === 'users';
  const rows: UsersRow[] = cur.rows.map((r) => ({
    key: src.keyOf(r.rk),
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
      onlyRks: cur.rows.map((r) => r.rk),
    });
    const byKey = new Map(prev.rows.map((r) => [src.keyOf(r.rk), r.metrics]));
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



// The Users drill-down (DESIGN.md §8): level 1 segments, level 2 organizations, level 3 users, each
// with the counters of the range summed from the per-user daily summaries. Rows that stand for a set
// of users (a segment, a group, All) sum over the distinct members, so a user in two groups counts
// once; Askbot's views instead add group rows and count such users twice.
import { AppError } from '../errors';
import { likeContains } from '../db/dialect';
import type { Db } from '../db/types';
import { defaultSegment, type AnalyticsSettings } from '../settings';
import { daysInRange, previousPeriod, rangeInstants, type DateRange } from './dates';
import { resolveReportRange, type NowInput } from './report-range';
import {
  ALL_USERS,
  ALL_USERS_NAME,
  Params,
  hasNamedSegments,
  memberSql,
  organizationsSql,
  resolveUserSet,
  topLevelSets,
  type UserSet,
} from './segments';
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
 * What a level lists: the SQL of its rows `(rk, name, ord)` and of their members `(rk, user_id)`,
 * each pair once (named segments use DISTINCT; group memberships are unique pairs).
 */
interface LevelSource {
  level: UsersLevel;
  defsSql: string;
  membersSql: string;
  params: readonly unknown[];
  keyOf: (rk: unknown) => string;
  /** Level 1 lists these sets (computed with per-user flags instead of member lists). */
  segmentSets?: UserSet[];
  /** The members are a small part of the users: read their summaries by user. */
  narrow: boolean;
}

function levelSource(db: Db, settings: AnalyticsSettings, level: UsersLevel, set: UserSet | null): LevelSource {
  const p = new Params();
  if (level === 'segments') {
    return { level, defsSql: '', membersSql: '', params: [], keyOf: String, segmentSets: topLevelSets(settings), narrow: false };
  }
  if (level === 'groups') {
    const orgs = organizationsSql(settings, db.dialect, p);
    return {
      level,
      defsSql: `SELECT o.id AS rk, o.name AS name, 0 AS ord FROM (${orgs}) o`,
      membersSql: `SELECT ug."group_id" AS rk, ug."user_id" AS user_id FROM "auth_user_groups" ug WHERE ug."group_id" IN (SELECT o2.id FROM (${organizationsSql(settings, db.dialect, p)}) o2)`,
      params: p.values,
      keyOf: (rk) => `group:${Number(rk)}`,
      narrow: false,
    };
  }
  return {
    level,
    defsSql: `SELECT u."id" AS rk, u."username" AS name, 0 AS ord FROM "auth_user" u WHERE u."id" IN (SELECT s.user_id FROM (${memberSql(set!, p)}) s)`,
    membersSql: `SELECT d0.rk AS rk, d0.rk AS user_id FROM defs d0`,
    params: p.values,
    keyOf: (rk) => `user:${Number(rk)}`,
    narrow: set!.kind === 'group' || set!.kind === 'named' || set!.kind === 'user',
  };
}

const SUM_COLUMNS: ReadonlyArray<readonly [UserMetric, string]> = [
  ['num_questions', 'num_questions'],
  ['num_answers', 'num_answers'],
  ['num_upvotes', 'num_upvotes'],
  ['num_downvotes', 'num_downvotes'],
  ['question_views', 'question_views'],
];

interface AggregateOptions {
  range: DateRange;
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

/** One statement: the page of rows and the total over the distinct members of all matching rows. */
async function aggregate(db: Db, src: LevelSource, o: AggregateOptions): Promise<AggregateResult> {
  const d = db.dialect;
  // The level's SQL was built first with its own parameters: continue numbering after them.
  const p = Params.startingWith(src.params);
  const { from, to } = rangeInstants(d, o.range);
  const start = p.add(d.dateParam(o.range.start));
  const end = p.add(d.dateParam(o.range.end));
  const fromP = p.add(d.dateTimeParam(from));
  const toP = p.add(d.dateTimeParam(to));
  // Built lazily: PostgreSQL rejects parameters a statement does not use.
  const filterSql = () => (o.query ? d.ilike('d.name', p.add(likeContains(o.query))) : '1 = 1');
  const onlySql = () => (o.onlyRks ? (o.onlyRks.length ? `d.rk IN (${p.list(o.onlyRks)})` : '1 = 0') : '1 = 1');
  const dir = o.desc ? 'DESC' : 'ASC';
  const orderBy =
    o.sort === null
      ? `r.ord ASC, lower(r.name) ASC, r.rk ASC`
      : o.sort === 'name'
        ? `lower(r.name) ${dir}, r.rk ${dir}`
        : `r.${o.sort === 'time_on_site_seconds' ? 'time_on_site_us' : o.sort} ${dir}, lower(r.name) ASC, r.rk ASC`;
  const sums = SUM_COLUMNS.map(([m, c]) => `sum(s."${c}") AS ${m}`).join(', ');
  const sumOf = (alias: string) => [...SUM_COLUMNS.map(([m]) => `coalesce(sum(${alias}.${m}), 0) AS ${m}`), `coalesce(sum(${alias}.tos), 0) AS time_on_site_us`].join(', ');
  // Segments, organizations, All and the default segment cover (nearly) every user: scanning the
  // range beats probing per member. A group, a named segment or one user is probed by user.
  const narrow = src.narrow;
  // Over a long range most summary rows qualify: walking the (user_id, date, …) covering index
  // aggregates in user order without a sort; a short range is cheaper through (date, …).
  const dateCol = !narrow && daysInRange(o.range) > 62 ? d.unindexed('s."date"') : 's."date"';
  const perUserCols = (extra: string) => `
      SELECT u."id" AS user_id,
        CASE WHEN u."date_joined" < ${toP} AND (pr."status" IS NULL OR pr."status" <> 'b') THEN 1 ELSE 0 END AS counted,
        CASE WHEN u."date_joined" >= ${fromP} AND u."date_joined" < ${toP} AND (pr."status" IS NULL OR pr."status" <> 'b') THEN 1 ELSE 0 END AS added,
        ${[...SUM_COLUMNS.map(([m]) => `coalesce(a.${m}, 0) AS ${m}`), 'coalesce(a.tos, 0) AS tos'].join(', ')}${extra}
      FROM "auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id" LEFT JOIN act a ON a.user_id = u."id"`;
  // Durations are summed in storage form and converted once per user: on PostgreSQL, converting
  // each interval to microseconds goes through numeric arithmetic and dominated the query.
  const actSql = (memberFilter: string) => `
    act AS MATERIALIZED (
      SELECT s."user_id" AS user_id, ${sums}, ${d.durationMicros('sum(s."time_on_site")')} AS tos
      FROM "askbot_dailyusersummary" s
      WHERE ${dateCol} >= ${start} AND ${dateCol} <= ${end}${memberFilter}
      GROUP BY s."user_id")`;
  const rowSums = `coalesce(sum(pu.counted), 0) AS num_users, coalesce(sum(pu.added), 0) AS num_users_added, ${sumOf('pu')}`;
  let head: string;
  let totWhere: string;
  if (src.segmentSets) {
    // Level 1: one flag per named segment on each user, then one pass over the users per row. Rows
    // overlap (All holds everyone), so a member list per row would be as long as several user tables.
    const sets = src.segmentSets;
    const named = sets.filter((x) => x.kind === 'named');
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
    const matching = sets.map((x, ord) => ({ x, ord })).filter(({ x }) => !q || x.name.toLowerCase().includes(q));
    const listed = o.onlyRks ? matching.filter(({ x }) => o.onlyRks!.includes(x.key)) : matching;
    const text = (v: string) => `CAST(${p.add(v)} AS varchar(200))`;
    const one = ({ x, ord }: { x: UserSet; ord: number }) =>
      `SELECT ${text(x.key)} AS rk, ${text(x.name)} AS name, ${ord} AS ord, ${rowSums} FROM per_user pu WHERE ${cond(x)}`;
    const rowsSql = listed.length ? listed.map(one).join(' UNION ALL ') : `SELECT * FROM (${one({ x: sets[0]!, ord: 0 })}) z WHERE 1 = 0`;
    head = `WITH ${actSql('')},
    per_user AS MATERIALIZED (${perUserCols(flags.join(''))}),
    rows_ AS MATERIALIZED (${rowsSql}),`;
    totWhere = matching.length ? matching.map(({ x }) => `(${cond(x)})`).join(' OR ') : '1 = 0';
  } else {
    head = `WITH defs AS MATERIALIZED (${src.defsSql}),
    mem AS MATERIALIZED (SELECT m0.rk AS rk, m0.user_id AS user_id FROM (${src.membersSql}) m0),
    ${actSql(narrow ? ' AND s."user_id" IN (SELECT mem.user_id FROM mem)' : '')},
    per_user AS MATERIALIZED (${perUserCols('')}
      ${narrow ? 'WHERE u."id" IN (SELECT mem.user_id FROM mem)' : ''}),
    matching AS MATERIALIZED (SELECT d.rk, d.name, d.ord FROM defs d WHERE ${filterSql()}),
    rows_ AS MATERIALIZED (
      SELECT d.rk AS rk, d.name AS name, d.ord AS ord, ${rowSums}
      FROM matching d LEFT JOIN mem m ON m.rk = d.rk
        LEFT JOIN per_user pu ON pu.user_id = m.user_id
      WHERE ${onlySql()}
      GROUP BY d.rk, d.name, d.ord),`;
    totWhere = `pu.user_id IN (SELECT m.user_id FROM mem m JOIN matching d ON d.rk = m.rk)`;
  }
  const lo = p.add(o.offset);
  const hi = p.add(o.offset + o.limit);
  const sql = `
    ${head}
    numbered AS (SELECT r.*, row_number() OVER (ORDER BY ${orderBy}) AS pos FROM rows_ r),
    tot AS (SELECT ${rowSums} FROM per_user pu WHERE ${totWhere})
    SELECT 0 AS part, 0 AS pos, NULL AS rk, NULL AS name, (SELECT count(*) FROM rows_) AS row_count, t.* FROM tot t
    UNION ALL
    SELECT 1 AS part, n.pos, n.rk, n.name, 0 AS row_count, n.num_users, n.num_users_added, ${[...SUM_COLUMNS.map(([m]) => `n.${m}`), 'n.time_on_site_us'].join(', ')}
    FROM numbered n WHERE n.pos > ${lo} AND n.pos <= ${hi}
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
  if (sort === undefined || sort === '') return level === 'segments' ? null : 'name';
  if ((USERS_SORT_FIELDS as readonly string[]).includes(sort)) return sort as UsersSortField;
  throw new AppError('INVALID_INPUT', `cannot sort by "${sort}": expected one of ${USERS_SORT_FIELDS.join(', ')}`);
}

function parseOrder(order: string | undefined, sort: UsersSortField | null): boolean {
  if (order === undefined || order === '') return sort !== null && sort !== 'name'; // counters: largest first
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
  if (q.length > 200) throw new AppError('INVALID_INPUT', 'search text is longer than 200 characters');
  return q;
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
  const cur = await aggregate(db, src, { range, query, sort, desc, offset: (page - 1) * size, limit: size });
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
  };
  if (q.compare) {
    const prevRange = previousPeriod(range);
    const prev = await aggregate(db, src, {
      range: prevRange,
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



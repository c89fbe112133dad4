// The Overview (issue 14): is the forum growing, are questions answered, do new members stay? For a
// date range and any users segment, every figure beside the previous period's (the same number of
// days just before), a chart, and the top askers, answerers and most-viewed questions.
//
// Who counts: the segment's members, not blocked (status `b`), and not staff when the profile's
// EXCLUDE_STAFF is on (segments.ts, countedUsersSql). Activity comes from the compiled summaries in
// bucket-zone days: a user is active on a day when the day's askbot_dailyusersummary row has a positive
// counter or time on site; sums come from the monthly rollups plus edge days (user-sums.ts). Answering
// health comes from the forum's own tables (askbot_post, askbot_thread; questions.ts), most-viewed
// questions from the question-viewed events. Each part is one set-based statement covering the range
// and its previous period where it can; no loops over users or rows.
import { code, join, literal, raw, sql, type Sql, type SqlCode } from '../db/sql';
import type { Db } from '../db/types';
import type { Dialect } from '../db/dialect';
import type { AnalyticsSettings } from '../settings';
import { addDays, dayNumberOf, daysInRange, previousPeriod, type DateRange } from './dates';
import { resolveReportRange, type NowInput } from './report-range';
import { ALL_USERS, countedUsersSql, fewMembers, leftOutNote, leftOutUsersSql, resolveUserSet, type UserSet } from './segments';
import { ACTIVE_DAYS_TABLE, activeDaySql, activeDaysExist } from '../derived/active-days';
import { bucketStarts, granularityFor } from './series';
import { planUserSums, spansSql, type Span } from './user-sums';
import { MONTHLY_TABLE } from '../derived/monthly-rollups';
import { inSubquery } from '../db/sql-parts';
import { healthParts, type HealthPart } from './overview-health';
import { TOP_N, topQuestions } from './overview-top-questions';
import { bucketSql, intParam, monthNumberOf } from './overview-buckets';
import { ACTIVATION_DAYS, membersParts, type MembersPart } from './overview-members';
import { topAskersAnswerers, type TopUserRow } from './overview-top-users';
import type { OverviewScope } from './overview-scope';
import {
  OVERVIEW_FIGURES,
  type Figure,
  type Granularity,
  type OverviewFigureKey,
  type OverviewPoint,
  type OverviewReport,
  type ReportLink,
} from '../types/reports';

export { OVERVIEW_FIGURES };
export type { Figure, OverviewFigureKey, OverviewPoint, OverviewReport };

export { ACTIVATION_DAYS, TOP_N, dayNumberOf, monthNumberOf };

export interface OverviewQuery {
  segment?: string;
  dates?: string;
  now?: NowInput;
}

type Values = Record<OverviewFigureKey, number | null>;

/** The CTEs of the users a statement counts, or of those it subtracts, and their ids. */
const COUNTED_USERS = 'counted_users';
const COUNTED_USER_IDS = raw(`SELECT ${COUNTED_USERS}.user_id FROM ${COUNTED_USERS}`);
const LEFT_OUT = 'left_out';

/** `WITH`'s definition of the CTE `counted_users` (countedUsersSql). */
function countedUsersCte(set: UserSet, settings: AnalyticsSettings, d: Dialect): Sql {
  return sql`${raw(COUNTED_USERS)} AS MATERIALIZED (${countedUsersSql(set, settings, d)})`;
}

/** `WITH`'s definition of the CTE `left_out` (leftOutUsersSql). */
function leftOutCte(settings: AnalyticsSettings, d: Dialect): Sql {
  return sql`${raw(LEFT_OUT)} AS MATERIALIZED (${leftOutUsersSql(settings, d)})`;
}

/**
 * SQL condition: the daily row `s` belongs to a left-out user (the CTE `left_out`), found by user on the
 * active rows' (user_id, date) index. PostgreSQL is handed the users as a list: joining the CTE, it
 * planned (17, after a full compile) a scan of all 275k daily rows of two periods hashed against 400
 * users (activity, sums and chart: ~300 + 200 + 100 ms instead of ~30 + 15 + 15).
 */
function leftOutRowsOf(d: Dialect, s: string): Sql {
  return inSubquery(d, `${s}."user_id"`, `SELECT ${LEFT_OUT}.user_id FROM ${LEFT_OUT}`);
}

/**
 * The user column of a daily row or rollup `t` as the segment's filter: an index key for a set of few
 * members (read user by user), else not (read by date; SQLite, see fewMembers).
 */
function popUser(d: Dialect, few: boolean, t: string): Sql {
  return few ? raw(`${t}."user_id"`) : d.unindexed(`${t}."user_id"`);
}

/** SQL condition: the row `t` is of a counted user (the CTE `counted_users`). */
function ofCountedUser(d: Dialect, few: boolean, t: string): Sql {
  return sql`${popUser(d, few, t)} IN (${COUNTED_USER_IDS})`;
}

/**
 * SQL relations over the active (user, day) rows from `lo` to `hi` (dates): CTEs, and rows
 * (dn: day number, prev: the user's previous active day number or NULL, w: users the row counts).
 * Live: the counted users' rows, prev by lag() (one sort of every row). Compiled (all users, from
 * aac_dailyactiveusers): every user's rows summed by (day, gap), less the left-out users' own rows.
 * Both give the same figures: a prev earlier than `lo` changes nothing once clipped to a period
 * starting 29 days after `lo`.
 */
function activeRows(d: Dialect, set: UserSet, settings: AnalyticsSettings, compiled: boolean, few: boolean, lo: string, hi: string): { ctes: Sql; rows: Sql } {
  const userRows = (users: Sql) => sql`
    SELECT x.dn AS dn, lag(x.dn) OVER (PARTITION BY x.user_id ORDER BY x.dn) AS prev
    FROM (SELECT s."user_id" AS user_id, ${d.dayNumber('s."date"')} AS dn FROM "askbot_dailyusersummary" s
          WHERE s."date" >= ${d.dateParam(lo)} AND s."date" <= ${d.dateParam(hi)} AND ${activeDaySql(d, 's')} AND ${users}) x`;
  if (!compiled) {
    return { ctes: countedUsersCte(set, settings, d), rows: sql`SELECT y.dn, y.prev, 1 AS w FROM (${userRows(ofCountedUser(d, few, 's'))}) y` };
  }
  const dn = d.dayNumber('g."date"');
  return {
    ctes: leftOutCte(settings, d),
    rows: sql`SELECT ${dn} AS dn, CASE WHEN g."gap" = 0 THEN NULL ELSE ${dn} - g."gap" END AS prev, g."users" AS w
      FROM ${ACTIVE_DAYS} g WHERE g."date" >= ${d.dateParam(lo)} AND g."date" <= ${d.dateParam(hi)}
      UNION ALL
      SELECT y.dn, y.prev, -1 FROM (${userRows(leftOutRowsOf(d, 's'))}) y`,
  };
}

const ACTIVE_DAYS = raw(`"${ACTIVE_DAYS_TABLE}"`);
const MONTHLY = raw(`"${MONTHLY_TABLE}"`);

/** Whether the all-users figures can come from aac_dailyactiveusers (absent on a database we never compiled). */
async function useActiveDays(db: Db, set: UserSet): Promise<boolean> {
  return set.kind === 'all' && (await activeDaysExist(db));
}

interface ActivityPart {
  dauDays: number;
  wauDays: number;
  mauDays: number;
  active: number;
  questions: number;
  answers: number;
  votes: number;
  views: number;
  tosUs: number;
  chart: Map<number, { active: number; questions: number; answers: number }>;
  askers: TopUserRow[];
  answerers: TopUserRow[];
}

/**
 * The active-user figures of the range and its previous period in one statement over the active
 * (user, day) rows from 29 days before the previous period (the trailing windows of WAU and MAU) to
 * the range's end (activeRows); per period
 *  - DAU days: active rows in the period;
 *  - WAU/MAU days: per user, the days d of the period with an active row in [d-6, d] / [d-29, d],
 *    counted as the union of the windows [x, x+6] / [x, x+29] of the user's active days x (a window
 *    adds the days after the previous one's end) clipped to the period;
 *  - active users: a user's first active row in the period.
 * With it, at once, the sums (periodSums), the chart (chartPart) and the top lists (topAskersAnswerers).
 */
async function activityParts(db: Db, { set, settings, few, range, previous, g }: OverviewScope): Promise<[ActivityPart, ActivityPart]> {
  const d = db.dialect;
  const compiled = await useActiveDays(db, set);
  const src = activeRows(d, set, settings, compiled, few, addDays(previous.start, -29), range.end);
  const sP = intParam(d, dayNumberOf(range.start));
  const eP = intParam(d, dayNumberOf(range.end));
  const psP = intParam(d, dayNumberOf(previous.start));
  const len = (from: SqlCode, to: SqlCode) => d.greatest('0', sql`${code(to)} - ${code(from)} + 1`);
  // Days of [start, end] newly covered by the row's window of w days.
  const windowDays = (w: number, start: SqlCode, end: SqlCode) =>
    sql`a.w * ${len(d.greatest(d.greatest('a.dn', `coalesce(a.prev + ${w}, a.dn)`), start), d.least(`a.dn + ${w - 1}`, end))}`;
  const prevEnd = sql`(${sP} - 1)`;
  const inCur = sql`a.dn >= ${sP}`;
  const inPrev = sql`a.dn >= ${psP} AND a.dn < ${sP}`;
  // A user's first active row of a period counts the user once (its previous row lies before the period).
  const first = (start: Sql) => sql`(a.prev IS NULL OR a.prev < ${start})`;
  const sumIf = (cond: Sql) => sql`coalesce(sum(CASE WHEN ${cond} THEN a.w ELSE 0 END), 0)`;
  const statement = sql`
    WITH ${src.ctes},
    active_rows AS (${src.rows}),
    period_figures AS (
      SELECT ${sumIf(inCur)} AS cur_days, coalesce(sum(${windowDays(7, sP, eP)}), 0) AS cur_wau, coalesce(sum(${windowDays(30, sP, eP)}), 0) AS cur_mau,
             ${sumIf(sql`${inCur} AND ${first(sP)}`)} AS cur_active,
             ${sumIf(inPrev)} AS prev_days, coalesce(sum(${windowDays(7, psP, prevEnd)}), 0) AS prev_wau,
             coalesce(sum(${windowDays(30, psP, prevEnd)}), 0) AS prev_mau, ${sumIf(sql`${inPrev} AND ${first(psP)}`)} AS prev_active
      FROM active_rows a)
    SELECT pf.* FROM period_figures pf`;
  // The parts are independent: on PostgreSQL each runs on its own pooled connection at once (SQLite
  // runs them one after another either way).
  const [h = {}, [curSums, prevSums], chart, top] = await Promise.all([
    db.one<Record<string, unknown>>(statement),
    compiled
      ? compiledSums(db, settings, range, previous)
      : Promise.all([periodSums(db, set, settings, few, range), periodSums(db, set, settings, few, previous)]),
    compiled ? compiledChart(db, settings, range, g) : chartPart(db, set, settings, few, range, g),
    topAskersAnswerers(db, set, settings, few, range),
  ]);
  const n = (k: string) => Number(h[k] ?? 0);
  const period = (pre: 'cur' | 'prev'): ActivityPart => ({
    dauDays: n(`${pre}_days`),
    wauDays: n(`${pre}_wau`),
    mauDays: n(`${pre}_mau`),
    active: n(`${pre}_active`),
    ...noSums(),
    chart: new Map(),
    askers: [],
    answerers: [],
  });
  const cur = Object.assign(period('cur'), curSums, { chart, askers: top.askers, answerers: top.answerers });
  const prev = Object.assign(period('prev'), prevSums);
  return [cur, prev];
}

type Sums = { questions: number; answers: number; votes: number; views: number; tosUs: number };

/** Counter sums (`q`, `a`, `v`, `qv`, `tos`) of a result row, times `sign`, added to `out`. */
function addSums(out: Sums, r: Record<string, unknown>, sign = 1): Sums {
  out.questions += sign * Number(r.q ?? 0);
  out.answers += sign * Number(r.a ?? 0);
  out.votes += sign * Number(r.v ?? 0);
  out.views += sign * Number(r.qv ?? 0);
  out.tosUs += sign * Number(r.tos ?? 0);
  return out;
}

const noSums = (): Sums => ({ questions: 0, answers: 0, votes: 0, views: 0, tosUs: 0 });

/**
 * All users' sums of the range and of its previous period in one statement: the days' totals kept in
 * aac_dailyactiveusers less the left-out users' daily rows.
 */
async function compiledSums(db: Db, settings: AnalyticsSettings, range: DateRange, previous: DateRange): Promise<[Sums, Sums]> {
  const d = db.dialect;
  const lo = d.dateParam(previous.start);
  const hi = d.dateParam(range.end);
  // Grouped by position: the period's text carries a parameter, which a repeated expression would bind again.
  const rows = await db.all<Record<string, unknown>>(
    sql`WITH ${leftOutCte(settings, d)}
     SELECT CASE WHEN x.date >= ${d.dateParam(range.start)} THEN 0 ELSE 1 END AS period, sum(x.q) AS q, sum(x.a) AS a, sum(x.v) AS v, sum(x.qv) AS qv, sum(x.tos) AS tos
     FROM (
       SELECT g."date" AS date, g."num_questions" AS q, g."num_answers" AS a, g."num_upvotes" + g."num_downvotes" AS v, g."question_views" AS qv,
              g."time_on_site_us" AS tos
       FROM ${ACTIVE_DAYS} g WHERE g."date" >= ${lo} AND g."date" <= ${hi}
       UNION ALL
       SELECT s."date", -s."num_questions", -s."num_answers", -(s."num_upvotes" + s."num_downvotes"), -s."question_views", -${d.durationMicros('s."time_on_site"')}
       FROM "askbot_dailyusersummary" s
       WHERE ${leftOutRowsOf(d, 's')} AND s."date" >= ${lo} AND s."date" <= ${hi} AND ${activeDaySql(d, 's')}) x
     GROUP BY 1`,
  );
  const of = (period: number) => addSums(noSums(), rows.find((r) => Number(r.period) === period) ?? {});
  return [of(0), of(1)];
}

/**
 * A period's sums of the counters and time on site of the counted users: whole months from the
 * monthly rollups (aac_monthlyusersummary), the other days from the daily rows, as the Users view
 * plans them (user-sums.ts); a month mostly covered is its rollup minus the days left out.
 */
async function periodSums(db: Db, set: UserSet, settings: AnalyticsSettings, few: boolean, range: DateRange) {
  const d = db.dialect;
  const plan = await planUserSums(db, range);
  const counters = (t: string) =>
    raw(`sum(${t}."num_questions") AS q, sum(${t}."num_answers") AS a, sum(${t}."num_upvotes" + ${t}."num_downvotes") AS v, sum(${t}."question_views") AS qv`);
  const parts: Sql[] = [];
  if (plan.months.length) {
    parts.push(sql`SELECT 1 AS sign, ${counters('r')}, sum(r."time_on_site_us") AS tos FROM ${MONTHLY} r
      WHERE ${spansSql(d, 'r."month"', plan.months)} AND ${ofCountedUser(d, few, 'r')}`);
  }
  const daily = (sign: number, list: readonly Span[]) =>
    sql`SELECT ${literal(sign)} AS sign, ${counters('s')}, ${d.durationMicros('sum(s."time_on_site")')} AS tos FROM "askbot_dailyusersummary" s
      WHERE ${spansSql(d, 's."date"', list)} AND ${ofCountedUser(d, few, 's')}`;
  if (plan.days.length) parts.push(daily(1, plan.days));
  if (plan.minus.length) parts.push(daily(-1, plan.minus));
  const out = noSums();
  if (!parts.length) return out;
  const rows = await db.all<Record<string, unknown>>(sql`WITH ${countedUsersCte(set, settings, d)} ${join(parts, ' UNION ALL ')}`);
  for (const r of rows) addSums(out, r, Number(r.sign));
  return out;
}

/**
 * The chart's active users, questions and answers per bucket. Per day the rows come in date order from
 * the covering index (aac_rep_dailyuser_date_user) and a day's rows are its distinct users (one row per
 * user and day); a week or month counts distinct users.
 */
async function chartPart(db: Db, set: UserSet, settings: AnalyticsSettings, few: boolean, range: DateRange, g: Granularity): Promise<ActivityPart['chart']> {
  const d = db.dialect;
  const bucket = g === 'day' ? raw('s."date"') : bucketSql(d, g, range, 's."date"');
  // Grouped by position: a bucket's text carries parameters, which a repeated expression would bind again.
  const rows = await db.all<Record<string, unknown>>(
    sql`WITH ${countedUsersCte(set, settings, d)}
     SELECT ${bucket} AS b, ${raw(g === 'day' ? 'count(*)' : 'count(DISTINCT s."user_id")')} AS n, sum(s."num_questions") AS q, sum(s."num_answers") AS a
     FROM "askbot_dailyusersummary" s
     WHERE s."date" >= ${d.dateParam(range.start)} AND s."date" <= ${d.dateParam(range.end)} AND ${activeDaySql(d, 's')}
       AND ${ofCountedUser(d, few, 's')}
     GROUP BY 1`,
  );
  return chartMap(d, range, g, rows);
}

/** Chart rows (`b` a day's date or a bucket's index, `n`, `q`, `a`) by bucket index. */
function chartMap(d: Dialect, range: DateRange, g: Granularity, rows: Array<Record<string, unknown>>): ActivityPart['chart'] {
  const start = dayNumberOf(range.start);
  return new Map(
    rows.map((r) => [
      g === 'day' ? dayNumberOf(d.readDate(r.b)) - start : Number(r.b),
      { active: Number(r.n), questions: Number(r.q ?? 0), answers: Number(r.a ?? 0) },
    ]),
  );
}

/**
 * chartPart for all users from aac_dailyactiveusers, less the left-out users' rows. A week's or month's
 * distinct users are the rows whose user was not active earlier in the bucket (gap 0, or the previous
 * active day before the range or in an earlier bucket).
 */
async function compiledChart(db: Db, settings: AnalyticsSettings, range: DateRange, g: Granularity): Promise<ActivityPart['chart']> {
  const d = db.dialect;
  const lo = d.dateParam(range.start);
  const hi = d.dateParam(range.end);
  const bucket = (date: SqlCode): Sql => (g === 'day' ? code(date) : bucketSql(d, g, range, date));
  const prevDn = sql`(${d.dayNumber('g."date"')} - g."gap")`;
  const firstInBucket =
    g === 'day'
      ? raw('1 = 1')
      : sql`(g."gap" = 0 OR ${prevDn} < ${intParam(d, dayNumberOf(range.start))} OR ${bucket(d.fromDayNumber(prevDn))} < ${bucket('g."date"')})`;
  // The left-out users' rows grouped by position: a bucket's text carries parameters, which a repeated
  // expression would bind again.
  const rows = await db.all<Record<string, unknown>>(
    sql`WITH ${leftOutCte(settings, d)}
     SELECT x.b AS b, sum(x.n) AS n, sum(x.q) AS q, sum(x.a) AS a FROM (
       SELECT ${bucket('g."date"')} AS b, CASE WHEN ${firstInBucket} THEN g."users" ELSE 0 END AS n, g."num_questions" AS q, g."num_answers" AS a
       FROM ${ACTIVE_DAYS} g WHERE g."date" >= ${lo} AND g."date" <= ${hi}
       UNION ALL
       SELECT ${bucket('s."date"')}, -count(DISTINCT s."user_id"), -sum(s."num_questions"), -sum(s."num_answers")
       FROM "askbot_dailyusersummary" s
       WHERE ${leftOutRowsOf(d, 's')} AND s."date" >= ${lo} AND s."date" <= ${hi} AND ${activeDaySql(d, 's')}
       GROUP BY 1) x
     GROUP BY x.b`,
  );
  return chartMap(d, range, g, rows);
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function figuresOf(range: DateRange, g: Granularity, act: ActivityPart, mem: MembersPart, health: HealthPart) {
  const days = daysInRange(range);
  const dau = act.dauDays / days;
  const mau = act.mauDays / days;
  const values: Values = {
    active_users: act.active,
    dau,
    wau: act.wauDays / days,
    mau,
    stickiness: ratio(dau, mau),
    new_members: mem.newMembers,
    activated_members: mem.activated,
    activation_rate: ratio(mem.activated, mem.newMembers),
    num_questions: act.questions,
    num_answers: act.answers,
    num_votes: act.votes,
    question_views: act.views,
    time_on_site_seconds: act.tosUs / 1_000_000,
    time_on_site_per_active_user_seconds: act.active === 0 ? null : act.tosUs / 1_000_000 / act.active,
    questions: health.questions,
    answered_24h: health.within24h,
    answered_24h_share: ratio(health.within24h, health.questions),
    answered: health.answered,
    answered_share: ratio(health.answered, health.questions),
    median_first_answer_seconds: health.medianUs === null ? null : health.medianUs / 1_000_000,
    unanswered: health.unanswered,
  };
  const starts = bucketStarts(range, g);
  const points: OverviewPoint[] = starts.map((date, i) => {
    const c = act.chart.get(i);
    return {
      date,
      end: i + 1 < starts.length ? addDays(starts[i + 1]!, -1) : range.end,
      active_users: c?.active ?? 0,
      new_members: mem.chart.get(i) ?? 0,
      num_questions: c?.questions ?? 0,
      num_answers: c?.answers ?? 0,
    };
  });
  return { values, points, askers: act.askers, answerers: act.answerers };
}

/** A figure beside its previous value: change, and change in percent with one decimal. */
export function compareFigure(value: number | null, previous: number | null, link: ReportLink | null = null, previousLink: ReportLink | null = null): Figure {
  const change = value === null || previous === null ? null : value - previous;
  const change_pct = value === null || previous === null || previous === 0 ? null : Math.round(((value - previous) / previous) * 1000) / 10;
  return { value, previous, change, change_pct, link, previous_link: previousLink };
}

/** Where each figure leads for a period (`dates` = its exact start..end): the Activity log, the questions, the Users view. */
function figureLink(f: OverviewFigureKey, segment: string, dates: string): ReportLink | null {
  const activity = (a: string): ReportLink => ({ view: 'activity', activity: a, users: segment, dates });
  const questions = (which: 'asked' | 'answered' | 'answered-24h' | 'unanswered'): ReportLink => ({ view: 'questions', which, segment, dates });
  switch (f) {
    case 'active_users':
    case 'time_on_site_seconds':
    case 'time_on_site_per_active_user_seconds':
      return { view: 'users', segment, dates };
    case 'new_members':
    case 'activated_members':
      return activity('registered');
    case 'num_questions':
      return activity('question-posted');
    case 'num_answers':
      return activity('answer-posted');
    case 'num_votes':
      return activity('content-voted');
    case 'question_views':
      return activity('question-viewed');
    case 'questions':
      return questions('asked');
    case 'answered_24h':
    case 'answered_24h_share':
      return questions('answered-24h');
    case 'answered':
    case 'answered_share':
    case 'median_first_answer_seconds':
      return questions('answered');
    case 'unanswered':
      return questions('unanswered');
    default:
      return null;
  }
}

/** The Overview of a users segment (default all-users) over a date range (default last-30-days). */
export async function reportOverview(db: Db, settings: AnalyticsSettings, q: OverviewQuery = {}): Promise<OverviewReport> {
  const segment = q.segment?.trim() || ALL_USERS;
  const set = await resolveUserSet(db, settings, segment);
  const note = await leftOutNote(db, settings, set);
  const range = await resolveReportRange(db, q.dates, q.now);
  const previous = previousPeriod(range);
  const g = granularityFor(range);
  // Whether the set's rows are read user by user (one count, for every part that reads them).
  const few = await fewMembers(db, set);
  const scope: OverviewScope = { set, settings, range, previous, g, few };
  const [[actCur, actPrev], [memCur, memPrev], [healthCur, healthPrev], viewed] = await Promise.all([
    activityParts(db, scope),
    membersParts(db, scope),
    healthParts(db, scope),
    topQuestions(db, scope),
  ]);
  const cur = figuresOf(range, g, actCur, memCur, healthCur);
  const before = figuresOf(previous, g, actPrev, memPrev, healthPrev);
  const dates = `${range.start}..${range.end}`;
  const prevDates = `${previous.start}..${previous.end}`;
  const figures = Object.fromEntries(
    OVERVIEW_FIGURES.map((f) => [f, compareFigure(cur.values[f], before.values[f], figureLink(f, segment, dates), figureLink(f, segment, prevDates))]),
  ) as Record<OverviewFigureKey, Figure>;
  const userLink = (id: number, activity: string): ReportLink => ({ view: 'activity', activity, users: `user:${id}`, dates });
  return {
    segment,
    name: set.name,
    range,
    previous_range: previous,
    excludeStaff: settings.EXCLUDE_STAFF,
    ...(note ? { note } : {}),
    zone: db.dialect.bucketZone,
    figures,
    granularity: g,
    points: cur.points,
    top: {
      askers: cur.askers.map((u) => ({ ...u, link: userLink(u.user.id, 'question-posted') })),
      answerers: cur.answerers.map((u) => ({ ...u, link: userLink(u.user.id, 'answer-posted') })),
      viewed: viewed.map((x) => ({
        ...x,
        link: { view: 'activity', activity: 'question-viewed', users: segment, content: `post:${x.post_id}`, dates },
      })),
    },
  };
}

// Step 3c of a batch (batch.ts): the hourly and daily rows of the analytics groups (membership from
// askbot_groupmembership) for the affected hours and days, from the users' work rows (w_user_hours).
// num_users / num_users_added come from auth_user_groups and date_joined: a base count of the members
// who joined before the batch, plus a running count of those who joined inside it per (group, hour), so
// each row costs one index probe.
//   w_analytics_memberships (user_id, group_id): the analytics memberships of the batch's users;
//   w_group_hours (group_id, hour, counters, us): the groups' work rows of the affected hours;
//   w_touched_groups (group_id): the groups whose hourly rows change;
//   w_group_base_members (group_id, base): their members who joined before the batch;
//   w_group_joiners (group_id, hour, added, cumulative): members who joined inside the batch, per hour.
import type { Db } from '../db/types';
import { bigint, code, sql, type Sql, type SqlCode } from '../db/sql';
import { analyzeWorkTables, createWorkTable, inSubquery } from '../db/sql-parts';
import { SUMMARY_COUNTER_COLUMNS } from '../derived/monthly-rollups';
import { type Batch, affectedDays, affectedHourValues } from './batch-calendar';
import { HOUR_SQL, atOrAfter, before, indexedBy } from './sql';
import { VALUE_COLUMNS, VALUE_DEFINITIONS, counterList, dayParts, valueSums } from './work-rows';

export const GROUP_TABLES = ['w_analytics_memberships', 'w_group_hours', 'w_touched_groups', 'w_group_base_members', 'w_group_joiners'] as const;

/** SQL: every member of the group whose id is the SQL `group` (an index-only count of auth_user_groups). */
export const allMembers = (group: SqlCode): Sql => sql`(SELECT count(*) FROM "auth_user_groups" m WHERE m."group_id" = ${code(group)})`;

/**
 * SQL FROM … WHERE: the memberships (`ug`) of the users (`u`) who joined at or after the µs expression
 * `since`, found on the date_joined index (few, except in the first batches of a full compile).
 */
export function joinedSince(tx: Db, since: SqlCode): Sql {
  return sql`"auth_user" u${indexedBy(tx, 'aac_user_date_joined')} CROSS JOIN "auth_user_groups" ug
    WHERE ${atOrAfter(tx, 'u."date_joined"', since)} AND ug."user_id" = u."id"`;
}

/** The groups whose hourly rows the batch changed (w_touched_groups). */
const touchedGroups = sql`SELECT group_id FROM w_touched_groups`;

/**
 * The analytics memberships of the batch's users (w_touched_users holds every user of w_user_hours,
 * once), keyed by user: one probe per hourly row instead of two.
 */
async function collectMemberships(tx: Db): Promise<void> {
  await createWorkTable(tx, 'w_analytics_memberships', 'user_id integer NOT NULL, group_id integer NOT NULL, PRIMARY KEY (user_id, group_id)');
  await tx.run(
    sql`INSERT INTO w_analytics_memberships (user_id, group_id)
     SELECT gm."user_id", gm."group_id" FROM w_touched_users wu CROSS JOIN "askbot_groupmembership" gm CROSS JOIN "askbot_group" g
     WHERE gm."user_id" = wu.user_id AND g."group_ptr_id" = gm."group_id" AND g."used_for_analytics" = ${tx.dialect.TRUE}`,
  );
  await analyzeWorkTables(tx, ['w_analytics_memberships']);
}

/**
 * The groups' work rows, and the groups whose hourly rows change: those with rows now, and those that
 * had rows in the affected hours (a group whose members left loses them). Only their daily rows are
 * rewritten.
 */
async function sumGroupHours(tx: Db): Promise<void> {
  await createWorkTable(tx, 'w_group_hours', sql`group_id integer NOT NULL, hour bigint NOT NULL, ${VALUE_DEFINITIONS}, PRIMARY KEY (group_id, hour)`);
  await tx.run(
    sql`INSERT INTO w_group_hours (group_id, hour, ${VALUE_COLUMNS})
     SELECT gm.group_id, w.hour, ${valueSums('w')}
     FROM w_user_hours w CROSS JOIN w_analytics_memberships gm WHERE gm.user_id = w.user_id
     GROUP BY gm.group_id, w.hour`,
  );
  await createWorkTable(tx, 'w_touched_groups', 'group_id integer PRIMARY KEY');
  await tx.run(
    sql`INSERT INTO w_touched_groups (group_id)
     SELECT group_id FROM w_group_hours UNION SELECT t."group_id" FROM "askbot_hourlygroupsummary" t WHERE ${inSubquery(tx, 't."hour"', affectedHourValues(tx))}`,
  );
  await analyzeWorkTables(tx, ['w_touched_groups']);
}

/**
 * The touched groups' member counts without reading every membership: a group's members less those who
 * joined since `lo` (the base), and a running count of those who joined inside the batch per hour. The
 * batch's groups are a filter on each joiner's memberships: as an index key SQLite would probe every
 * group for every joiner (23x slower over a year's joiners).
 */
async function countMembers(tx: Db, b: Batch): Promise<void> {
  const d = tx.dialect;
  await createWorkTable(tx, 'w_group_base_members', 'group_id integer PRIMARY KEY, base bigint NOT NULL');
  await tx.run(
    sql`INSERT INTO w_group_base_members (group_id, base)
     SELECT wg.group_id, ${allMembers('wg.group_id')} - coalesce(l.n, 0)
     FROM w_touched_groups wg CROSS JOIN "askbot_group" g
       LEFT JOIN (SELECT ug."group_id" AS group_id, count(*) AS n FROM ${joinedSince(tx, bigint(b.lo))} GROUP BY ug."group_id") l ON l.group_id = wg.group_id
     WHERE g."group_ptr_id" = wg.group_id AND g."used_for_analytics" = ${d.TRUE}`,
  );
  await createWorkTable(
    tx,
    'w_group_joiners',
    'group_id integer NOT NULL, hour bigint NOT NULL, added bigint NOT NULL, cumulative bigint NOT NULL, PRIMARY KEY (group_id, hour)',
  );
  const joinHour = d.hourOf(d.micros('u."date_joined"'));
  await tx.run(
    sql`INSERT INTO w_group_joiners (group_id, hour, added, cumulative)
     SELECT group_id, hour, n, sum(n) OVER (PARTITION BY group_id ORDER BY hour ROWS UNBOUNDED PRECEDING) FROM (
       SELECT ug."group_id" AS group_id, ${joinHour} AS hour, count(*) AS n
       FROM ${joinedSince(tx, bigint(b.lo))} AND ${before(tx, 'u."date_joined"', bigint(b.hi))}
         AND ${d.unindexed('ug."group_id"')} IN (SELECT b.group_id FROM w_group_base_members b)
       GROUP BY ug."group_id", ${joinHour}) x`,
  );
}

/** SQL: members of the group of row `x` who joined inside the batch before the µs expression `end` (at most `hi`): one index probe. */
const joinedBefore = (end: SqlCode): Sql =>
  sql`coalesce((SELECT j.cumulative FROM w_group_joiners j WHERE j.group_id = x.group_id AND j.hour < ${code(end)} ORDER BY j.hour DESC LIMIT 1), 0)`;

async function writeHourlyGroupRows(tx: Db): Promise<number> {
  const d = tx.dialect;
  await tx.run(sql`DELETE FROM "askbot_hourlygroupsummary" WHERE ${inSubquery(tx, '"hour"', affectedHourValues(tx))}`);
  return tx.run(
    sql`INSERT INTO "askbot_hourlygroupsummary" (${SUMMARY_COUNTER_COLUMNS}, "time_on_site", "summarized", "hour", "num_users", "group_id", "num_users_added")
     SELECT ${counterList('x')}, ${d.durationFromMicros('x.us')}, ${d.TRUE}, ${d.fromMicros('x.hour')},
            coalesce(b.base, 0) + ${joinedBefore(sql`x.hour + ${HOUR_SQL}`)}, x.group_id, coalesce(jx.added, 0)
     FROM w_group_hours x LEFT JOIN w_group_base_members b ON b.group_id = x.group_id LEFT JOIN w_group_joiners jx ON jx.group_id = x.group_id AND jx.hour = x.hour`,
  );
}

async function writeDailyGroupRows(tx: Db): Promise<number> {
  const d = tx.dialect;
  await tx.run(
    sql`DELETE FROM "askbot_dailygroupsummary" WHERE ${inSubquery(tx, '"date"', affectedDays)} AND ${d.unindexed('"group_id"')} IN (${touchedGroups})`,
  );
  const dayRows = sql`
         SELECT p.k AS group_id, p.day AS day, dd.dlo AS dlo, dd.dhi AS dhi, dd.done AS done, ${valueSums('p')}
         FROM (${dayParts(tx, 'w_group_hours', 'askbot_hourlygroupsummary', 'group_id', touchedGroups)}) p CROSS JOIN w_batch_days dd
         WHERE dd.day = p.day
         GROUP BY p.k, p.day, dd.dlo, dd.dhi, dd.done
       `;
  return tx.run(
    sql`INSERT INTO "askbot_dailygroupsummary" (${SUMMARY_COUNTER_COLUMNS}, "time_on_site", "date", "num_users", "group_id", "summarized", "num_users_added")
     SELECT ${counterList('y')}, ${d.durationFromMicros('y.us')}, y.day, coalesce(b.base, 0) + y.by_end, y.group_id,
            CASE WHEN y.done = 1 THEN ${d.TRUE} ELSE ${d.FALSE} END, y.by_end - y.by_start
     FROM (
       SELECT x.*, ${joinedBefore('x.dhi')} AS by_end, ${joinedBefore('x.dlo')} AS by_start FROM (${dayRows}) x
     ) y LEFT JOIN w_group_base_members b ON b.group_id = y.group_id`,
  );
}

/** Step 3c: the group rows of the affected hours and days (w_user_hours and w_touched_users must be filled). */
export async function writeGroupRows(tx: Db, b: Batch): Promise<{ hourlyGroup: number; dailyGroup: number }> {
  await collectMemberships(tx);
  await sumGroupHours(tx);
  await countMembers(tx, b);
  await analyzeWorkTables(tx, ['w_group_hours', 'w_group_base_members', 'w_group_joiners']);
  const hourlyGroup = await writeHourlyGroupRows(tx);
  const dailyGroup = await writeDailyGroupRows(tx);
  return { hourlyGroup, dailyGroup };
}

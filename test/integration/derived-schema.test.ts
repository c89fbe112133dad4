// The derived schema (derived/schema.ts): a database left by any release before versions were recorded
// upgrades to exactly what `init` makes today, keeping every derived row; a newer version is refused
// untouched; `init` makes the whole schema whatever else is imported; reset --drop-indexes removes it.
//
// The states are every distinct set of `aac_` objects main's history produced (init, then compile), S1
// (2026-11-24, the first report indexes) to S13 (2026-12-01, the question views), as found by running
// each commit that touched src-main on both engines.
import { expect, it } from 'vitest';
import { compileAnalytics, resetAnalytics } from '../../src-main/core/compile';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { ident, sql } from '../../src-main/core/db/sql';
import { DERIVED_SCHEMA_VERSION, VERSION_TABLE, derivedSchemaVersion, ensureDerivedSchema } from '../../src-main/core/derived/schema';
import { EVENT, insertEvents, insertSessions } from '../../src-main/core/forum/analytics';
import { insertUsers } from '../../src-main/core/forum/users';
import { parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { readActiveDays, readMonthlyRollups, readQuestionViews, readSummaries } from '../helpers/oracle-summaries';

const REPORT_S1 = ['aac_rep_dailyuser_date_user', 'aac_rep_event_ts_id', 'aac_rep_event_type_ts_id'];
const COMPILER_S3 = [
  'aac_dailygroup_group_date',
  'aac_dailyuser_user_date',
  'aac_event_timestamp',
  'aac_event_unsummarized',
  'aac_hourlygroup_group_hour',
  'aac_hourlyuser_user_hour',
  'aac_session_duration',
  'aac_session_pending',
  'aac_session_user_created',
];
const S4 = [
  'aac_event_ts_id',
  'aac_event_unsummarized',
  'aac_monthlyuser_user_month',
  'aac_monthlyusersummary',
  'aac_rep_dailyuser_date_user',
  'aac_rep_dailyuser_user_date',
  'aac_rep_event_type_ts_id',
  'aac_session_created',
  'aac_session_duration',
  'aac_session_pending',
];
const S5 = [...S4, 'aac_dailygroup_pending', 'aac_dailyuser_pending'];
const S7 = S5.filter((n) => n !== 'aac_rep_dailyuser_user_date');
const S8 = [...S7, 'aac_rep_post_type_added'];
const S9 = [...S8, 'aac_user_date_joined'];
const S10 = [...S9, 'aac_dailyactiveusers', 'aac_dailyuser_active_user_date'];
const S11 = [...S10, 'aac_rep_post_answer_thread'];
const S12 = [...S11, 'aac_rep_event_viewed', 'aac_rep_session_user_id'];
const S13 = [...S12, 'aac_dailyquestionviews', 'aac_monthlyquestionviews'];

/** Each unversioned state: its objects, and whether the rollups' user index was still (user_id, month). */
const STATES: ReadonlyArray<{ name: string; objects: readonly string[]; narrowMonthlyIndex?: boolean }> = [
  { name: 'S1 (first report indexes)', objects: REPORT_S1 },
  { name: 'S2', objects: [...REPORT_S1, 'aac_rep_dailyuser_user_date'] },
  { name: 'S3 (first compiler indexes)', objects: [...REPORT_S1, 'aac_rep_dailyuser_user_date', ...COMPILER_S3] },
  { name: "S3' (compiled, never init: no report index)", objects: COMPILER_S3 },
  { name: 'S4 (monthly rollups, narrow user index)', objects: S4, narrowMonthlyIndex: true },
  { name: 'S5', objects: S5, narrowMonthlyIndex: true },
  { name: 'S6 (a second, covering rollup index)', objects: [...S7, 'aac_rep_monthlyuser_user_cover'], narrowMonthlyIndex: true },
  { name: 'S7', objects: S7 },
  { name: 'S8', objects: S8 },
  { name: 'S9', objects: S9 },
  { name: 'S10 (active days)', objects: S10 },
  { name: 'S11', objects: S11 },
  { name: 'S12', objects: S12 },
  { name: 'S13 (question views; the objects of version 1)', objects: S13 },
  { name: 'none (Askbot made and compiled it)', objects: [] },
];

const COUNTERS = '"num_questions", "num_answers", "num_upvotes", "num_downvotes", "question_views"';
/** Objects no release makes any more: plain column lists, the same text on both engines. */
const LEGACY_DDL: Record<string, string> = {
  aac_event_timestamp: 'CREATE INDEX "aac_event_timestamp" ON "askbot_event" ("timestamp")',
  aac_rep_event_ts_id: 'CREATE INDEX "aac_rep_event_ts_id" ON "askbot_event" ("timestamp", "id")',
  aac_session_user_created: 'CREATE INDEX "aac_session_user_created" ON "askbot_session" ("user_id", "created_at")',
  aac_hourlyuser_user_hour: 'CREATE INDEX "aac_hourlyuser_user_hour" ON "askbot_hourlyusersummary" ("user_id", "hour")',
  aac_hourlygroup_group_hour: 'CREATE INDEX "aac_hourlygroup_group_hour" ON "askbot_hourlygroupsummary" ("group_id", "hour")',
  aac_dailyuser_user_date: 'CREATE INDEX "aac_dailyuser_user_date" ON "askbot_dailyusersummary" ("user_id", "date")',
  aac_dailygroup_group_date: 'CREATE INDEX "aac_dailygroup_group_date" ON "askbot_dailygroupsummary" ("group_id", "date")',
  aac_rep_dailyuser_user_date: `CREATE INDEX "aac_rep_dailyuser_user_date" ON "askbot_dailyusersummary" ("user_id", "date", ${COUNTERS}, "time_on_site")`,
  aac_rep_monthlyuser_user_cover: `CREATE INDEX "aac_rep_monthlyuser_user_cover" ON "aac_monthlyusersummary" ("user_id", "month", ${COUNTERS}, "time_on_site_us")`,
};
const NARROW_MONTHLY_INDEX = 'CREATE INDEX "aac_monthlyuser_user_month" ON "aac_monthlyusersummary" ("user_id", "month")';

/** Every `aac_` object with its definition as the catalog holds it (PostgreSQL's primary keys left out: they go with their tables). */
async function catalog(db: Db): Promise<Array<{ type: string; name: string; sql: string }>> {
  const rows =
    db.engine === 'sqlite'
      ? await db.all<{ type: string; name: string; sql: string }>(sql`SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'aac\\_%' ESCAPE '\\'`)
      : await db.all<{ type: string; name: string; sql: string }>(
          sql`SELECT 'index' AS type, indexname AS name, indexdef AS sql FROM pg_indexes
           WHERE schemaname = current_schema() AND indexname LIKE 'aac\\_%' ESCAPE '\\' AND indexname NOT LIKE '%\\_pkey' ESCAPE '\\'
           UNION ALL
           SELECT 'table', table_name, string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY ordinal_position)
           FROM information_schema.columns WHERE table_schema = current_schema() AND table_name LIKE 'aac\\_%' ESCAPE '\\' GROUP BY table_name`,
        );
  return rows.map((r) => ({ type: r.type, name: r.name, sql: r.sql })).sort((a, b) => a.name.localeCompare(b.name));
}

async function derivedRows(db: Db) {
  return { monthly: await readMonthlyRollups(db), active: await readActiveDays(db), views: await readQuestionViews(db) };
}

/** A small forum with a month's end in its history, compiled: every derived table has rows. */
async function compiledForum(db: Db): Promise<void> {
  const t0 = parseInstant('2026-01-30T08:00:00Z');
  const HOUR = 3_600_000_000;
  const users = await insertUsers(
    db,
    ['ann', 'bob', 'cat'].map((u, i) => ({ username: u, email: `${u}@example.com`, dateJoined: t0 - (i + 1) * 24 * HOUR })),
  );
  const post = await ensureContentTypeId(db, 'askbot', 'post');
  for (const [i, user] of users.entries()) {
    for (const day of [0, 1, 3]) {
      const at = t0 + day * 24 * HOUR + i * HOUR;
      const [s] = await insertSessions(db, [{ userId: user, createdAt: at, updatedAt: at + HOUR / 4 }]);
      await insertEvents(
        db,
        [EVENT.QUESTION_VIEWED, EVENT.ASKED, EVENT.QUESTION_VIEWED].map((eventType, k) => ({
          sessionId: s!,
          eventType,
          timestamp: at + k * 60_000_000,
          contentTypeId: post,
          objectId: 1 + ((i + k) % 2),
        })),
      );
    }
  }
  await compileAnalytics(db, { now: t0 + 6 * 24 * HOUR });
}

/** Leaves the derived schema as the release of `state` did: objects it lacked dropped, objects it had that no release makes now created. */
async function becomeUnversioned(db: Db, state: (typeof STATES)[number]): Promise<void> {
  await db.exec(`DROP TABLE "${VERSION_TABLE}"`);
  const keep = new Set(state.objects);
  const now = await catalog(db);
  // Indexes first, then tables (which take their own indexes with them).
  for (const o of now) if (o.type === 'index' && !keep.has(o.name)) await db.exec(`DROP INDEX "${o.name}"`);
  for (const o of now) if (o.type === 'table' && !keep.has(o.name)) await db.exec(`DROP TABLE "${o.name}"`);
  for (const name of state.objects) if (LEGACY_DDL[name]) await db.exec(LEGACY_DDL[name]);
  if (state.narrowMonthlyIndex) {
    await db.exec(`DROP INDEX "aac_monthlyuser_user_month"`);
    await db.exec(NARROW_MONTHLY_INDEX);
  }
  expect((await catalog(db)).map((o) => o.name)).toEqual([...state.objects].sort());
}

describeEachEngine('derived schema versions and upgrades', (engine) => {
  it('init makes version 1 and every object of it', async () => {
    const { db } = await freshAskbotDb(engine);
    expect(await derivedSchemaVersion(db)).toBe(DERIVED_SCHEMA_VERSION);
    expect((await catalog(db)).map((o) => o.name)).toEqual([...S13, VERSION_TABLE].sort());
    expect(await ensureDerivedSchema(db)).toEqual([]); // nothing to upgrade
    await db.close();
  });

  for (const state of STATES) {
    it(`upgrades a database left in ${state.name} to what init makes, keeping the derived rows`, async () => {
      const { db } = await freshAskbotDb(engine);
      await compiledForum(db);
      const want = { catalog: await catalog(db), rows: await derivedRows(db), summaries: await readSummaries(db) };
      expect(want.rows.monthly.length * want.rows.active.length * want.rows.views.daily.length).toBeGreaterThan(0);
      await becomeUnversioned(db, state);
      expect(await derivedSchemaVersion(db)).toBe(0);
      const created = await ensureDerivedSchema(db);
      expect(await derivedSchemaVersion(db)).toBe(DERIVED_SCHEMA_VERSION);
      expect(await catalog(db)).toEqual(want.catalog);
      expect(await derivedRows(db)).toEqual(want.rows);
      expect(await readSummaries(db)).toEqual(want.summaries);
      // Everything version 1 has that the state lacked (the rollups' index is its table's; a narrow one is rebuilt quietly).
      const lacking = S13.filter(
        (n) => !state.objects.includes(n) && !(n === 'aac_monthlyuser_user_month' && !state.objects.includes('aac_monthlyusersummary')),
      );
      expect([...created].sort()).toEqual(lacking.sort());
      await db.close();
    });
  }

  it('a database a newer release upgraded is refused untouched', async () => {
    const { db } = await freshAskbotDb(engine);
    await compiledForum(db);
    await db.run(sql`UPDATE ${ident(VERSION_TABLE)} SET "version" = ${DERIVED_SCHEMA_VERSION + 1}`);
    const before = { catalog: await catalog(db), summaries: await readSummaries(db) };
    await expect(compileAnalytics(db, { now: parseInstant('2026-02-10T00:00:00Z') })).rejects.toMatchObject({ code: 'SCHEMA_NEWER' });
    expect({ catalog: await catalog(db), summaries: await readSummaries(db) }).toEqual(before);
    await db.close();
  });

  it('reset --drop-indexes removes every object and the version; the next compile upgrades from 0', async () => {
    const { db } = await freshAskbotDb(engine);
    await compiledForum(db);
    const want = { catalog: await catalog(db), rows: await derivedRows(db) };
    const reset = await resetAnalytics(db, { dropIndexes: true });
    // The rollups' own index goes with their table.
    expect([...reset.indexes_dropped].sort()).toEqual([...S13.filter((n) => n !== 'aac_monthlyuser_user_month'), VERSION_TABLE].sort());
    expect(await catalog(db)).toEqual([]);
    await compileAnalytics(db, { now: parseInstant('2026-02-05T08:00:00Z') });
    expect(await catalog(db)).toEqual(want.catalog);
    expect(await derivedRows(db)).toEqual(want.rows);
    await db.close();
  });
});

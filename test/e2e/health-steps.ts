// Steps and expected values for the Overview, Retention and "Leave staff out" e2e tests (issue 14),
// shared by the SQLite and PostgreSQL files. The expected figures are written here as plain SQL on the
// same database, independently of src-main/core/reports: what the README says each figure counts.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Db } from '../../src-main/core/db/types';
import { empty, type Sql, sql } from '../../src-main/core/db/sql';

/** `YYYY-MM-DD` plus n days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** `YYYY-MM` plus n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + m - 1 + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** Today in UTC (the demo's bucket zone: USE_TZ on, TIME_ZONE UTC). */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/** A day's first instant as the engine stores datetimes, for comparisons with `date_joined` / `added_at`. */
const instant = (db: Db, date: string) => db.dialect.dateTimeParam(Date.parse(`${date}T00:00:00Z`) * 1000);

/** The engine's false, bound. */
const no = (db: Db) => db.dialect.bool(false);

/** Members counted by every report: not blocked; and not staff (superuser, status d/m) when left out. */
function countedUser(db: Db, excludeStaff: boolean): Sql {
  const notBlocked = sql`(pr."status" IS NULL OR pr."status" <> 'b')`;
  return excludeStaff ? sql`${notBlocked} AND u."is_superuser" = ${no(db)} AND (pr."status" IS NULL OR pr."status" NOT IN ('d', 'm'))` : notBlocked;
}

async function count(db: Db, query: Sql): Promise<number> {
  const row = await db.one<{ n: unknown }>(query);
  return Number(row?.n ?? 0);
}

/** ` AND u is a member of the organization` (auth_user_groups). */
const inGroup = (groupId: number | undefined) =>
  groupId === undefined ? empty : sql` AND u."id" IN (SELECT ug."user_id" FROM "auth_user_groups" ug WHERE ug."group_id" = ${groupId})`;

/** Members whose date_joined falls in [start, end] (whole days, UTC); of one organization when given. */
export function expectedNewMembers(db: Db, start: string, end: string, excludeStaff: boolean, groupId?: number): Promise<number> {
  return count(
    db,
    sql`SELECT count(*) AS n FROM "auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"
     WHERE u."date_joined" >= ${instant(db, start)} AND u."date_joined" < ${instant(db, addDays(end, 1))} AND ${countedUser(db, excludeStaff)}${inGroup(groupId)}`,
  );
}

/** The range's questions (not deleted, thread not deleted, asked by a counted member). */
const rangeQuestions = (db: Db, start: string, end: string, excludeStaff: boolean) => sql`
  FROM "askbot_post" q JOIN "askbot_thread" t ON t."id" = q."thread_id"
  JOIN "auth_user" u ON u."id" = q."author_id" LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"
  WHERE q."post_type" = 'question' AND q."added_at" >= ${instant(db, start)} AND q."added_at" < ${instant(db, addDays(end, 1))} AND q."deleted" = ${no(db)} AND t."deleted" = ${no(db)}
    AND ${countedUser(db, excludeStaff)}`;

export function expectedQuestions(db: Db, start: string, end: string, excludeStaff: boolean, groupId?: number): Promise<number> {
  return count(db, sql`SELECT count(*) AS n ${rangeQuestions(db, start, end, excludeStaff)}${inGroup(groupId)}`);
}

/** The range's questions with no answer (not deleted, not by the asker nor a blocked user, not by staff when left out) and not closed. */
export function expectedUnanswered(db: Db, start: string, end: string, excludeStaff: boolean): Promise<number> {
  const staffAnswer = excludeStaff
    ? sql` AND a."author_id" NOT IN (SELECT su."id" FROM "auth_user" su LEFT JOIN "askbot_userprofile" sp ON sp."auth_user_ptr_id" = su."id"
          WHERE su."is_superuser" <> ${no(db)} OR sp."status" IN ('d', 'm'))`
    : empty;
  return count(
    db,
    sql`SELECT count(*) AS n ${rangeQuestions(db, start, end, excludeStaff)} AND t."closed" = ${no(db)}
       AND NOT EXISTS (SELECT 1 FROM "askbot_post" a WHERE a."thread_id" = q."thread_id" AND a."post_type" = 'answer'
                       AND a."deleted" = ${no(db)} AND a."author_id" <> q."author_id"
                       AND NOT EXISTS (SELECT 1 FROM "askbot_userprofile" bp WHERE bp."auth_user_ptr_id" = a."author_id" AND bp."status" = 'b')${staffAnswer})`,
  );
}

/** The compiled questions of the user who asked most in [start, end] (daily summaries), and who. */
export async function expectedTopAsker(db: Db, start: string, end: string): Promise<{ username: string; questions: number }> {
  const row = await db.one<{ username: string; n: unknown }>(
    sql`SELECT u."username" AS username, sum(s."num_questions") AS n FROM "askbot_dailyusersummary" s JOIN "auth_user" u ON u."id" = s."user_id"
     LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"
     WHERE s."date" >= ${start} AND s."date" <= ${end} AND (pr."status" IS NULL OR pr."status" <> 'b')
     GROUP BY u."username" ORDER BY sum(s."num_questions") DESC, u."username" LIMIT 1`,
  );
  expect(row).toBeDefined();
  return { username: row!.username, questions: Number(row!.n) };
}

/** Cohort `month` (YYYY-MM): its members, and how many of them were active (a daily summary with activity) k months later. */
export async function expectedCohortCell(db: Db, month: string, k: number, excludeStaff: boolean): Promise<{ size: number; active: number }> {
  const joinFrom = instant(db, `${month}-01`);
  const joinTo = instant(db, `${addMonths(month, 1)}-01`);
  const members = sql`FROM "auth_user" u LEFT JOIN "askbot_userprofile" pr ON pr."auth_user_ptr_id" = u."id"
    WHERE u."date_joined" >= ${joinFrom} AND u."date_joined" < ${joinTo} AND ${countedUser(db, excludeStaff)}`;
  const size = await count(db, sql`SELECT count(*) AS n ${members}`);
  const time = db.engine === 'postgres' ? sql`s."time_on_site" > interval '0'` : sql`s."time_on_site" > 0`;
  const active = await count(
    db,
    sql`SELECT count(*) AS n ${members} AND EXISTS (
       SELECT 1 FROM "askbot_dailyusersummary" s WHERE s."user_id" = u."id" AND s."date" >= ${`${addMonths(month, k)}-01`} AND s."date" < ${`${addMonths(month, k + 1)}-01`}
         AND (s."num_questions" + s."num_answers" + s."num_upvotes" + s."num_downvotes" + s."question_views" > 0 OR ${time}))`,
  );
  return { size, active };
}

/** Makes one moderator a member who joined on `day`: staff whose joining the switch must hide. */
export async function moderatorJoinedOn(db: Db, day: string): Promise<string> {
  const mod = await db.one<{ id: number; username: string }>(
    sql`SELECT u."id", u."username" FROM "auth_user" u JOIN "askbot_userprofile" p ON p."auth_user_ptr_id" = u."id" WHERE p."status" = 'm' ORDER BY u."id" LIMIT 1`,
  );
  expect(mod).toBeDefined();
  await db.run(sql`UPDATE "auth_user" SET "date_joined" = ${db.dialect.dateTimeParam(Date.parse(`${day}T12:00:00Z`) * 1000)} WHERE "id" = ${mod!.id}`);
  return mod!.username;
}

/** The number a figure shows (digits only, so "1,234" reads 1234). */
export async function figureNumber(page: Page, key: string): Promise<number> {
  const text = (await page.getByTestId(`value-${key}`).textContent()) ?? '';
  return Number(text.replace(/[^\d.]/g, ''));
}

/** Picks a custom date range in the view's date picker and waits for the report to show it. */
export async function customRange(page: Page, idPrefix: string, start: string, end: string): Promise<void> {
  await page.getByLabel('Date range preset').selectOption('custom');
  await page.getByLabel('First day (inclusive)').fill(start);
  await page.getByLabel('Last day (inclusive)').fill(end);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  try {
    await page
      .getByTestId(`${idPrefix}-range`)
      .filter({ hasText: `${start} – ${end}` })
      .waitFor();
  } catch (err) {
    // Say what the page showed instead (an error banner names the cause).
    const alerts = await page.getByRole('alert').allTextContents();
    const shown = await page.getByTestId(`${idPrefix}-range`).allTextContents();
    throw new Error(
      `the range ${start} – ${end} did not appear (shown: ${shown.join(' | ') || 'none'}${alerts.length ? `; the page says: ${alerts.join(' | ')}` : ''}): ${(err as Error).message}`,
    );
  }
}

/** Waits until the Overview shows a report with nothing loading. */
export async function overviewSettled(page: Page): Promise<void> {
  await page.locator('[data-testid="overview-body"][aria-busy="false"]').waitFor();
}

export async function retentionSettled(page: Page): Promise<void> {
  await page.locator('[data-testid="retention-body"][aria-busy="false"]').waitFor();
}

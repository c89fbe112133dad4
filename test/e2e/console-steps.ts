// Steps shared by the console e2e tests: each waits for explicit UI readiness (roles and text).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { hashDjangoPassword } from '../../src-main/core/auth/password';
import { ensureContentTypeId } from '../../src-main/core/db/init';
import type { Db } from '../../src-main/core/db/types';
import { sql } from '../../src-main/core/db/sql';
import { EVENT, insertEvents, insertSessions } from '../../src-main/core/forum/analytics';
import { MICROS_PER_HOUR } from '../../src-main/core/time/instant';

export const ADMIN = { login: 'admin', password: 'admin-demo-password' };

export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username or e-mail').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInAsAdmin(page: Page): Promise<void> {
  await signIn(page, ADMIN.login, ADMIN.password);
  await page.getByRole('heading', { name: 'Home' }).waitFor();
}

/** Gives a forum member without staff status a known password; returns the username. */
export async function nonStaffWithPassword(db: Db, password: string): Promise<string> {
  const row = await db.one<{ username: string; id: number }>(
    sql`SELECT u."id", u."username" FROM "auth_user" u JOIN "askbot_userprofile" p ON p."auth_user_ptr_id" = u."id"
     WHERE p."status" NOT IN ('d', 'm') AND u."is_active" = ${db.dialect.bool(true)} ORDER BY u."id" LIMIT 1`,
  );
  expect(row).toBeDefined();
  await db.run(sql`UPDATE "auth_user" SET "password" = ${await hashDjangoPassword(password, { iterations: 1000 })} WHERE "id" = ${row!.id}`);
  return row!.username;
}

/** Waits until the Users table shows the given level. */
export async function usersLevel(page: Page, level: 'segments' | 'groups' | 'users') {
  const table = page.locator(`table[data-level="${level}"]`);
  try {
    await table.waitFor();
  } catch (err) {
    // Say what the page showed instead (an error banner names the cause).
    const alerts = await page.getByRole('alert').allTextContents();
    throw new Error(`the ${level} table did not appear${alerts.length ? `; the page says: ${alerts.join(' | ')}` : ''} (${(err as Error).message})`);
  }
  return table;
}

/** Waits for the Users view's top level (segments, or groups when there are no named segments). */
export async function topLevel(page: Page) {
  const table = page.locator('table[data-level]');
  await table.waitFor();
  return table;
}

/** Clicks Compile and waits for its result. */
export async function compileNow(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Compile now' }).click();
  const result = page.getByTestId('result-compile');
  await result.waitFor({ timeout: 110_000 });
  return (await result.textContent()) ?? '';
}

/** Adds a session with `n` question views two hours ago: events waiting for the next compile. */
export async function addWaitingEvents(db: Db, n: number): Promise<void> {
  const user = await db.one<{ id: number }>(sql`SELECT "id" FROM "auth_user" ORDER BY "id" DESC LIMIT 1`);
  const post = await db.one<{ id: number }>(sql`SELECT "id" FROM "askbot_post" WHERE "post_type" = 'question' ORDER BY "id" LIMIT 1`);
  expect(user && post).toBeTruthy();
  const start = Math.floor(Date.now() / 3_600_000) * MICROS_PER_HOUR - 2 * MICROS_PER_HOUR;
  const [sessionId] = await insertSessions(db, [{ userId: Number(user!.id), createdAt: start, updatedAt: start + MICROS_PER_HOUR / 2 }]);
  const contentTypeId = await ensureContentTypeId(db, 'askbot', 'post');
  await insertEvents(
    db,
    Array.from({ length: n }, (_, i) => ({
      sessionId: sessionId!,
      eventType: EVENT.QUESTION_VIEWED,
      timestamp: start + Math.floor((i * (MICROS_PER_HOUR / 2)) / n),
      contentTypeId,
      objectId: Number(post!.id),
    })),
  );
}

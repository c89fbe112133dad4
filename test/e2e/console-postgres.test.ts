// The console on PostgreSQL: a demo forum seeded into a fresh PostgreSQL database by the core seeder in
// this process, opened from the start screen's host/database fields and saved as a profile; then
// sign-in, Compile, organizations, the Users drill-down into the Activity log, dates and paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, seedDemo } from '../../src-main/core/seed';
import { freshAskbotDb } from '../helpers/engines';
import { addWaitingEvents, nonStaffWithPassword, signIn, signInAsAdmin, topLevel, usersLevel } from './console-steps';
import { closeBrowser, launchApp, type App } from './harness';
import { sql } from '../../src-main/core/db/sql';

let url = '';

beforeAll(async () => {
  const fresh = await freshAskbotDb('postgres');
  await seedDemo(fresh.db, { users: 120, days: 45, seed: 7, now: Date.now() * 1000, passwordIterations: 1000 });
  await nonStaffWithPassword(fresh.db, 'member-password');
  await fresh.db.close();
  url = fresh.url;
});
afterAll(closeBrowser);

/** Opens the database through the host/port/database/user/password fields, saved as a profile. */
async function openFromFields(app: App): Promise<void> {
  const { page } = app;
  const u = new URL(url);
  await page.getByRole('radio', { name: 'Host and database' }).check();
  await page.getByLabel('Host', { exact: true }).fill(u.hostname);
  await page.getByLabel('Port', { exact: true }).fill(u.port || '5432');
  await page.getByLabel('Database name').fill(decodeURIComponent(u.pathname.slice(1)));
  await page.getByLabel('Database user').fill(decodeURIComponent(u.username));
  await page.getByLabel('Database password').fill(decodeURIComponent(u.password));
  await page.getByLabel('TLS mode').selectOption('disable');
  await page.getByLabel('Save the PostgreSQL connection as').fill('Forum on PostgreSQL');
  // Without an OS keychain (the e2e bridge has none) the password cannot be saved, and the form says so.
  await page.getByRole('note').filter({ hasText: 'cannot be saved' }).waitFor();
  await app.screenshot('start-postgres-fields');
  await page.getByRole('button', { name: 'Connect' }).click();
}

describe('console on PostgreSQL', () => {
  it('connects, refuses a non-staff account, signs in, compiles and creates organizations', async () => {
    const app = await launchApp();
    try {
      const { page } = app;
      await openFromFields(app);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      const member = await app.state
        .requireDb()
        .one<{ username: string }>(
          sql`SELECT u."username" FROM "auth_user" u JOIN "askbot_userprofile" p ON p."auth_user_ptr_id" = u."id" WHERE p."status" NOT IN ('d','m') ORDER BY u."id" LIMIT 1`,
        );
      await signIn(page, member!.username, 'member-password');
      await page.getByRole('alert').filter({ hasText: 'administrators and moderators' }).waitFor();
      await signIn(page, DEMO_ADMIN_USERNAME, 'wrong');
      await page
        .getByRole('alert')
        .filter({ hasText: /password/i })
        .waitFor();
      await signIn(page, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD);
      await page.getByRole('heading', { name: 'Home' }).waitFor();
      await expect(page.getByTestId('db-line').textContent()).resolves.toContain('PostgreSQL');

      // Compile: progress, the result, and nothing left waiting.
      await app.state.withWriter((db) => addWaitingEvents(db, 300));
      await page.getByRole('button', { name: 'Refresh' }).click();
      const waiting = page.getByTestId('figure-Events waiting to be compiled').locator('.value');
      const figure = async () => Number((await waiting.textContent())?.replace(/\D/g, ''));
      await expect.poll(figure).toBeGreaterThanOrEqual(300);
      const before = await figure();
      app.holdJobs(); // the compile stays running until the second one was refused and the views were switched
      await page.getByRole('button', { name: 'Compile now' }).click();
      await page.getByRole('progressbar', { name: 'Compile progress' }).waitFor();
      await page.keyboard.press('Control+Shift+C');
      await page.getByRole('alert').filter({ hasText: 'already running' }).waitFor();
      // The job goes on while another view is shown; Home shows its result on return.
      await page.keyboard.press('Control+3');
      await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
      await page.keyboard.press('Control+1');
      app.releaseJobs();
      const result = page.getByTestId('result-compile');
      await result.waitFor({ timeout: 110_000 });
      await expect(result.textContent()).resolves.toContain('Done');
      // The refusal goes away once the running compile has ended.
      await expect.poll(() => page.getByRole('alert').count()).toBe(0);
      // Only events of the current, unfinished hour may still wait: at least the 300 added ones are summarized.
      await expect.poll(figure).toBeLessThanOrEqual(before - 300);
      const left = await app.state.requireDb().one<{ n: number }>(sql`SELECT count(*) AS n FROM "askbot_event" WHERE NOT "summarized"`);
      expect(await figure()).toBe(Number(left!.n));
      await app.screenshot('postgres-compile-result');

      // Organizations: switched on in Settings (saved to the profile), previewed, then created.
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByLabel('Organizations by e-mail domain enabled').check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
      await page.getByRole('button', { name: 'Home' }).click();
      await page.getByRole('button', { name: 'Preview organizations' }).click();
      await page.getByRole('table', { name: 'Organizations preview' }).waitFor();
      await page.getByRole('button', { name: 'Confirm and create' }).click();
      const groups = page.getByTestId('result-createGroups');
      await groups.waitFor({ timeout: 110_000 });
      await expect(groups.textContent()).resolves.toContain('Done');
      await app.screenshot('postgres-organizations-created');
    } finally {
      await app.close();
    }
  });

  it('reopens the saved profile (asking for the password), drills to a user and pages the Activity log', async () => {
    const app = await launchApp();
    try {
      const { page } = app;
      await openFromFields(app);
      await signInAsAdmin(page);
      await page.getByRole('button', { name: 'Disconnect' }).click();
      // The saved profile asks for the password it could not keep.
      await page
        .getByLabel('Password for Forum on PostgreSQL')
        .first()
        .fill(decodeURIComponent(new URL(url).password));
      await page.getByRole('button', { name: 'Open Forum on PostgreSQL' }).first().click();
      await signInAsAdmin(page);

      await page.getByRole('button', { name: 'Users' }).click();
      const top = await topLevel(page);
      await page.getByLabel('Date range preset').selectOption('all-time');
      await page.getByTestId('users-dates-range').waitFor();
      if ((await top.getAttribute('data-level')) === 'segments') await top.locator('tbody th button').first().click();
      const groupLevel = await usersLevel(page, 'groups');
      await groupLevel.getByRole('button', { name: 'Questions', exact: true }).click();
      await groupLevel.locator('tbody th button').first().click();
      const users = await usersLevel(page, 'users');
      await page.getByTestId('series-chart').waitFor();
      await app.screenshot('postgres-users');
      // A positive number of a user opens the Activity log for that metric.
      const number = users.locator('tbody td button').first();
      const label = (await number.getAttribute('aria-label'))!;
      await number.click();
      await page.getByRole('heading', { name: 'Activity' }).waitFor();
      expect(await page.getByLabel('Users segment').inputValue()).toMatch(/^user:\d+$/);
      const metric = label.split(' of ')[0]!;
      const expected = {
        'Users added': 'registered',
        Questions: 'question-posted',
        Answers: 'answer-posted',
        Upvotes: 'content-upvoted',
        Downvotes: 'content-downvoted',
        'Question views': 'question-viewed',
      }[metric];
      expect(await page.getByLabel('Activity segment').inputValue()).toBe(expected);
      await page.getByRole('table', { name: 'Events' }).locator('tbody tr').first().waitFor();

      // The whole log of the range, paged Older and back Newer.
      await page.getByLabel('Users segment').fill('all-users');
      await page.getByLabel('Activity segment').selectOption('all-activity');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByLabel('Date range preset').selectOption('all-time');
      const total = page.getByTestId('activity-total');
      await total.filter({ hasText: 'Page 1' }).waitFor();
      const table = page.getByRole('table', { name: 'Events' });
      const top1 = await table.locator('tbody tr').first().textContent();
      await page.getByRole('button', { name: 'Older →' }).click();
      await total.filter({ hasText: 'Page 2' }).waitFor();
      await page.getByRole('button', { name: 'Older →' }).click();
      await total.filter({ hasText: 'Page 3' }).waitFor();
      await page.getByRole('button', { name: '← Newer' }).click();
      await page.getByRole('button', { name: '← Newer' }).click();
      await total.filter({ hasText: 'Page 1' }).waitFor();
      expect(await table.locator('tbody tr').first().textContent()).toBe(top1);
      // A custom range on the Activity log.
      await page.getByLabel('Date range preset').selectOption('custom');
      const end = new Date().toISOString().slice(0, 10);
      const start = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('First day (inclusive)').fill(start);
      await page.getByLabel('Last day (inclusive)').fill(end);
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await page
        .getByRole('navigation', { name: 'Breadcrumbs' })
        .filter({ hasText: `${start} – ${end}` })
        .waitFor();
      await app.screenshot('postgres-activity');
    } finally {
      await app.close();
    }
  });
});

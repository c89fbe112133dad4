// The console on the SQLite demo database: create it with a progress bar, sign in (and be refused),
// compile, create organizations, drill the Users view into the Activity log, change dates, page the log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGoogleAnalyticsKey } from '../../src-main/core/livesettings';
import { resolveDateRange } from '../../src-main/core/reports';
import { closeBrowser, launchApp, type App } from './harness';
import { ADMIN, addWaitingEvents, nonStaffWithPassword, signIn, signInAsAdmin, usersLevel } from './console-steps';
import { sql } from '../../src-main/core/db/sql';

// One data folder for the file: the first test builds the demo, the others reopen it.
const dataDir = mkdtempSync(join(tmpdir(), 'aac-e2e-demo-'));
afterAll(async () => {
  await closeBrowser();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openDemo(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<App> {
  const app = await launchApp({ dataDir, ...opts });
  await app.page.getByRole('button', { name: 'New demo database' }).click();
  return app;
}

describe('console on the demo database (SQLite)', () => {
  it('creates the demo with a progress bar, refuses a wrong password and a non-staff account, signs in and out', async () => {
    const app = await launchApp({ dataDir });
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'Open a forum database' }).waitFor();
      app.holdJobs(); // the demo job stays running until the progress bar has been seen
      await page.getByRole('button', { name: 'New demo database' }).click();
      await page.getByRole('progressbar', { name: 'Building the demo forum progress' }).waitFor();
      await app.screenshot('demo-progress');
      app.releaseJobs();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 110_000 });
      // The demo's accounts are shown on its sign-in screen.
      await expect(page.getByRole('table', { name: 'Demo accounts' }).textContent()).resolves.toContain(ADMIN.password);
      await app.screenshot('sign-in-demo');

      await signIn(page, ADMIN.login, 'not-the-password');
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/password/i);
      await app.screenshot('sign-in-wrong-password');

      const member = await app.state.withWriter((db) => nonStaffWithPassword(db, 'member-password')); // the app's own connection only reads
      await signIn(page, member, 'member-password');
      await expect(page.getByRole('alert').filter({ hasText: 'administrators and moderators' }).textContent()).resolves.toContain(member);

      await signInAsAdmin(page);
      await expect(page.getByTestId('signed-in-as').textContent()).resolves.toContain('admin (administrator)');
      await expect(page.getByTestId('db-line').textContent()).resolves.toContain('Askbot schema found');
      await app.screenshot('home');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      // The demo is a saved profile on the start screen.
      await page.getByRole('button', { name: 'Choose another database' }).click();
      await page.getByRole('button', { name: 'Open Demo forum' }).waitFor();
      await app.screenshot('start-profiles');
    } finally {
      await app.close();
    }
  });

  it('compiles with progress and a result; a second compile meanwhile is refused with the LOCKED message', async () => {
    const app = await openDemo();
    try {
      const { page } = app;
      await signInAsAdmin(page);
      // The demo is compiled when it is built: give the compiler new events to summarize.
      await app.state.withWriter((db) => addWaitingEvents(db, 20_000));
      await page.getByRole('button', { name: 'Refresh' }).click();
      const waiting = page.getByTestId('figure-Events waiting to be compiled').locator('.value');
      const figure = async () => Number((await waiting.textContent())?.replace(/\D/g, ''));
      await expect.poll(figure).toBeGreaterThanOrEqual(20_000);
      const before = await figure();
      const compile = page.getByRole('button', { name: 'Compile now' });
      app.holdJobs(); // the compile stays running until the second one has been refused
      await compile.click();
      await page.getByRole('progressbar', { name: 'Compile progress' }).waitFor();
      await page.keyboard.press('Control+Shift+C');
      await expect(page.getByRole('alert').filter({ hasText: 'already running' }).textContent()).resolves.toContain('compile');
      await app.screenshot('compile-progress');
      app.releaseJobs();
      const result = page.getByTestId('result-compile');
      await result.waitFor({ timeout: 110_000 });
      await expect(result.textContent()).resolves.toContain('Done');
      // Only events of the current, unfinished hour may still wait.
      await expect.poll(figure).toBeLessThanOrEqual(before - 20_000);
      await app.screenshot('compile-result');
    } finally {
      await app.close();
    }
  });

  it('previews organizations (switched off, then on in Settings) and creates them', async () => {
    const app = await openDemo();
    try {
      const { page } = app;
      await signInAsAdmin(page);
      await page.getByRole('button', { name: 'Preview organizations' }).click();
      await page.getByRole('note').filter({ hasText: 'switched off' }).waitFor();
      await expect(page.getByRole('button', { name: 'Confirm and create' }).isDisabled()).resolves.toBe(true);

      await page.keyboard.press('Control+6');
      await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
      // A bad value is shown next to its setting.
      await page.getByLabel('TIME_ZONE').fill('Mars/Olympus');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByTestId('problems-TIME_ZONE').textContent()).resolves.toContain('Mars/Olympus');
      await app.screenshot('settings-problem');
      await page.getByLabel('TIME_ZONE').fill('UTC');
      await page.getByLabel('Organizations by e-mail domain enabled').check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();

      await page.keyboard.press('Control+1');
      await page.getByRole('button', { name: 'Preview organizations' }).click();
      const table = page.getByRole('table', { name: 'Organizations preview' });
      await table.waitFor();
      expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
      await expect(page.getByTestId('preview-summary').textContent()).resolves.toMatch(/new memberships/);
      await app.screenshot('organizations-preview');
      await page.getByRole('button', { name: 'Confirm and create' }).click();
      const result = page.getByTestId('result-createGroups');
      await result.waitFor({ timeout: 110_000 });
      await expect(result.textContent()).resolves.toContain('Done');
      await app.screenshot('organizations-created');

      // The administrator sets the forum's Google Analytics tracking ID.
      await page.keyboard.press('Control+6');
      await page.getByLabel('Tracking ID', { exact: true }).fill('G-DEMO123');
      await page.getByRole('button', { name: 'Save tracking ID' }).click();
      await page.getByRole('status').filter({ hasText: 'Tracking ID saved.' }).waitFor();
      await expect(readGoogleAnalyticsKey(app.state.requireDb())).resolves.toBe('G-DEMO123');
    } finally {
      await app.close();
    }
  });

  it('drills segments → groups → users → Activity, and changes dates with a preset and a custom range', async () => {
    const app = await openDemo();
    try {
      const { page } = app;
      await signInAsAdmin(page);
      // A named segment of the Staff group, so the Users view starts at the segments level.
      const staff = await app.state.requireDb().one<{ id: number }>(sql`SELECT "id" FROM "auth_group" WHERE "name" = 'Staff'`);
      await page.keyboard.press('Control+6');
      await page
        .getByLabel('Named segments (JSON)')
        .fill(JSON.stringify([{ name: 'Staff', slug: 'staff', description: 'Forum staff', group_ids: [Number(staff!.id)] }]));
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();

      await page.keyboard.press('Control+3');
      const top = await usersLevel(page, 'segments');
      await expect(top.locator('tbody th').allTextContents()).resolves.toEqual(['Staff', 'Rest of Users', 'All Users']);
      await page.getByTestId('series-chart').waitFor();
      await app.screenshot('users-segments');

      // A preset changes the range shown; "today" is partial.
      const today = new Date().toISOString().slice(0, 10);
      for (const preset of ['last-7-days', 'last-month'] as const) {
        const r = resolveDateRange(preset, { today });
        await page.getByLabel('Date range preset').selectOption(preset);
        await page
          .getByTestId('users-dates-range')
          .filter({ hasText: `${r.start} – ${r.end}${r.partial ? 'partial' : ''}` })
          .waitFor();
      }
      await expect(page.getByTestId('users-dates-range').textContent()).resolves.not.toContain('partial');

      // A custom range: both ends inclusive.
      await page.getByLabel('Date range preset').selectOption('custom');
      await page.getByLabel('First day (inclusive)').fill('2020-01-01');
      const end = new Date().toISOString().slice(0, 10);
      await page.getByLabel('Last day (inclusive)').fill(end);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page
        .getByTestId('users-dates-range')
        .filter({ hasText: `2020-01-01 – ${end}` })
        .waitFor();
      await app.screenshot('users-custom-range');

      // Compare with the previous period.
      await page.getByLabel('Compare with the previous period').check();
      await page.getByTestId('compare-range').waitFor();

      // A named segment lists its users.
      await top.getByRole('button', { name: 'Open Staff' }).click();
      await usersLevel(page, 'users');
      await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('button', { name: 'Users' }).click();
      // The default segment lists its organizations.
      await (await usersLevel(page, 'segments')).getByRole('button', { name: 'Open Rest of Users' }).click();
      const groups = await usersLevel(page, 'groups');
      await app.screenshot('users-groups');
      // Sort by users added, largest first.
      await groups.getByRole('button', { name: 'Users added', exact: true }).click();
      await expect(groups.locator('th[aria-sort="descending"]').textContent()).resolves.toContain('Users added');
      const groupName = (await groups.locator('tbody th button').first().textContent())!;
      await groups.locator('tbody th button').first().click();
      const users = await usersLevel(page, 'users');
      const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
      await expect(crumbs.textContent()).resolves.toContain(groupName);
      await expect(crumbs.textContent()).resolves.toMatch(/^Analytics.*Users/);
      // Search narrows the users of the group.
      const userName = (await users.locator('tbody th button').first().textContent())!;
      await page.getByLabel('Search by name').fill(userName);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('button', { name: 'Clear search' }).waitFor();
      await app.screenshot('users-users');
      // A user opens the Activity log filtered to that user, with the same dates.
      await users
        .getByRole('button', { name: `Activity of ${userName}` })
        .first()
        .click();
      await page.getByRole('heading', { name: 'Activity' }).waitFor();
      const userFilter = await page.getByLabel('Users segment').inputValue();
      expect(userFilter).toMatch(/^user:\d+$/);
      await page.getByRole('table', { name: 'Events' }).waitFor();
      await app.screenshot('activity-user');
      // Reloading the window restores where the user was (navigation kept per profile).
      await page.reload();
      await page.getByRole('heading', { name: 'Activity' }).waitFor();
      expect(await page.getByLabel('Users segment').inputValue()).toBe(userFilter);
      await expect(page.getByRole('button', { name: 'Activity', exact: true }).first().getAttribute('aria-current')).resolves.toBe('page');
    } finally {
      await app.close();
    }
  });

  it('filters the Activity log and pages through it with Older and Newer', async () => {
    const app = await openDemo({ colorScheme: 'dark' });
    try {
      const { page } = app;
      await signInAsAdmin(page);
      await page.keyboard.press('Control+4');
      await page.getByRole('heading', { name: 'Activity' }).waitFor();
      await page.getByLabel('Date range preset').selectOption('all-time');
      const table = page.getByRole('table', { name: 'Events' });
      await table.waitFor();
      await page.getByTestId('activity-total').filter({ hasText: 'Page 1' }).waitFor();
      const firstPageTop = await table.locator('tbody tr').first().textContent();
      await page.getByRole('button', { name: 'Older →' }).click();
      await page.getByTestId('activity-total').filter({ hasText: 'Page 2' }).waitFor();
      expect(await table.locator('tbody tr').first().textContent()).not.toBe(firstPageTop);
      await page.getByRole('button', { name: '← Newer' }).click();
      await page.getByTestId('activity-total').filter({ hasText: 'Page 1' }).waitFor();
      expect(await table.locator('tbody tr').first().textContent()).toBe(firstPageTop);

      await page.getByLabel('Activity segment').selectOption('question-posted');
      await page.getByRole('navigation', { name: 'Breadcrumbs' }).filter({ hasText: 'Question posted' }).waitFor();
      await page.getByTestId('activity-total').filter({ hasText: 'Page 1' }).waitFor();
      const events = await table.locator('tbody tr td:nth-child(4)').allTextContents();
      expect(events.length).toBeGreaterThan(0);
      expect(new Set(events)).toEqual(new Set(['Asked question']));
      await app.screenshot('activity-filtered-dark');

      // A content filter that is not thread:N / post:N is refused before it is sent.
      await page.getByLabel('Content (thread:N or post:N)').fill('question 5');
      await expect(page.getByRole('button', { name: 'Apply filters' }).isDisabled()).resolves.toBe(true);

      // An organization in a row opens that group's users in the Users view.
      const org = table.getByRole('button', { name: /^Open organization / }).first();
      const orgName = (await org.textContent())!;
      await org.click();
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      await page.getByRole('navigation', { name: 'Breadcrumbs' }).filter({ hasText: orgName }).waitFor();
    } finally {
      await app.close();
    }
  });

  it('a moderator sees the reports but cannot change the tracking ID', async () => {
    const app = await openDemo();
    try {
      const { page } = app;
      await page.getByRole('button', { name: 'Use the moderator account' }).click();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Home' }).waitFor();
      await expect(page.getByTestId('signed-in-as').textContent()).resolves.toContain('moderator (moderator)');
      await page.keyboard.press('Control+6');
      await page.getByTestId('ga-disabled-reason').waitFor();
      await expect(page.getByLabel('Tracking ID', { exact: true }).isDisabled()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: 'Save tracking ID' }).isDisabled()).resolves.toBe(true);
      await app.screenshot('settings-moderator');
    } finally {
      await app.close();
    }
  });

  it('opens the demo file read-only: reports work, jobs are disabled with the reason', async () => {
    const app = await launchApp({ dataDir });
    try {
      const { page } = app;
      await page.getByLabel('SQLite file path').fill(join(dataDir, 'demo.sqlite'));
      await page.getByLabel('Open the SQLite file read-only').check();
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await signInAsAdmin(page);
      await expect(page.getByTestId('db-line').textContent()).resolves.toContain('read-only');
      await expect(page.getByRole('button', { name: 'Compile now' }).isDisabled()).resolves.toBe(true);
      await page.getByText('This connection is read-only').first().waitFor();
      await page.keyboard.press('Control+3');
      await page.locator('table[data-level]').waitFor();
      await app.screenshot('read-only-users');
    } finally {
      await app.close();
    }
  });
});

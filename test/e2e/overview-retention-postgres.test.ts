// Issue 14 in Chromium on PostgreSQL: the same checks as overview-retention.test.ts (the Overview's
// figures and links, the Retention heat map, "Leave staff out" remembered with the saved profile) on a
// demo forum seeded and compiled into a fresh PostgreSQL database by the core in this process.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import { seedDemo } from '../../src-main/core/seed';
import { freshAskbotDb } from '../helpers/engines';
import { ADMIN, signIn, signInAsAdmin } from './console-steps';
import { closeBrowser, launchApp, type App } from './harness';
import { checkOverview, checkRetention, checkSegmentsAndStates, checkStaffSwitch } from './health-checks';

const PROFILE = 'Health on PostgreSQL';
let url = '';

beforeAll(async () => {
  const fresh = await freshAskbotDb('postgres');
  const now = Date.now() * 1000;
  // Four months of forum: four join-month cohorts for the heat map.
  await seedDemo(fresh.db, { users: 150, days: 120, seed: 14, now, passwordIterations: 1000 });
  await compileAnalytics(fresh.db, { now });
  await fresh.db.close();
  url = fresh.url;
});
afterAll(closeBrowser);

/** Opens the database from the URL field, saved as a profile, and signs in as the administrator. */
async function open(): Promise<App> {
  const app = await launchApp();
  const { page } = app;
  await page.getByRole('radio', { name: 'Host and database' }).check();
  const u = new URL(url);
  await page.getByLabel('Host', { exact: true }).fill(u.hostname);
  await page.getByLabel('Port', { exact: true }).fill(u.port || '5432');
  await page.getByLabel('Database name').fill(decodeURIComponent(u.pathname.slice(1)));
  await page.getByLabel('Database user').fill(decodeURIComponent(u.username));
  await page.getByLabel('Database password').fill(decodeURIComponent(u.password));
  await page.getByLabel('TLS mode').selectOption('disable');
  await page.getByLabel('Save the PostgreSQL connection as').fill(PROFILE);
  await page.getByRole('button', { name: 'Connect' }).click();
  await signInAsAdmin(page);
  return app;
}

/** Disconnects and opens the saved profile again (its password asked for: the e2e bridge has no keychain). */
async function reopen(app: App): Promise<void> {
  const { page } = app;
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page
    .getByLabel(`Password for ${PROFILE}`)
    .first()
    .fill(decodeURIComponent(new URL(url).password));
  await page
    .getByRole('button', { name: `Open ${PROFILE}` })
    .first()
    .click();
  await signIn(page, ADMIN.login, ADMIN.password);
  await page.getByTestId('signed-in-as').waitFor();
}

/** Holds auth_user locked from another session: every report waits on it until released. */
async function lockUsers(): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE "auth_user" IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('ROLLBACK');
    await client.end();
  };
}

describe('Overview, Retention and "Leave staff out" on PostgreSQL', () => {
  it('a slow Overview or Retention shows Loading and Cancel; cancelled, it says so and runs again', async () => {
    const app = await open();
    try {
      const { page } = app;
      for (const [key, view, prefix] of [
        ['Control+2', 'Overview', 'overview'],
        ['Control+5', 'Retention', 'retention'],
      ] as const) {
        const release = await lockUsers();
        try {
          await page.keyboard.press(key);
          await page.getByRole('heading', { name: view, level: 2 }).waitFor();
          await page.getByTestId(`${prefix}-report-running`).waitFor();
          if (prefix === 'overview') await page.getByTestId('overview-loading').waitFor();
          await app.screenshot(`${prefix}-running-postgres`);
          await page.getByRole('button', { name: 'Cancel', exact: true }).click();
          const stopped = page.getByTestId(`${prefix}-report-stopped`);
          await stopped.waitFor();
          await expect(stopped.textContent()).resolves.toContain('The report was cancelled');
          await expect(page.getByRole('alert').count()).resolves.toBe(0);
        } finally {
          await release();
        }
        await page.getByRole('button', { name: 'Run again' }).click();
        await page.locator(`[data-testid="${prefix}-body"][aria-busy="false"]`).waitFor();
        await expect(page.getByTestId(`${prefix}-report-stopped`).count()).resolves.toBe(0);
      }
    } finally {
      await app.close();
    }
  });

  it('Overview: figures equal SQL on the same database; a top asker opens their questions, "Still unanswered" the list', async () => {
    const app = await open();
    try {
      await checkOverview(app);
    } finally {
      await app.close();
    }
  });

  it('an organization from the picker (figures equal SQL for its members), an unknown user (error), no cohort (empty state)', async () => {
    const app = await open();
    try {
      await checkSegmentsAndStates(app);
    } finally {
      await app.close();
    }
  });

  it('Retention: cohort sizes and a cell’s hover counts equal SQL; the average row and the partial month', async () => {
    const app = await open();
    try {
      await checkRetention(app);
    } finally {
      await app.close();
    }
  });

  it('Leave staff out: a moderator who joined in the range is counted, then left out; stated in each header; remembered with the profile', async () => {
    const app = await open();
    try {
      await checkStaffSwitch(app, () => reopen(app));
    } finally {
      await app.close();
    }
  });
});

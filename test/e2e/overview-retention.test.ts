// Issue 14 in Chromium on the SQLite demo: the Overview's figures against SQL on the same database and
// its links into the Activity log and the questions list; the Retention heat map's cells and hover
// counts against SQL; the "Leave staff out" switch changing the figures, stated in each report's
// header and remembered with the connection; screenshots in light and dark at 1280x800 and 1920x1080.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { compileAnalytics } from '../../src-main/core/compile';
import { seedDemo } from '../../src-main/core/seed';
import { freshAskbotDb } from '../helpers/engines';
import { closeBrowser, launchApp, type App } from './harness';
import { ADMIN, signIn, signInAsAdmin } from './console-steps';
import { checkOverview, checkRetention, checkSegmentsAndStates, checkStaffSwitch, healthScreenshots } from './health-checks';

const dataDir = mkdtempSync(join(tmpdir(), 'aac-e2e-health-'));
afterAll(async () => {
  await closeBrowser();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The demo forum (built by the first test, reopened by the others), signed in as the administrator. */
async function openDemo(): Promise<App> {
  const app = await launchApp({ dataDir });
  await app.page.getByRole('button', { name: 'New demo database' }).click();
  await app.page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 110_000 });
  await signInAsAdmin(app.page);
  return app;
}

/** Disconnects and opens the saved demo profile again; the console comes back at the view it showed. */
async function reopenDemo(app: App): Promise<void> {
  const { page } = app;
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('button', { name: 'Open Demo forum' }).click();
  await signIn(page, ADMIN.login, ADMIN.password);
  await page.getByTestId('signed-in-as').waitFor();
}

describe('Overview, Retention and "Leave staff out" on the demo (SQLite)', () => {
  it('Overview: figures equal SQL on the same database; a top asker opens their questions, "Still unanswered" the list', async () => {
    const app = await openDemo();
    try {
      await checkOverview(app);
    } finally {
      await app.close();
    }
  });

  it('an organization from the picker (figures equal SQL for its members), an unknown user (error), no cohort (empty state)', async () => {
    const app = await openDemo();
    try {
      await checkSegmentsAndStates(app);
    } finally {
      await app.close();
    }
  });

  it('Retention: cohort sizes and a cell’s hover counts equal SQL; the average row and the partial month', async () => {
    const app = await openDemo();
    try {
      await checkRetention(app);
    } finally {
      await app.close();
    }
  });

  it('screenshots of both views, light and dark, at 1280x800 and 1920x1080 (a forum of 13 months: a year of cohorts)', async () => {
    const fresh = await freshAskbotDb('sqlite');
    const now = Date.now() * 1000;
    await seedDemo(fresh.db, { users: 400, days: 400, seed: 5, now, passwordIterations: 1000 });
    await compileAnalytics(fresh.db, { now });
    await fresh.db.close();
    const app = await launchApp({ dataDir });
    try {
      await app.page.getByLabel('SQLite file path').fill(fresh.url);
      await app.page.getByRole('button', { name: 'Open', exact: true }).click();
      await signInAsAdmin(app.page);
      await healthScreenshots(app, 'sqlite');
    } finally {
      await app.close();
    }
  });

  it('Leave staff out: a moderator who joined in the range is counted, then left out; stated in each header; remembered after reconnecting', async () => {
    const app = await openDemo();
    try {
      await checkStaffSwitch(app, () => reopenDemo(app));
    } finally {
      await app.close();
    }
  });
});

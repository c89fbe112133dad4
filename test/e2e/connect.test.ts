// First light: open the demo database and a PostgreSQL database from the connect screen, sign in, and
// see the status figures on Home, read from the real database through the real handlers.
import { afterAll, describe, expect, it } from 'vitest';
import { hashDjangoPassword } from '../../src-main/core/auth/password';
import { openDatabase } from '../../src-main/core/db/connect';
import { insertUsers } from '../../src-main/core/forum/users';
import { getStatus } from '../../src-main/core/status';
import { parseInstant } from '../../src-main/core/time/instant';
import { freshAskbotDb } from '../helpers/engines';
import { signIn, signInAsAdmin } from './console-steps';
import { closeBrowser, launchApp } from './harness';

afterAll(closeBrowser);

describe('connect screen', () => {
  it('opens the demo database and shows its status figures', async () => {
    const app = await launchApp();
    try {
      const { page } = app;
      await page.getByRole('button', { name: 'New demo database' }).click();
      await signInAsAdmin(page);
      const db = app.state.requireDb();
      const status = await getStatus(db);
      await expect(page.getByTestId('db-line').textContent()).resolves.toContain('Askbot schema found');
      const users = await page.getByTestId('figure-Users').locator('.value').textContent();
      expect(users).toBe(new Intl.NumberFormat('en-US').format(status.counts!.users));
      const events = await page.getByTestId('figure-Events').locator('.value').textContent();
      expect(events).toBe(new Intl.NumberFormat('en-US').format(status.counts!.events));
      await app.screenshot('connect-demo-status');
    } finally {
      await app.close();
    }
  });

  it('connects to PostgreSQL by URL and shows figures written there', async () => {
    const { db, url } = await freshAskbotDb('postgres');
    const t = parseInstant('2026-01-01T00:00:00Z');
    await insertUsers(db, [
      { username: 'ann', email: 'ann@acme.com', dateJoined: t },
      { username: 'bob', email: 'bob@acme.com', dateJoined: t },
      { username: 'cy', email: 'cy@other.org', dateJoined: t },
      { username: 'root', email: 'root@acme.com', dateJoined: t, status: 'd', password: await hashDjangoPassword('root-password', { iterations: 1000 }) },
    ]);
    await db.close();
    const app = await launchApp({ colorScheme: 'dark' });
    try {
      const { page } = app;
      await page.getByLabel('PostgreSQL URL').fill(url);
      await page.getByRole('button', { name: 'Connect' }).click();
      await signIn(page, 'root@acme.com', 'root-password');
      await page.getByRole('heading', { name: 'Home' }).waitFor();
      await expect(page.getByTestId('figure-Users').locator('.value').textContent()).resolves.toBe('4');
      await expect(page.getByTestId('db-line').textContent()).resolves.toContain('PostgreSQL');
      await app.screenshot('connect-postgres-status-dark');
    } finally {
      await app.close();
    }
  });

  it('says plainly when a file is not an Askbot database', async () => {
    const { db, url } = await freshAskbotDb('sqlite');
    await db.exec('DROP TABLE "askbot_event"');
    await db.close();
    const app = await launchApp();
    try {
      const { page } = app;
      await page.getByLabel('SQLite file path').fill(url);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toContain('missing askbot_event');
      await app.screenshot('connect-not-askbot');
      // Nothing was written to it.
      const check = await openDatabase({ engine: 'sqlite', path: url });
      expect((await getStatus(check)).schema.missing_tables).toEqual(['askbot_event']);
      await check.close();
    } finally {
      await app.close();
    }
  });
});

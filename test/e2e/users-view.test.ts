// The Users view on a small SQLite forum: an organization named "Users" keeps its breadcrumb (the crumbs
// are told apart by their segment key, never by their text), and the chart's controls (metrics, lines or
// bars) redraw the chart without asking main for the table again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashDjangoPassword } from '../../src-main/core/auth/password';
import { insertGroups, insertUsers, joinGroups } from '../../src-main/core/forum/users';
import { parseInstant } from '../../src-main/core/time/instant';
import { freshAskbotDb } from '../helpers/engines';
import { signIn, usersLevel } from './console-steps';
import { closeBrowser, launchApp, type App } from './harness';

afterAll(closeBrowser);

let file: string;
beforeAll(async () => {
  const { db, url } = await freshAskbotDb('sqlite');
  const t = parseInstant('2026-01-01T00:00:00Z');
  const [, ann, bob] = await insertUsers(db, [
    { username: 'root', email: 'root@acme.com', dateJoined: t, status: 'd', password: await hashDjangoPassword('root-password', { iterations: 1000 }) },
    { username: 'ann', email: 'ann@acme.com', dateJoined: t },
    { username: 'bob', email: 'bob@other.org', dateJoined: t },
  ]);
  const [usersGroup, acme] = await insertGroups(db, [
    { name: 'Users', usedForAnalytics: true },
    { name: 'Acme', usedForAnalytics: true },
  ]);
  await joinGroups(db, [
    [ann!, usersGroup!],
    [bob!, acme!],
  ]);
  await db.close();
  file = url;
});

/** Opens the forum file, signs in and shows the Users view's top level (organizations: no named segments). */
async function openUsersView(): Promise<App> {
  const app = await launchApp();
  const { page } = app;
  await page.getByLabel('SQLite file path').fill(file);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await signIn(page, 'root@acme.com', 'root-password');
  await page.getByRole('heading', { name: 'Home' }).waitFor();
  await page.keyboard.press('Control+3');
  const top = await usersLevel(page, 'groups');
  await expect(top.locator('tbody th').allTextContents()).resolves.toEqual(['Acme', 'Users']);
  return app;
}

const crumbTexts = (app: App) => app.page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('listitem').allTextContents();

describe('Users view (SQLite)', () => {
  it('shows an organization named "Users" in the breadcrumbs after the view’s own "Users"', async () => {
    const app = await openUsersView();
    try {
      const { page } = app;
      // At the top the view's "Users" is the current page; the report's top crumb is not repeated.
      await expect(crumbTexts(app)).resolves.toEqual(['Analytics', 'Users']);
      await page.getByRole('button', { name: 'Open Users' }).click();
      const members = await usersLevel(page, 'users');
      await expect(members.locator('tbody th').allTextContents()).resolves.toEqual(['ann']);
      const nav = page.getByRole('navigation', { name: 'Breadcrumbs' });
      await expect(crumbTexts(app)).resolves.toEqual(['Analytics', 'Users', 'Users']);
      await expect(nav.locator('[aria-current="page"]').textContent()).resolves.toBe('Users');
      await expect(page.getByRole('button', { name: 'Overview of Users' }).count()).resolves.toBe(1);
      // The view's own "Users" goes back to the top.
      await nav.getByRole('button', { name: 'Users' }).click();
      await usersLevel(page, 'groups');
      await expect(crumbTexts(app)).resolves.toEqual(['Analytics', 'Users']);
    } finally {
      await app.close();
    }
  });

  it('redraws the chart for its metrics and type without loading the table again', async () => {
    const app = await openUsersView();
    try {
      const { page } = app;
      const count = (name: string) => app.calls.filter((c) => c === name).length;
      await page.getByTestId('series-chart').waitFor();
      await expect.poll(() => count('report/series')).toBeGreaterThan(0);
      const tables = count('report/users');
      const series = count('report/series');
      // Lines to bars needs no new data; the metric after it does (the series, asked after the table
      // would have been: effects run in order, so once the series call is here a table call would be too).
      await page.getByLabel('Chart type').selectOption('bar');
      await page.getByRole('checkbox', { name: 'Answers', exact: true }).uncheck();
      await expect.poll(() => count('report/series')).toBe(series + 1);
      await page.getByRole('checkbox', { name: 'Upvotes', exact: true }).check();
      await expect.poll(() => count('report/series')).toBe(series + 2);
      expect(count('report/users')).toBe(tables);
      // The counter does see the table's requests: comparing with the previous period asks again.
      await page.getByLabel('Compare with the previous period').check();
      await expect.poll(() => count('report/users')).toBe(tables + 1);
      await page.getByTestId('compare-range').waitFor();
    } finally {
      await app.close();
    }
  });
});

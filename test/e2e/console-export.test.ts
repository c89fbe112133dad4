// Exports from the console on both engines: the Users level (CSV, Excel, PDF), "Export all" (one
// workbook of every level) and the Activity log with its filters. The save dialog answers a file in
// app.exportsDir named as the app suggests; each file is read back and compared with what the view shows.
// Also: Browse… fills the SQLite path from the open dialog, and Home shows "Compiled through".
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseString } from '@fast-csv/parse';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getStatus } from '../../src-main/core/status';
import { DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, seedDemo } from '../../src-main/core/seed';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { signIn, topLevel } from './console-steps';
import { closeBrowser, launchApp, type App } from './harness';

afterAll(closeBrowser);

function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text, { headers: false })
      .on('data', (r: string[]) => rows.push(r))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

/** Starts an export from the view's Export bar and returns the file it reports. */
async function exportAs(page: Page, format: string, button: string): Promise<string> {
  await page.getByLabel('Export format').selectOption(format);
  await page.getByRole('button', { name: button }).click();
  const result = page.getByTestId('export-result');
  try {
    await result.waitFor({ timeout: 60_000 });
  } catch (err) {
    const alerts = await page.getByRole('alert').allTextContents();
    throw new Error(`no export result${alerts.length ? `; the page says: ${alerts.join(' | ')}` : ''} (${(err as Error).message})`);
  }
  const text = (await result.textContent()) ?? '';
  return text.slice(text.indexOf(' to ') + 4).trim();
}

/** The names and Questions column of the Users table shown. */
async function tableRows(page: Page): Promise<Array<[string, number]>> {
  const rows = page.locator('table[data-level] tbody tr');
  const out: Array<[string, number]> = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const name = (await rows.nth(i).locator('th').textContent())!.trim();
    // Questions is the third metric column (after Users and Users added).
    const questions = Number((await rows.nth(i).locator('td').nth(2).textContent())!.replace(/\D/g, '') || 0);
    out.push([name, questions]);
  }
  return out;
}

describeEachEngine('console exports', (engine) => {
  let target = '';
  beforeAll(async () => {
    const fresh = await freshAskbotDb(engine);
    await seedDemo(fresh.db, { users: 80, days: 40, seed: 11, now: Date.now() * 1000, passwordIterations: 1000 });
    await fresh.db.close();
    target = fresh.url;
  });

  it('opens the database (Browse… on SQLite), compiles, and exports Users and Activity in every format', async () => {
    const app: App = await launchApp(engine === 'sqlite' ? { openFileAnswer: target } : {});
    try {
      const { page } = app;
      await page.getByRole('heading', { name: 'Open a forum database' }).waitFor();
      if (engine === 'sqlite') {
        await page.getByRole('button', { name: 'Browse for the SQLite file' }).click();
        await expect.poll(() => page.getByLabel('SQLite file path').inputValue()).toBe(target);
        await app.screenshot(`export-${engine}-browse`);
        await page.getByRole('form', { name: 'Open a SQLite database' }).getByRole('button', { name: 'Open', exact: true }).click();
      } else {
        await page.getByLabel('PostgreSQL URL').fill(target);
        await page.getByRole('button', { name: 'Connect' }).click();
      }
      await signIn(page, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD);
      await page.getByRole('heading', { name: 'Home' }).waitFor();

      // Compiled through: nothing before the first compile, the newest compiled hour after it.
      const through = page.getByTestId('figure-Compiled through');
      await expect(through.locator('.value').textContent()).resolves.toBe('Not yet');
      await page.getByRole('button', { name: 'Compile now' }).click();
      await page.getByTestId('result-compile').waitFor({ timeout: 110_000 });
      await expect.poll(() => through.locator('.value').textContent()).not.toBe('Not yet');
      // The value is the end of the newest compiled hour that db/status reports, in the window's local time.
      const iso = (await getStatus(app.state.requireDb())).compiled_through;
      expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00/);
      const expected = await page.evaluate(
        (start) => new Date(Date.parse(start) + 3_600_000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
        iso!,
      );
      await expect(through.locator('.value').textContent()).resolves.toBe(expected);
      await expect(through.textContent()).resolves.toContain('newest compiled hour');
      await app.screenshot(`export-${engine}-home-compiled`);

      // Users, all time, top level: CSV rows equal the table's rows.
      await page.getByRole('button', { name: 'Users', exact: true }).click();
      await topLevel(page);
      await page.getByLabel('Date range preset').selectOption('all-time');
      await page.getByTestId('users-dates-range').waitFor();
      await expect.poll(() => page.locator('table[data-level]').getAttribute('aria-busy')).toBe('false');
      const level = (await page.locator('table[data-level]').getAttribute('data-level'))!;
      const shown = await tableRows(page);
      expect(shown.length).toBeGreaterThan(0);
      const levelButton = level === 'segments' ? 'Export segments' : level === 'groups' ? 'Export groups' : 'Export users';

      const csvFile = await exportAs(page, 'csv', levelButton);
      expect(csvFile.startsWith(app.exportsDir)).toBe(true);
      expect(basename(csvFile)).toMatch(/^users-.*\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}\.csv$/);
      expect(existsSync(csvFile)).toBe(true);
      const csv = await parseCsv(readFileSync(csvFile, 'utf8'));
      const header = csv[0]!;
      const qi = header.indexOf('Questions');
      expect(qi).toBeGreaterThan(0);
      const body = csv.slice(1).filter((r) => r[0] !== 'Total');
      expect(body.map((r) => [r[0], Number(r[qi])])).toEqual(shown);
      await app.screenshot(`export-${engine}-users-csv`);

      // Excel of the same level: the first sheet's rows are the table's rows, numbers as numbers.
      const xlsxFile = await exportAs(page, 'xlsx', levelButton);
      expect(basename(xlsxFile)).toMatch(/\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsxFile);
      const sheet = wb.worksheets[0]!;
      const names: string[] = [];
      const questions: number[] = [];
      const xqi = (sheet.getRow(1).values as unknown[]).indexOf('Questions');
      expect(xqi).toBeGreaterThan(0);
      sheet.eachRow((row, n) => {
        if (n === 1 || row.getCell(1).value === 'Total') return;
        names.push(String(row.getCell(1).value));
        questions.push(row.getCell(xqi).value as number);
      });
      expect(names.map((n, i) => [n, questions[i]])).toEqual(shown);

      // "Export all" is not offered as CSV; as Excel it writes every level in one workbook.
      await page.getByLabel('Export format').selectOption('csv');
      await expect(page.getByRole('button', { name: 'Export all levels' }).isDisabled()).resolves.toBe(true);
      const allFile = await exportAs(page, 'xlsx', 'Export all levels');
      const all = new ExcelJS.Workbook();
      await all.xlsx.readFile(allFile);
      expect(all.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Organizations', 'Users']));

      // PDF of the level: printed by the browser engine.
      const pdfFile = await exportAs(page, 'pdf', levelButton);
      expect(basename(pdfFile)).toMatch(/\.pdf$/);
      expect(readFileSync(pdfFile).subarray(0, 4).toString('latin1')).toBe('%PDF');
      copyFileSync(pdfFile, `test-results/export-${engine}-users.pdf`);
      await app.screenshot(`export-${engine}-users-pdf`);

      // Activity, filtered to questions: the CSV has every matching event (the total), not just the page.
      await page.getByRole('button', { name: 'Activity', exact: true }).click();
      await page.getByRole('heading', { name: 'Activity' }).waitFor();
      // The Users export's result belongs to the Users view, not to this one.
      expect(await page.getByTestId('export-result').count()).toBe(0);
      await page.getByLabel('Date range preset').selectOption('all-time');
      await page.getByLabel('Activity segment').selectOption({ index: 1 });
      await expect.poll(async () => (await page.getByTestId('activity-total').textContent()) ?? '').toMatch(/^Page 1 · [\d,.\s]+ events$/);
      const total = Number((await page.getByTestId('activity-total').textContent())!.replace(/^Page 1 · /, '').replace(/\D/g, ''));
      expect(total).toBeGreaterThan(0);
      const firstShown = (await page.locator('table[aria-label="Events"] tbody tr').first().locator('td').nth(1).textContent())!.trim();
      const actFile = await exportAs(page, 'csv', 'Export events');
      expect(basename(actFile)).toMatch(/^activity-.*\.csv$/);
      const events = await parseCsv(readFileSync(actFile, 'utf8'));
      const userCol = events[0]!.indexOf('User');
      expect(events.length - 1).toBe(total);
      // Newest first, as the log shows.
      expect(events[1]![userCol] || 'anonymous').toBe(firstShown);

      // The HTML report from the keyboard alone: the format picked and the button pressed with Enter.
      await page.getByLabel('Export format').focus();
      await page.getByLabel('Export format').selectOption('html');
      await page.keyboard.press('Tab');
      await expect(page.locator(':focus').textContent()).resolves.toBe('Export events');
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await page.getByTestId('export-result').textContent()) ?? '').toContain('HTML report');
      const htmlText = (await page.getByTestId('export-result').textContent())!;
      const html = readFileSync(htmlText.slice(htmlText.indexOf(' to ') + 4).trim(), 'utf8');
      expect(html).toContain('<table');
      expect(html).toContain(firstShown);
      // Self-contained: nothing is loaded from the network when the report is opened.
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']https?:/i);
      await page.getByTestId('export-result').scrollIntoViewIfNeeded();
      await app.screenshot(`export-${engine}-activity-csv`);
    } finally {
      await app.close();
    }
  });
});

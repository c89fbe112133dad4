// The Overview / Retention / "Leave staff out" checks, run by the SQLite and the PostgreSQL e2e files on
// their own database. Each compares what the view shows with SQL on the same database (health-steps.ts).
import { copyFileSync, readFileSync } from 'node:fs';
import { parseString } from '@fast-csv/parse';
import { join } from 'node:path';
import { expect } from 'vitest';
import { RESULTS_DIR, type App } from './harness';
import {
  addDays,
  addMonths,
  customRange,
  expectedCohortCell,
  expectedNewMembers,
  expectedQuestions,
  expectedTopAsker,
  expectedUnanswered,
  figureNumber,
  moderatorJoinedOn,
  overviewSettled,
  retentionSettled,
  todayUtc,
} from './health-steps';
import { sql } from '../../src-main/core/db/sql';

// The README's screenshots are refreshed with AAC_UPDATE_SCREENSHOTS=1 (from the SQLite demo); otherwise they land in test-results/.
const DOCS = join(process.cwd(), 'docs', 'screenshots');
function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text, { headers: false })
      .on('data', (r: string[]) => rows.push(r))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

/** Exports the view's report as CSV from its Export bar and returns the file's rows as objects by header. */
async function exportCsv(app: App, button: string): Promise<Array<Record<string, string>>> {
  const { page } = app;
  await page.getByLabel('Export format').selectOption('csv');
  await page.getByRole('button', { name: button }).click();
  const result = page.getByTestId('export-result');
  await result.waitFor({ timeout: 60_000 });
  const text = (await result.textContent()) ?? '';
  const file = text.slice(text.indexOf(' to ') + 4).trim();
  expect(file.startsWith(app.exportsDir)).toBe(true);
  const [header, ...rows] = await parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

const en = (n: number) => n.toLocaleString('en-US');
const digits = (s: string | null) => Number((s ?? '').replace(/[^\d]/g, ''));

async function openTab(app: App, name: string): Promise<void> {
  await app.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
  await app.page.getByRole('heading', { name, exact: true, level: 2 }).waitFor();
}

/** The last 30 complete days (yesterday back), whose hours the demo's compile has all summarized. */
function lastThirtyDays() {
  const end = addDays(todayUtc(), -1);
  const start = addDays(end, -29);
  return { start, end, prevStart: addDays(start, -30), prevEnd: addDays(start, -1) };
}

export async function checkOverview(app: App): Promise<void> {
  const { page } = app;
  const db = app.state.requireDb();
  await openTab(app, 'Overview');
  const r = lastThirtyDays();
  await customRange(page, 'overview-dates', r.start, r.end);
  await overviewSettled(page);
  await expect(page.getByTestId('overview-header').textContent()).resolves.toContain(`against ${r.prevStart} – ${r.prevEnd}`);
  await expect(page.getByTestId('overview-header').textContent()).resolves.toContain('Staff included');

  // Figures and the previous period's, against SQL on the same database.
  const newMembers = await expectedNewMembers(db, r.start, r.end, false);
  expect(await figureNumber(page, 'new_members')).toBe(newMembers);
  const questions = await expectedQuestions(db, r.start, r.end, false);
  const prevQuestions = await expectedQuestions(db, r.prevStart, r.prevEnd, false);
  expect(questions).toBeGreaterThan(0);
  expect(await figureNumber(page, 'questions')).toBe(questions);
  expect(digits(await page.getByTestId('previous-questions').textContent())).toBe(prevQuestions);
  // The change beside it: signed difference, and the relative change when there was something before.
  const diff = questions - prevQuestions;
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const change = (await page.getByTestId('change-questions').textContent()) ?? '';
  expect(change.startsWith(`${sign}${en(Math.abs(diff))}`)).toBe(true);
  if (prevQuestions > 0) expect(change).toContain(`${sign}${Math.abs((diff / prevQuestions) * 100).toFixed(1)}%`);
  const unanswered = await expectedUnanswered(db, r.start, r.end, false);
  expect(unanswered).toBeGreaterThan(0);
  expect(await figureNumber(page, 'unanswered')).toBe(unanswered);
  // The share's counts under it: answered-at-all of the range's questions.
  await expect(page.getByTestId('counts-answered_share').textContent()).resolves.toMatch(new RegExp(`of ${en(questions)}$`));
  await page.getByTestId('overview-chart').waitFor();

  // The top asker: the most compiled questions of the range; opens their questions in the Activity log.
  const top = await expectedTopAsker(db, r.start, r.end);
  const first = page.getByTestId('top-askers').locator('tbody tr').first();
  expect(digits(await first.locator('td').last().textContent())).toBe(top.questions);
  const asker = (await first.locator('th').textContent())!;
  await first.getByRole('button').click();
  await page.getByRole('heading', { name: 'Activity', level: 2 }).waitFor();
  expect(await page.getByLabel('Activity segment').inputValue()).toBe('question-posted');
  const users = await page.getByLabel('Users segment').inputValue();
  const askerId = await db.one<{ id: number }>(sql`SELECT "id" FROM "auth_user" WHERE "username" = ${asker}`);
  expect(users).toBe(`user:${askerId!.id}`);
  await page
    .getByTestId('activity-dates-range')
    .filter({ hasText: `${r.start} – ${r.end}` })
    .waitFor();
  await page
    .getByTestId('activity-total')
    .filter({ hasText: new RegExp(`· ${en(top.questions)} events`) })
    .waitFor();

  // "Still unanswered" opens the list of those questions, for the same users and range.
  await openTab(app, 'Overview');
  await overviewSettled(page);
  await page.getByTestId('value-unanswered').getByRole('button').click();
  await page.getByRole('heading', { name: 'Unanswered questions', level: 2 }).waitFor();
  await page
    .getByTestId('questions-count')
    .filter({ hasText: `${en(unanswered)} question` })
    .waitFor();
  const rows = page.getByTestId('questions-table').locator('tbody tr');
  expect(await rows.count()).toBe(Math.min(20, unanswered));
  await expect(page.getByTestId('questions-table').locator('tbody td:nth-child(4)').allTextContents()).resolves.toEqual(
    Array(Math.min(20, unanswered)).fill('not yet'),
  );
  await app.screenshot(`questions-unanswered-${db.engine}`);
  if (unanswered > 20) {
    // The next page holds the rest, and the page says which it is.
    await page.getByRole('button', { name: 'Next page' }).click();
    await page
      .getByTestId('questions-page')
      .filter({ hasText: `Page 2 of ${Math.ceil(unanswered / 20)}` })
      .waitFor();
    await page.locator('[data-testid="questions-table"][aria-busy="false"]').waitFor();
    expect(await rows.count()).toBe(Math.min(20, unanswered - 20));
  }
  // Another filter of the same list: the range's questions, all of them.
  await page.getByLabel('Which questions').selectOption('asked');
  await page
    .getByTestId('questions-count')
    .filter({ hasText: `${en(questions)} question` })
    .waitFor();
}

export async function checkRetention(app: App): Promise<void> {
  const { page } = app;
  const db = app.state.requireDb();
  await openTab(app, 'Retention');
  const month = todayUtc().slice(0, 7);
  const first = addMonths(month, -3);
  await customRange(page, 'retention-dates', `${first}-01`, todayUtc());
  await retentionSettled(page);
  const table = page.getByTestId('retention-table');
  // One row per join month the range touches, oldest first.
  await expect(table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-month')))).resolves.toEqual(
    [0, 1, 2, 3].map((k) => addMonths(first, k)),
  );

  for (const k of [0, 1, 2]) {
    const cell = await expectedCohortCell(db, first, k, false);
    expect(cell.size).toBeGreaterThan(0);
    expect(digits(await page.getByTestId(`size-${first}`).textContent())).toBe(cell.size);
    const td = page.getByTestId(`cell-${first}-${k}`);
    expect(await td.getAttribute('data-active')).toBe(String(cell.active));
    await expect(td.textContent()).resolves.toBe(`${((cell.active / cell.size) * 100).toFixed(1)}%`);
    // Hovering shows the counts.
    await td.hover();
    await page
      .getByTestId('heat-tip')
      .filter({ hasText: `${en(cell.active)} of ${en(cell.size)} members` })
      .waitFor();
  }
  await app.screenshot(`retention-hover-${db.engine}`);
  if (db.engine === 'sqlite' && process.env.AAC_UPDATE_SCREENSHOTS)
    copyFileSync(join(RESULTS_DIR, 'retention-hover-sqlite.png'), join(DOCS, 'retention-hover.png'));
  // The current month's column is partial; later months of the youngest cohort are not reached yet.
  await expect(page.getByTestId(`cell-${first}-3`).getAttribute('class')).resolves.toContain('partial');
  await expect(page.getByTestId(`cell-${month}-1`).count()).resolves.toBe(0);
  // The average row of month 0: all members active in their join month over all members.
  let active = 0;
  let size = 0;
  for (const k of [0, 1, 2, 3]) {
    const c = await expectedCohortCell(db, addMonths(first, k), 0, false);
    active += c.active;
    size += c.size;
  }
  await expect(page.getByTestId('average-0').textContent()).resolves.toBe(`${((active / size) * 100).toFixed(1)}%`);
}

/** Overview and Retention at both sizes, light and dark; written to docs/screenshots with AAC_UPDATE_SCREENSHOTS=1 (SQLite). */
export async function healthScreenshots(app: App, engine: string): Promise<void> {
  const { page } = app;
  const month = todayUtc().slice(0, 7);
  await openTab(app, 'Retention');
  // A year of cohorts (the current month's included).
  await customRange(page, 'retention-dates', `${addMonths(month, -11)}-01`, todayUtc());
  await openTab(app, 'Overview');
  await page.getByLabel('Date range preset').selectOption('last-30-days');
  const toDocs = engine === 'sqlite' && process.env.AAC_UPDATE_SCREENSHOTS;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const view of ['Overview', 'Retention'] as const) {
        await openTab(app, view);
        // The chart reads the theme's colours when it is drawn: draw it again in this theme.
        await page.reload();
        await page.getByRole('heading', { name: view, exact: true, level: 2 }).waitFor();
        if (view === 'Overview') {
          await overviewSettled(page);
          await page.getByTestId('overview-chart').waitFor();
        } else await retentionSettled(page);
        const name = `${view.toLowerCase()}-${scheme}-${width}x${height}`;
        const file = join(toDocs ? DOCS : RESULTS_DIR, `${toDocs ? name : `${name}-${engine}`}.png`);
        await page.screenshot({ path: file });
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 860 });
}

/** The switch: a moderator who joined in the range is a new member until staff are left out. */
export async function checkStaffSwitch(app: App, reconnect: () => Promise<void>): Promise<void> {
  const { page } = app;
  const db = app.state.requireDb();
  const joined = addDays(todayUtc(), -5);
  await app.state.withWriter((w) => moderatorJoinedOn(w, joined)); // the app's own connection only reads
  const r = lastThirtyDays();
  const withStaff = await expectedNewMembers(db, r.start, r.end, false);
  const without = await expectedNewMembers(db, r.start, r.end, true);
  expect(withStaff).toBeGreaterThan(without);

  await openTab(app, 'Overview');
  await customRange(page, 'overview-dates', r.start, r.end);
  await overviewSettled(page);
  const staffSwitch = page.getByRole('switch', { name: 'Leave staff out' });
  await expect(staffSwitch.isChecked()).resolves.toBe(false);
  await page.getByTestId('overview-header').filter({ hasText: 'Staff included' }).waitFor();
  expect(await figureNumber(page, 'new_members')).toBe(withStaff);

  await staffSwitch.check();
  await page.getByTestId('overview-header').filter({ hasText: 'Staff left out' }).waitFor();
  await overviewSettled(page);
  expect(await figureNumber(page, 'new_members')).toBe(without);
  await app.screenshot(`overview-staff-left-out-${db.engine}`);
  // The Overview exported from the view: the same figure, the same range, staff left out on the row.
  const rows = await exportCsv(app, 'Export overview');
  const newMembers = rows.find((row) => row.Key === 'new_members');
  expect(newMembers).toMatchObject({ Value: String(without), Range: `${r.start}..${r.end}`, Staff: 'left out' });

  // Retention: the moderator's cohort is one smaller.
  await openTab(app, 'Retention');
  const month = joined.slice(0, 7);
  await customRange(page, 'retention-dates', `${month}-01`, todayUtc());
  await retentionSettled(page);
  await page.getByTestId('retention-header').filter({ hasText: 'Staff left out' }).waitFor();
  const cohort = await expectedCohortCell(db, month, 0, true);
  expect(cohort.size).toBe((await expectedCohortCell(db, month, 0, false)).size - 1);
  expect(digits(await page.getByTestId(`size-${month}`).textContent())).toBe(cohort.size);

  // The Users view and the Activity log say so too.
  await openTab(app, 'Users');
  await page.getByTestId('staff-note').filter({ hasText: 'Staff left out' }).waitFor();
  await openTab(app, 'Activity');
  await page.getByTestId('staff-note').filter({ hasText: 'Staff left out' }).waitFor();

  // Remembered with the connection.
  await reconnect();
  await expect.poll(() => page.getByRole('switch', { name: 'Leave staff out' }).isChecked()).toBe(true);
  await openTab(app, 'Overview');
  await page.getByTestId('overview-header').filter({ hasText: 'Staff left out' }).waitFor();
  await overviewSettled(page);
  expect(await figureNumber(page, 'new_members')).toBe(without);

  // And back.
  await page.getByRole('switch', { name: 'Leave staff out' }).uncheck();
  await page.getByTestId('overview-header').filter({ hasText: 'Staff included' }).waitFor();
  await overviewSettled(page);
  expect(await figureNumber(page, 'new_members')).toBe(withStaff);
}

/** An organization from the picker (figures against SQL for its members), a user who does not exist (the error), a range with no cohort (the empty state). */
export async function checkSegmentsAndStates(app: App): Promise<void> {
  const { page } = app;
  const db = app.state.requireDb();
  await openTab(app, 'Overview');
  const r = lastThirtyDays();
  await customRange(page, 'overview-dates', r.start, r.end);
  await overviewSettled(page);
  // The first organization the picker lists.
  const org = page.locator('#overview-segment optgroup[label="Organizations"] option').first();
  const key = (await org.getAttribute('value'))!;
  const name = (await org.textContent())!;
  expect(key).toMatch(/^group:\d+$/);
  await page.getByLabel('Users segment').selectOption(key);
  await page.locator(`[data-testid="overview-body"][data-segment="${key}"][aria-busy="false"]`).waitFor();
  await expect(page.getByTestId('overview-header').textContent()).resolves.toContain(name);
  const groupId = Number(key.slice(6));
  expect(await figureNumber(page, 'new_members')).toBe(await expectedNewMembers(db, r.start, r.end, false, groupId));
  expect(await figureNumber(page, 'questions')).toBe(await expectedQuestions(db, r.start, r.end, false, groupId));
  await app.screenshot(`overview-organization-${db.engine}`);

  // The Users view opens the Overview of the level it shows, and the shortcuts reach both new views.
  await openTab(app, 'Users');
  await page.locator('table[data-level]').waitFor();
  await page.getByRole('button', { name: /^Overview of / }).click();
  await page.locator('[data-testid="overview-body"][aria-busy="false"]').waitFor();
  await expect(page.getByLabel('Users segment').inputValue()).resolves.toBe(await page.getByTestId('overview-body').getAttribute('data-segment'));
  await page.keyboard.press('Control+5');
  await page.getByRole('heading', { name: 'Retention', level: 2 }).waitFor();
  await page.keyboard.press('Control+2');
  await page.getByRole('heading', { name: 'Overview', level: 2 }).waitFor();
  await page.getByLabel('Users segment').selectOption(key);
  await page.locator(`[data-testid="overview-body"][data-segment="${key}"][aria-busy="false"]`).waitFor();

  // A user typed in that does not exist: said in words, dismissable, the last report kept.
  await page.getByLabel('Users segment').selectOption('__other__');
  await page.getByLabel('Organization (group:N) or user (user:N)').fill('user:999999');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '999999' }).waitFor();
  await app.screenshot(`overview-error-${db.engine}`);
  await page.getByRole('button', { name: 'Dismiss the error' }).click();
  await expect(page.getByRole('alert').count()).resolves.toBe(0);

  // A blocked user asked for by id: empty figures, and the header says why.
  const blocked = await db.one<{ id: number; username: string }>(
    sql`SELECT u."id", u."username" FROM "auth_user" u JOIN "askbot_userprofile" p ON p."auth_user_ptr_id" = u."id" WHERE p."status" = 'b' ORDER BY u."id" LIMIT 1`,
  );
  if (!blocked) throw new Error('the demo forum has no blocked user');
  await page.getByLabel('Users segment').selectOption('__other__');
  await page.getByLabel('Organization (group:N) or user (user:N)').fill(`user:${blocked.id}`);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const note = page.getByTestId('overview-header-note');
  await note.waitFor();
  await expect(note.textContent()).resolves.toContain('is blocked: blocked users are left out of these figures');

  // Retention of one member for the months after they joined: no cohort, and the view says so.
  const member = await db.one<{ id: number; joined: unknown }>(sql`SELECT "id", "date_joined" AS joined FROM "auth_user" ORDER BY "date_joined", "id" LIMIT 1`);
  const month = todayUtc().slice(0, 7);
  await openTab(app, 'Retention');
  await page.getByLabel('Users segment').selectOption('__other__');
  await page.getByLabel('Organization (group:N) or user (user:N)').fill(`user:${member!.id}`);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await customRange(page, 'retention-dates', `${month}-01`, todayUtc());
  await page.getByTestId('retention-empty').waitFor();
  await app.screenshot(`retention-empty-${db.engine}`);
}

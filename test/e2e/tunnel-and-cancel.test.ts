// The Connect form's SSH tunnel and the host-key prompt against a real OpenSSH server in front of the
// test PostgreSQL, then a Users report held up by a table lock: Cancel after a second, the cancelled
// notice, Run again; the time limit from Settings explained; and a changed host key refused. Screenshots
// for the README.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src-main/core/seed';
import { freshAskbotDb } from '../helpers/engines';
import { startSshd, type TestSshd } from '../helpers/sshd';
import { signInAsAdmin, topLevel } from './console-steps';
import { closeBrowser, launchApp, RESULTS_DIR } from './harness';

let url = '';
let sshd: TestSshd;
// The README's screenshots are refreshed with AAC_UPDATE_SCREENSHOTS=1; otherwise they land in test-results/.
const DOCS = process.env.AAC_UPDATE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : RESULTS_DIR;

beforeAll(async () => {
  mkdirSync(DOCS, { recursive: true });
  sshd = await startSshd();
  const fresh = await freshAskbotDb('postgres');
  await seedDemo(fresh.db, { users: 60, days: 30, seed: 3, now: Date.now() * 1000, passwordIterations: 1000 });
  await fresh.db.close();
  url = fresh.url;
});
afterAll(async () => {
  await closeBrowser();
  await sshd?.cleanup();
});

async function fillTunnelForm(page: Page): Promise<void> {
  await page.getByLabel('PostgreSQL URL').fill(url);
  await page.getByLabel('Connect through an SSH tunnel').check();
  await page.getByLabel('SSH host').fill('127.0.0.1');
  await page.getByLabel('SSH port').fill(String(sshd.port));
  await page.getByLabel('SSH user').fill(sshd.user);
  await page.getByLabel('SSH sign-in method').selectOption('key');
  await page.getByLabel('SSH private key file').fill(sshd.clientKey.file);
}

/** Holds an ACCESS EXCLUSIVE lock on auth_user from its own session until released: reports wait on it. */
async function lockUsers() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE "auth_user" IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('ROLLBACK');
    await client.end();
  };
}

describe('SSH tunnel and report Cancel in the console', () => {
  it('connects through the tunnel after the host key is checked, cancels a slow report and explains a timeout', async () => {
    const app = await launchApp();
    try {
      const { page } = app;
      await fillTunnelForm(page);
      const form = page.getByRole('form', { name: 'Connect to PostgreSQL' });
      await form.getByRole('heading', { name: 'PostgreSQL' }).click(); // the key path field unfocused, shown from its start
      await form.screenshot({ path: join(DOCS, 'ssh-tunnel-form.png') });
      await page.getByRole('button', { name: 'Connect' }).click();

      // First use: the host key is shown, nothing is connected yet.
      const prompt = page.getByTestId('host-key-prompt');
      await prompt.waitFor();
      await expect(page.getByTestId('host-key-fingerprint').textContent()).resolves.toBe(sshd.hostKeyFingerprint);
      expect(app.state.db).toBeUndefined();
      await page.screenshot({ path: join(DOCS, 'ssh-host-key-prompt.png'), clip: { x: 0, y: 0, width: 1280, height: 420 } });
      await page.getByRole('button', { name: 'Trust this key and connect' }).click();
      await signInAsAdmin(page);
      await expect(page.getByTestId('db-line').textContent()).resolves.toContain(`via SSH ${sshd.user}@127.0.0.1:${sshd.port}`);

      // A report that waits on a lock: Cancel appears after a second and stops it on the server.
      let release = await lockUsers();
      try {
        await page.keyboard.press('Control+3');
        await page.getByTestId('users-report-running').waitFor();
        await page.screenshot({ path: join(DOCS, 'report-running.png'), clip: { x: 0, y: 0, width: 1280, height: 260 } });
        await page.getByRole('button', { name: 'Cancel', exact: true }).click();
        await page.getByTestId('users-report-stopped').waitFor();
        await expect(page.getByTestId('users-report-stopped').textContent()).resolves.toContain('The report was cancelled');
        await expect(page.getByRole('alert').count()).resolves.toBe(0);
        await page.screenshot({ path: join(DOCS, 'report-cancelled.png'), clip: { x: 0, y: 0, width: 1280, height: 360 } });
      } finally {
        await release();
      }
      await page.getByRole('button', { name: 'Run again' }).click();
      await topLevel(page);
      await expect(page.getByTestId('users-report-stopped').count()).resolves.toBe(0);

      // The time limit from Settings: a report past it is explained, not shown as a failure of the app.
      await app.state.applySettings({ ...app.state.settings, REPORT_TIMEOUT_SECONDS: 1 });
      release = await lockUsers();
      try {
        // Away and back: the Users view asks again.
        await page.keyboard.press('Control+1');
        await page.keyboard.press('Control+3');
        const stopped = page.getByTestId('users-report-stopped');
        await stopped.waitFor();
        await expect(stopped.textContent()).resolves.toContain('The report took longer than 1 s, the limit in Settings (REPORT_TIMEOUT_SECONDS)');
        await page.screenshot({ path: join(DOCS, 'report-timeout.png'), clip: { x: 0, y: 0, width: 1280, height: 360 } });
      } finally {
        await release();
      }

      // The server's host key changes: the next connection is refused, both fingerprints shown.
      const trusted = sshd.hostKeyFingerprint;
      await sshd.restart({ newHostKey: true });
      await page.getByRole('button', { name: 'Disconnect' }).click();
      await fillTunnelForm(page);
      await page.getByRole('button', { name: 'Connect' }).click();
      const changed = page.getByTestId('host-key-changed');
      await changed.waitFor();
      await expect(changed.textContent()).resolves.toContain(trusted);
      await expect(page.getByTestId('host-key-new-fingerprint').textContent()).resolves.toBe(`ssh-ed25519 ${sshd.hostKeyFingerprint}`);
      expect(app.state.db).toBeUndefined();
      await page.screenshot({ path: join(DOCS, 'ssh-host-key-changed.png'), clip: { x: 0, y: 0, width: 1280, height: 420 } });
    } finally {
      await app.close();
    }
  });
});

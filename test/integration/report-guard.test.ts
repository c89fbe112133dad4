// Reports on PostgreSQL run read-only with a statement timeout and can be cancelled (ReportGuard);
// on SQLite the guard runs the report as it is (in-process, synchronous: no timeout, nothing to cancel).
import { expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/connect';
import { ReportGuard } from '../../src-main/core/reports/guard';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCli } from '../../src-main/cli/run';
import { createHandlers } from '../../src-main/ipc';
import { createDispatcher } from '../../src-main/ipc/registry';
import { AppState } from '../../src-main/ipc/state';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { untilRunning, untilSessions } from '../helpers/pg-activity';
import { sql } from '../../src-main/core/db/sql';

describeEachEngine('report guard', (engine) => {
  it('runs the report and answers it', async () => {
    const { db } = await freshAskbotDb(engine);
    try {
      const guard = new ReportGuard();
      const r = await guard.run(db, 30, (tx) => tx.one<{ n: number }>(sql`SELECT count(*) AS n FROM "auth_user"`));
      expect(Number(r?.n)).toBe(0);
      expect(await guard.cancelAll()).toBe(0);
      expect(guard.size).toBe(0);
    } finally {
      await db.close();
    }
  });

  if (engine === 'sqlite') return;

  it('a report runs in a READ ONLY transaction: a write attempted inside fails and nothing is written', async () => {
    const { db } = await freshAskbotDb(engine);
    try {
      const guard = new ReportGuard();
      const settings = await guard.run(db, 7, (tx) =>
        tx.one<{ ro: string; timeout: string }>(sql`SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout`),
      );
      expect(settings).toEqual({ ro: 'on', timeout: '7s' });
      await expect(guard.run(db, 30, (tx) => tx.run(sql`INSERT INTO "auth_group" ("name") VALUES ('written by a report')`))).rejects.toMatchObject({
        code: 'READ_ONLY',
      });
      expect(await db.one(sql`SELECT "id" FROM "auth_group" WHERE "name" = 'written by a report'`)).toBeUndefined();
      // The connection itself stays writable: the limit is the report's transaction only.
      expect(
        await db.one<{ ro: string; timeout: string }>(
          sql`SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout`,
        ),
      ).toEqual({ ro: 'off', timeout: '0' });
    } finally {
      await db.close();
    }
  });

  it('a report past the time limit is stopped and explained', async () => {
    const { db } = await freshAskbotDb(engine);
    try {
      const started = Date.now();
      const err = await new ReportGuard().run(db, 1, (tx) => tx.one(sql`SELECT pg_sleep(20)`)).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'TIMEOUT', details: { seconds: 1 } });
      expect((err as Error).message).toBe(
        'The report took longer than 1 s, the limit in Settings (REPORT_TIMEOUT_SECONDS), and was stopped. Choose a shorter date range or a smaller segment, or raise the limit.',
      );
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await db.close();
    }
  });

  it('Cancel stops the running statement at once, and the statements the report would send next', async () => {
    const { db } = await freshAskbotDb(engine);
    try {
      const guard = new ReportGuard();
      let afterCancel = false;
      const report = guard
        .run(db, 60, async (tx) => {
          await tx.one(sql`SELECT pg_sleep(30) AS "cancel_me_1"`);
          afterCancel = true;
          return tx.one(sql`SELECT 1`);
        })
        .catch((e: unknown) => e); // its answer is awaited after the cancel
      await untilRunning(db, 'cancel_me_1');
      expect(guard.size).toBe(1);
      const started = Date.now();
      expect(await guard.cancelAll()).toBe(1);
      expect(await report).toMatchObject({ code: 'CANCELLED', message: 'The report was cancelled' });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(afterCancel).toBe(false);
      expect(guard.size).toBe(0);

      // Cancelled between two statements: the next one is never sent.
      let second = false;
      const between = guard
        .run(db, 60, async (tx) => {
          await tx.one(sql`SELECT 1`);
          await guard.cancelAll();
          second = true;
          return tx.one(sql`SELECT 2`);
        })
        .catch((e: unknown) => e);
      expect(await between).toMatchObject({ code: 'CANCELLED' });
      expect(second).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('report/cancel (the Cancel of the Users and Activity views) cancels the reports the app is running', async () => {
    const { db, spec } = await freshAskbotDb(engine);
    await db.close();
    const state = new AppState({ dataDir: mkdtempSync(join(tmpdir(), 'aac-guard-')) });
    const call = createDispatcher(createHandlers(), { state, emit: () => undefined });
    try {
      const open = await state.connect(spec);
      expect(await call('report/cancel', {})).toEqual({ ok: true, value: { cancelled: 0 } });
      const report = state.reports
        .run(open, state.settings.REPORT_TIMEOUT_SECONDS, (tx) => tx.one(sql`SELECT pg_sleep(30) AS "cancel_me_ipc"`))
        .catch((e: unknown) => e);
      await untilRunning(open, 'cancel_me_ipc');
      expect(await call('report/cancel', {})).toEqual({ ok: true, value: { cancelled: 1 } });
      expect(await report).toMatchObject({ code: 'CANCELLED' });
    } finally {
      await state.disconnect();
    }
  });

  it('the command line: `report users` stops at the time limit of --settings, and Ctrl-C cancels it', async () => {
    const { db, url } = await freshAskbotDb(engine);
    await db.close();
    // A session holding auth_user locked keeps the report waiting on the server until it is stopped.
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE "auth_user" IN ACCESS EXCLUSIVE MODE');
    const cli = async (args: string[], signal?: AbortSignal) => {
      let stderr = '';
      const code = await runCli(args, {
        stdout: { write: () => true },
        stderr: { write: (t: string) => (stderr += t) },
        env: {},
        ...(signal ? { signal } : {}),
      });
      return { code, stderr };
    };
    try {
      const settings = join(mkdtempSync(join(tmpdir(), 'aac-guard-cli-')), 'settings.json');
      writeFileSync(settings, JSON.stringify({ REPORT_TIMEOUT_SECONDS: 1 }));
      const timedOut = await cli(['report', 'users', '--db', url, '--settings', settings]);
      expect(timedOut).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('The report took longer than 1 s, the limit in Settings (REPORT_TIMEOUT_SECONDS)'),
      });

      const ctrlC = new AbortController();
      const cancelled = cli(['report', 'users', '--db', url], ctrlC.signal);
      const watcher = await openDatabase({ engine: 'postgres', url });
      try {
        await untilSessions(watcher, sql`wait_event_type = 'Lock' AND datname = current_database()`); // the report runs, held by the lock
      } finally {
        await watcher.close();
      }
      ctrlC.abort();
      expect(await cancelled).toMatchObject({ code: 1, stderr: expect.stringContaining('The report was cancelled') });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });
});

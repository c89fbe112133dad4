// The app's SQLite reader (core/db/sqlite-reader.ts): reads on worker threads, so a slow one leaves
// the main thread's event loop running; the same rows, values and errors as the direct connection;
// a transaction on it is one snapshot that other callers' reads stay out of. (SQLite only: the
// PostgreSQL connection is asynchronous already.)
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/connect';
import { sql } from '../../src-main/core/db/sql';
import type { Db } from '../../src-main/core/db/types';
import { reportActivity, reportOverview, reportQuestions, reportRetention, reportSeries, reportUsers } from '../../src-main/core/reports';
import { getStatus } from '../../src-main/core/status';
import { bundleWorker } from '../helpers/build-worker';
import { freshAskbotDb } from '../helpers/engines';
import { buildReportFixture, NOW, type ReportFixture } from '../helpers/report-fixture';

/** A read that keeps SQLite busy for a while (tens of ms or more): a recursive count to a million. */
const SLOW_READ = sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT count(*) AS n FROM c`;

/** How many times the event loop came round (setImmediate) while `work` was pending. */
async function loopTurnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const started = turns;
  try {
    await work();
  } finally {
    done = true;
  }
  return turns - started;
}

describe('the SQLite reader', () => {
  let path = '';
  let readerFile = '';
  let direct: Db;
  let reader: Db;
  let f: ReportFixture;
  beforeAll(async () => {
    readerFile = await bundleWorker(join(process.cwd(), 'src-main/core/db/sqlite-reader-worker.ts'));
    const made = await freshAskbotDb('sqlite');
    f = await buildReportFixture(made.db);
    await made.db.close();
    if (made.spec.engine !== 'sqlite') throw new Error('sqlite only');
    path = made.spec.path;
    direct = await openDatabase(made.spec);
    reader = await openDatabase(made.spec, { readerWorker: readerFile });
  }, 60_000);
  afterAll(async () => {
    await direct?.close();
    await reader?.close();
  });

  it('runs a slow read off the calling thread: the event loop keeps turning (it stands still on the direct connection)', async () => {
    let n: unknown;
    expect(await loopTurnsDuring(async () => ({ n } = (await reader.one<{ n: number }>(SLOW_READ))!))).toBeGreaterThan(0);
    expect(n).toBe(1_000_000);
    // The same read on the main thread: not one turn until it is over.
    expect(await loopTurnsDuring(() => direct.one(SLOW_READ))).toBe(0);
  });

  it('answers every report with what the direct connection answers', async () => {
    const s = f.settings;
    const reports: Array<[string, (db: Db) => Promise<unknown>]> = [
      ['users', (db) => reportUsers(db, s, { dates: 'last-30-days', now: NOW, compare: true })],
      ['users of a segment', (db) => reportUsers(db, s, { segment: 'all-users', dates: 'all-time', now: NOW })],
      ['activity', (db) => reportActivity(db, s, { dates: 'all-time', now: NOW, limit: 100, count: true })],
      ['series', (db) => reportSeries(db, s, { dates: 'all-time', now: NOW })],
      ['overview', (db) => reportOverview(db, s, { dates: 'last-30-days', now: NOW })],
      ['retention', (db) => reportRetention(db, s, { dates: 'all-time', now: NOW })],
      ['questions', (db) => reportQuestions(db, s, { dates: 'this-year', which: 'asked', now: NOW })],
      ['status', (db) => getStatus(db)],
    ];
    for (const [name, report] of reports) {
      const want = await report(direct);
      expect(await report(reader), name).toEqual(want);
    }
  });

  it('values cross unchanged: integers, reals, text, null, blobs as Buffers, and Buffer parameters', async () => {
    const query = sql`SELECT 9007199254740991 AS big, -0.5 AS real, 'ü€' AS text, NULL AS missing, x'00ff10' AS blob, ${Buffer.from([1, 2, 3])} AS param, ${true} AS flag`;
    const want = await direct.one(query);
    const got = await reader.one<Record<string, unknown>>(query);
    expect(got).toEqual(want);
    expect(Buffer.isBuffer(got!.blob) && Buffer.isBuffer(got!.param)).toBe(true);
    expect(await reader.all(sql`SELECT x'01' AS b UNION ALL SELECT x'0203'`)).toEqual([{ b: Buffer.from([1]) }, { b: Buffer.from([2, 3]) }]);
    expect(await reader.one(sql`SELECT 1 AS x WHERE 0`)).toBeUndefined();
    expect(await reader.all(sql`SELECT 1 AS x WHERE 0`)).toEqual([]);
  });

  it("errors cross unchanged: SQLite's own with their code, a write refused in words", async () => {
    const failure = (db: Db) =>
      db.all(sql`SELECT * FROM "no_such_table"`).then(
        () => 'no error',
        (e: Error & { code?: string }) => ({ name: e.name, message: e.message, code: e.code }),
      );
    expect(await failure(reader)).toEqual(await failure(direct));
    expect(await failure(reader)).toMatchObject({ code: 'SQLITE_ERROR', message: expect.stringContaining('no such table') });
    await expect(reader.run(sql`UPDATE "auth_user" SET "first_name" = 'x'`)).rejects.toMatchObject({
      code: 'READ_ONLY',
      message: expect.stringContaining('is open for reading here'),
    });
    await expect(reader.exec('CREATE TABLE x (id integer)')).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect(reader.readOnly).toBe(direct.readOnly);
    expect([reader.engine, reader.description]).toEqual([direct.engine, direct.description]);
  });

  it('a file that is missing or not SQLite is refused with the direct connection’s error', async () => {
    for (const p of [join(path, '..', 'missing.sqlite'), join(process.cwd(), 'package.json')]) {
      const why = (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message });
      const want = await openDatabase({ engine: 'sqlite', path: p }).then(() => null, why);
      expect(want).not.toBeNull();
      expect(await openDatabase({ engine: 'sqlite', path: p }, { readerWorker: readerFile }).then(() => null, why)).toEqual(want);
    }
  });

  it('once closed, its threads are gone and a statement fails at once instead of waiting', async () => {
    const own = await openDatabase({ engine: 'sqlite', path }, { readerWorker: readerFile });
    expect(await own.one(sql`SELECT 1 AS x`)).toEqual({ x: 1 });
    await own.close();
    await expect(own.one(sql`SELECT 1 AS x`)).rejects.toMatchObject({ code: 'CONNECTION', message: 'The database connection is closed' });
    await own.close(); // twice is fine
  });

  it('a transaction is one snapshot on a thread of its own: a write committed meanwhile stays out of it, and other callers see it', async () => {
    const writer = await openDatabase({ engine: 'sqlite', path }, { write: true });
    const types = async (db: Db) => Number((await db.one<{ n: number }>(sql`SELECT count(*) AS n FROM "django_content_type"`))!.n);
    const before = await types(reader);
    let written!: () => void;
    const afterWrite = new Promise<void>((resolve) => (written = resolve));
    let readOutside!: (n: number) => void;
    const outside = new Promise<number>((resolve) => (readOutside = resolve));
    try {
      const tx = reader.transaction(async (tx) => {
        const first = await types(tx);
        await writer.run(sql`INSERT INTO "django_content_type" ("app_label", "model") VALUES ('aac_test', 'late')`);
        written();
        // Another caller reads meanwhile (below, on the test's own flow) …
        const seenOutside = await outside;
        // … while the transaction, through its handle or the reader itself, still reads its snapshot.
        return { first, seenOutside, again: await types(tx), viaReader: await types(reader) };
      });
      await afterWrite;
      readOutside(await types(reader));
      expect(await tx).toEqual({ first: before, seenOutside: before + 1, again: before, viaReader: before });
      expect(await types(reader)).toBe(before + 1);
    } finally {
      await writer.run(sql`DELETE FROM "django_content_type" WHERE "app_label" = 'aac_test'`);
      await writer.close();
    }
  });
});

// Db.transaction on one shared connection, called by two callers at once: the transactions do not
// interleave (SQLite: the second waits for the first; PostgreSQL: each has a pooled client of its
// own), nobody reads another's uncommitted rows, and each commits or rolls back on its own.
import { expect, it } from 'vitest';
import { sql } from '../../src-main/core/db/sql';
import type { Db } from '../../src-main/core/db/types';
import { describeEachEngine, freshDb } from '../helpers/engines';

/** Lets every other flow run for a few turns of the event loop (and a PostgreSQL round trip). */
async function otherCallersRun(db: Db): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await db.one(sql`SELECT 1 AS x`); // through the root handle from inside: never waits for itself
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describeEachEngine('Db.transaction with two callers', (engine) => {
  it("keeps each caller's transaction to itself: no uncommitted row seen, one commits, the other rolls back", async () => {
    const { db } = await freshDb(engine);
    try {
      await db.exec('CREATE TABLE "t" ("name" text NOT NULL)');
      const count = async (h: Db, name: string) => Number((await h.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM "t" WHERE "name" = ${name}`))!.n);
      // a's two moments, as the test sees them: its work returned (its COMMIT is sent next), and its
      // transaction resolved (committed). A read on PostgreSQL takes its snapshot somewhere between its
      // own start and end, so it must see a's row when it started after a committed, and must not see it
      // when it ended before a's work returned; in between, either is right.
      let aEnded = false;
      let aCommitted = false;
      let aInside!: () => void;
      const aStarted = new Promise<void>((resolve) => (aInside = resolve));
      const a = db
        .transaction(async (tx) => {
          await tx.run(sql`INSERT INTO "t" ("name") VALUES ('a')`);
          aInside();
          await otherCallersRun(db);
          const seen = { own: await count(tx, 'a'), others: await count(tx, 'b') };
          // A savepoint that fails undoes only its own row.
          await tx
            .transaction(async (sp) => {
              await sp.run(sql`INSERT INTO "t" ("name") VALUES ('a-inner')`);
              throw new Error('inner');
            })
            .catch(() => undefined);
          const inner = await count(tx, 'a-inner');
          aEnded = true;
          return { ...seen, inner };
        })
        .then((r) => {
          aCommitted = true;
          return r;
        });
      await aStarted;
      // Two other callers while a's transaction is open: a plain read and a transaction that fails.
      const seenOfA = async (h: Db) => {
        const committedAtStart = aCommitted;
        const n = await count(h, 'a');
        return { n, committedAtStart, endedAtEnd: aEnded };
      };
      const read = seenOfA(db);
      const b = db.transaction(async (tx) => {
        await tx.run(sql`INSERT INTO "t" ("name") VALUES ('b')`);
        const seen = await seenOfA(tx);
        await otherCallersRun(db);
        throw Object.assign(new Error('b fails'), { seen });
      });
      const bSeen = await b.then(
        () => null,
        (e: { seen?: Awaited<ReturnType<typeof seenOfA>> }) => e.seen,
      );
      expect(await a).toEqual({ own: 1, others: 0, inner: 0 });
      // What the others saw of a: its row only once it was committed. On SQLite the others wait for a's
      // transaction to end (one handle, the transaction gate), so they always see it committed.
      for (const seen of [await read, bSeen!]) {
        if (engine === 'sqlite') expect(seen).toMatchObject({ n: 1, endedAtEnd: true });
        else if (seen.committedAtStart) expect(seen.n).toBe(1);
        else if (!seen.endedAtEnd) expect(seen.n).toBe(0);
        else expect([0, 1]).toContain(seen.n);
      }
      expect(await db.all(sql`SELECT "name" FROM "t" ORDER BY "name"`)).toEqual([{ name: 'a' }]);
    } finally {
      await db.close();
    }
  });

  it('many concurrent transactions each commit their own rows whole', async () => {
    const { db } = await freshDb(engine);
    try {
      await db.exec('CREATE TABLE "t" ("k" integer NOT NULL, "i" integer NOT NULL)');
      await Promise.all(
        Array.from({ length: 8 }, (_, k) =>
          db
            .transaction(async (tx) => {
              for (let i = 0; i < 3; i++) {
                await tx.run(sql`INSERT INTO "t" ("k", "i") VALUES (${k}, ${i})`);
                await new Promise((resolve) => setImmediate(resolve));
              }
              // Only this caller's rows are visible as uncommitted ones: the others' are committed whole or absent.
              const rows = await tx.all<{ k: unknown; n: unknown }>(sql`SELECT "k" AS k, count(*) AS n FROM "t" GROUP BY "k"`);
              for (const row of rows) expect(Number(row.n), `k ${Number(row.k)} seen by ${k}`).toBe(3);
              if (k % 2 === 1) throw new Error('odd ones roll back');
            })
            .catch((e: Error) => expect(e.message).toBe('odd ones roll back')),
        ),
      );
      const rows = await db.all<{ k: unknown; n: unknown }>(sql`SELECT "k" AS k, count(*) AS n FROM "t" GROUP BY "k" ORDER BY "k"`);
      expect(rows.map((r) => [Number(r.k), Number(r.n)])).toEqual([0, 2, 4, 6].map((k) => [k, 3]));
    } finally {
      await db.close();
    }
  });
});

describeEachEngine('Db.transaction with statements issued together', (engine) => {
  it('runs statements a caller issues at once inside its transaction one after another, each with its own answer, and no driver warning', async () => {
    const { db } = await freshDb(engine);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      await db.exec('CREATE TABLE "t" ("n" integer NOT NULL)');
      const answers = await db.transaction(async (tx) => {
        // As a report's parts run: together, under Promise.all.
        const got = await Promise.all(
          [1, 2, 3, 4, 5].map(async (n) => {
            await tx.run(sql`INSERT INTO "t" ("n") VALUES (${n})`);
            return (await tx.one<{ n: unknown }>(sql`SELECT ${n} * 10 AS n`))!.n;
          }),
        );
        const inside = await tx.one<{ c: unknown }>(sql`SELECT count(*) AS c FROM "t"`);
        return { got: got.map(Number), inside: Number(inside!.c) };
      });
      expect(answers).toEqual({ got: [10, 20, 30, 40, 50], inside: 5 });
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await db.close();
    }
  });
});

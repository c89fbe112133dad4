// The demo forum is a fixed function of its seed and `now`: every row of every forum table (ids, times to
// the microsecond, passwords, counters, flags), on both engines. The digests below were recorded from the
// demo at c5b65ec, before its builders were split into named steps (#13); a change to what the demo writes must
// update them on purpose. Both engines must give the same digest: the rows are normalised (datetimes as
// microseconds, booleans as 0/1, integers as numbers), and PostgreSQL-only columns (tsvector) are left out.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { listTables } from '../../src-main/core/db/schema';
import { ident, join, sql, type Sql } from '../../src-main/core/db/sql';
import type { Db, Engine } from '../../src-main/core/db/types';
import { seedDemo } from '../../src-main/core/seed';
import { parseInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';

const OPTIONS = { users: 400, days: 60, seed: 7, now: parseInstant('2024-06-15T13:45:00Z'), passwordIterations: 1000 };

/** Row count and sha256 of each non-empty Askbot table's rows (order-independent), recorded from the pre-refactor demo. */
const RECORDED: Record<string, string> = {
  askbot_event: '4681:60d52a706d3a11d645a12da8feb213f5',
  askbot_group: '413:3599b7aa25b2daadc8a7553df6ca4753',
  askbot_post: '934:605c240d049c3514cbffb50f202d85c9',
  askbot_questionview: '2842:1afbe1ebf3d719ccfabc49572f5d4ef0',
  askbot_session: '1935:cdd701d539f71ec1dea53fbaa2422dc2',
  askbot_thread: '198:068f9dad4d7701793a4cd8f75e41aa78',
  askbot_userprofile: '400:60f420d5295e26809b1da15983ce1796',
  auth_group: '413:2ee6c8505cfe7251265bc8cc5ff7a488',
  auth_user: '400:fe2f9278ec11b0abf424a2053e772346',
  django_content_type: '13:5bd58367aa849aadbbcf2186258bfd29',
  django_site: '1:ea671419abb73e70db419acb32d1557e',
  vote: '505:3f71d00c05ccc8ff060702d2b7c67082',
};

/**
 * The membership rows' own ids follow the order in which each engine's join (users × domain map) yields
 * the rows of one INSERT … SELECT, so those two tables are recorded per engine.
 */
const RECORDED_PER_ENGINE: Record<Engine, Record<string, string>> = {
  sqlite: {
    askbot_groupmembership: '1112:b6ef19765437fcd1843cb6c5516f5f45',
    auth_user_groups: '1112:bcef84af379781c2f88bde1f08d55857',
  },
  postgres: {
    askbot_groupmembership: '1112:de0b71058f0eee7ecbe4f9ab73532524',
    auth_user_groups: '1112:9f39a35a44abbd7115698ce84058e875',
  },
};

type Kind = 'datetime' | 'bool' | 'int' | 'date' | 'other' | 'skip';

function kindOf(type: string): Kind {
  const t = type.toLowerCase();
  if (t === 'datetime' || t.startsWith('timestamp')) return 'datetime';
  if (t === 'bool' || t === 'boolean') return 'bool';
  if (/int/.test(t)) return 'int';
  if (t === 'date') return 'date';
  if (t === 'tsvector') return 'skip';
  return 'other';
}

async function columnsOf(db: Db, table: string): Promise<Array<{ name: string; kind: Kind }>> {
  const rows =
    db.engine === 'sqlite'
      ? await db.all<{ name: string; type: string }>(sql`SELECT name, type FROM pragma_table_info(${table})`)
      : await db.all<{ name: string; type: string }>(
          sql`SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table}`,
        );
  return rows
    .map((r) => ({ name: r.name, kind: kindOf(r.type) }))
    .filter((c) => c.kind !== 'skip')
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function selectable(db: Db, name: string, kind: Kind): Sql {
  const col = ident(name);
  if (kind === 'datetime') return db.dialect.micros(col);
  if (kind === 'bool') return sql`CASE WHEN ${col} IS NULL THEN NULL WHEN ${col} THEN 1 ELSE 0 END`;
  if (kind === 'date' && db.engine === 'postgres') return sql`CAST(${col} AS text)`;
  return col;
}

function normalised(v: unknown, kind: Kind): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'int' || kind === 'datetime' || kind === 'bool') return Number(v);
  return String(v);
}

/** Per table (Askbot's, not the console's aac_ ones): the digest of its rows, sorted. */
async function digests(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of (await listTables(db)).filter((t) => !t.startsWith('aac_'))) {
    const cols = await columnsOf(db, table);
    const select = cols.map((c, i) => sql`${selectable(db, c.name, c.kind)} AS ${ident(`c${i}`)}`);
    const rows = await db.all<Record<string, unknown>>(sql`SELECT ${join(select)} FROM ${ident(table)}`);
    if (rows.length === 0) continue;
    const lines = rows.map((r) => JSON.stringify(cols.map((c, i) => [c.name, normalised(r[`c${i}`], c.kind)]))).sort();
    out[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32)}`;
  }
  return out;
}

describeEachEngine('seed demo rows', (engine) => {
  it('are exactly the recorded ones for a fixed seed', async () => {
    const { db } = await freshAskbotDb(engine);
    await seedDemo(db, OPTIONS);
    const got = await digests(db);
    expect(got).toEqual({ ...RECORDED, ...RECORDED_PER_ENGINE[engine] });
    await db.close();
  });
});

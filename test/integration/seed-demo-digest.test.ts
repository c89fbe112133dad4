// The demo forum is a fixed function of its seed and `now`: every row of every forum table (ids, times to
// the microsecond, passwords, counters, flags), on both engines. The digests below were recorded from the
// demo before its builders were split into named steps (#13); a change to what the demo writes must
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

const OPTIONS = { users: 80, days: 21, seed: 7, now: parseInstant('2024-06-15T13:45:00Z'), passwordIterations: 1000 };

/** Row count and sha256 of each non-empty Askbot table's rows (order-independent), recorded from the pre-refactor demo. */
const RECORDED: Record<string, string> = {
  askbot_event: '445:9dbd4807869df6d0d5b42d5264e73ab4',
  askbot_group: '93:14ae2dfd052b39184354e185122264c8',
  askbot_post: '74:dbf5381f54a2b491c7b47a6c2b13cdc7',
  askbot_questionview: '251:3209fa8289fe9716f795e20ebcecbcd8',
  askbot_session: '185:da2b1ed634c40aef1390daef1fea849b',
  askbot_thread: '22:1fc53bbadf4a9544edabed405ac1726a',
  askbot_userprofile: '80:8cf353170cd44bec91cfa318e3a84ff9',
  auth_group: '93:f555abbb4167ace111806c99e2630890',
  auth_user: '80:07d59b3f6e261541a88ae14238d77bea',
  django_content_type: '13:5bd58367aa849aadbbcf2186258bfd29',
  django_site: '1:ea671419abb73e70db419acb32d1557e',
  vote: '40:633f1bfb731674a8a05d896da35a386e',
};

/**
 * The membership rows' own ids follow the order in which each engine's join (users × domain map) yields
 * the rows of one INSERT … SELECT, so those two tables are recorded per engine.
 */
const RECORDED_PER_ENGINE: Record<Engine, Record<string, string>> = {
  sqlite: {
    askbot_groupmembership: '229:30ead874a2bbd41ef7e6a48f13ad55ab',
    auth_user_groups: '229:1d98a4a4f4896149f157985f0ebf4dff',
  },
  postgres: {
    askbot_groupmembership: '229:6fc7e50556b7945d9dcfcdd1b893ee8a',
    auth_user_groups: '229:c2ae4b32ed538c4fea5ba9ef218473db',
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
  return rows.map((r) => ({ name: r.name, kind: kindOf(r.type) })).filter((c) => c.kind !== 'skip').sort((a, b) => (a.name < b.name ? -1 : 1));
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

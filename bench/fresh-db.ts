// A new, empty database for one benchmark run: a SQLite file in a temp folder, or a database created
// on the benchmark's PostgreSQL server; `cleanup` closes and removes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src-main/core/db/connect';
import type { Db, Engine } from '../src-main/core/db/types';

async function admin(adminUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function openFreshBenchDb(engine: Engine, adminUrl: string, label: string): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `aac-bench-${label}-`));
    const db = await openDatabase({ engine: 'sqlite', path: join(dir, 'bench.sqlite') }, { create: true });
    return {
      db,
      cleanup: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `aac_bench_${label}_${process.pid}_${Date.now().toString(36)}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = '/' + name;
  const db = await openDatabase({ engine: 'postgres', url: u.toString() });
  return {
    db,
    cleanup: async () => {
      await db.close();
      await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

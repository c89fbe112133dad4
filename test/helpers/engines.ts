// Runs a test body once per engine: a fresh SQLite file, and a fresh database on the test PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, inject } from 'vitest';
import { openDatabase, type ConnectionSpec } from '../../src-main/core/db/connect';
import { DEFAULT_TIME, type TimeSettings } from '../../src-main/core/db/dialect';
import { initSchema } from '../../src-main/core/db/init';
import type { Db, Engine } from '../../src-main/core/db/types';

export const ENGINES: Engine[] = ['sqlite', 'postgres'];

let counter = 0;
const tempDirs: string[] = [];
const pgDatabases: string[] = [];

function pgUrlFor(database: string): string {
  const u = new URL(inject('pgAdminUrl'));
  u.pathname = '/' + database;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A connection spec for a new, empty database on `engine`. */
export async function freshSpec(engine: Engine): Promise<ConnectionSpec> {
  counter++;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'aac-test-'));
    tempDirs.push(dir);
    return { engine: 'sqlite', path: join(dir, `db${counter}.sqlite`) };
  }
  const name = `aac_${process.pid}_${Date.now().toString(36)}_${counter}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  pgDatabases.push(name);
  return { engine: 'postgres', url: pgUrlFor(name) };
}

/** Opens a new, empty database (SQLite file created). */
export async function freshDb(engine: Engine, time: TimeSettings = DEFAULT_TIME): Promise<{ db: Db; spec: ConnectionSpec; url: string }> {
  const spec = await freshSpec(engine);
  const db = await openDatabase(spec, { time, create: true });
  return { db, spec, url: spec.engine === 'sqlite' ? spec.path : spec.url! };
}

/** Opens a new database with the Askbot schema laid in by `init`. */
export async function freshAskbotDb(engine: Engine, time: TimeSettings = DEFAULT_TIME) {
  const r = await freshDb(engine, time);
  await initSchema(r.db);
  return r;
}

afterAll(async () => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const name of pgDatabases.splice(0)) {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  }
});

/** `describe` once per engine; the body receives the engine name. */
export function describeEachEngine(title: string, body: (engine: Engine) => void): void {
  for (const engine of ENGINES) describe(`${title} [${engine}]`, () => body(engine));
}

// Where a compile spends its time, statement by statement (not a benchmark: a tool for working on the
// compiler). Generates (or reuses) a history, then runs a full and an incremental compile (10k events)
// through a Db wrapper that times every statement and each COMMIT (where PostgreSQL checks Askbot's
// deferred foreign keys), and prints the statements by total time.
//   npx tsx bench/profile-compile.ts <sqlite|pg17|pg15> [events=1000000] [layout=time|shuffled]
// PostgreSQL: the embedded server (or ASKBOT_ANALYTICS_TEST_PG_URL); pg15: Debian's, default settings.
// SQLite histories are kept in /tmp/aac-profile and copied for each run. PROFILE_CPU=1: this process's
// CPU time instead of wall time (SQLite runs in it; steadier on a busy machine); PROFILE_TOP=n: rows
// printed; PROFILE_INCREMENTAL=1: the full compile is done once and kept (SQLite: a file beside the
// history; PostgreSQL: a template database), and each run profiles only the incremental 10k on a copy of
// it; PROFILE_SCRIPT=1: the first batch's statements up to the user-hours step, parameters
// inlined, appended to /tmp/aac-profile/batch1.sql to replay and vary in the sqlite3 shell.
import { copyFileSync, existsSync, mkdirSync, appendFileSync, rmSync } from 'node:fs';
let dumped = false;
import pg from 'pg';
import { compileAnalytics } from '../src-main/core/compile';
import { dropDerivedSchema, ensureDerivedSchema } from '../src-main/core/derived/schema';
import { openDatabase } from '../src-main/core/db/connect';
import { initSchema } from '../src-main/core/db/init';
import type { Db } from '../src-main/core/db/types';
import { type Sql, sql } from '../src-main/core/db/sql';
import { startEmbeddedPostgres } from '../test/setup/embedded-postgres';
import { BENCH_END, generateActivity, generateBenchDataset, type Layout } from './dataset';
import { startDebianPostgres } from './debian-pg';

const HOUR = 3_600_000_000;
const [engineArg = 'sqlite', eventsArg = '1000000', layoutArg = 'time'] = process.argv.slice(2);
const events = Number(eventsArg);
const layout = layoutArg as Layout;

// SQLite runs in this process: its CPU time is a measure the other work on the machine disturbs less.
const cpu = process.env.PROFILE_CPU === '1';
const incrementalOnly = process.env.PROFILE_INCREMENTAL === '1';
const clock = () => {
  if (!cpu) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const stats = new Map<string, { n: number; ms: number }>();
const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 110);

function record(key: string, ms: number): void {
  const s = stats.get(key) ?? { n: 0, ms: 0 };
  s.n++;
  s.ms += ms;
  stats.set(key, s);
}

/** PROFILE_SCRIPT: the first batch's statements, parameters inlined, to replay and vary in the sqlite3 shell. */
function script(sql: string, params?: readonly unknown[]): void {
  if (!process.env.PROFILE_SCRIPT || dumped) return;
  const inlined = sql.replace(/\$(\d+)/g, (_, n) => {
    const v = (params ?? [])[Number(n) - 1];
    return typeof v === 'string' ? `'${v}'` : String(v);
  });
  appendFileSync('/tmp/aac-profile/batch1.sql', inlined + ';\n');
  if (sql.startsWith('INSERT INTO w_user_hours')) dumped = true;
}

function profiled(db: Db): Db {
  const time = async <T>(sql: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = clock();
    try {
      return await fn();
    } finally {
      record(label(sql), clock() - t0);
    }
  };
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'all' || prop === 'one' || prop === 'run')
        // A statement is a fragment, its values inside.
        return (query: Sql) => {
          const { text, values } = query.numbered();
          script(text, values);
          return time(text, () => (target[prop] as (q: Sql) => Promise<unknown>).call(target, query));
        };
      if (prop === 'exec')
        return (sql: string) => {
          script(sql);
          return time(sql, () => target.exec(sql));
        };
      if (prop === 'transaction')
        // The COMMIT is timed on its own: PostgreSQL checks Askbot's deferred foreign keys there.
        return async <T>(fn: (tx: Db) => Promise<T>) => {
          let end = 0;
          const v = await target.transaction(async (tx) => {
            const r = await fn(profiled(tx));
            end = clock();
            return r;
          });
          record('(commit)', clock() - end);
          return v;
        };
      return Reflect.get(target, prop, receiver);
    },
  });
}

function report(title: string, totalMs: number): void {
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(process.env.PROFILE_TOP ?? 25));
  console.log(`\n### ${title}: ${(totalMs / 1000).toFixed(2)} s`);
  for (const [k, s] of rows) console.log(`${(s.ms / 1000).toFixed(2).padStart(8)} s ${String(s.n).padStart(5)}x  ${k}`);
  stats.clear();
}

async function prepare(db: Db): Promise<void> {
  await initSchema(db);
  await dropDerivedSchema(db);
  await generateBenchDataset(db, { events, users: 20_000, groups: 500, days: 365, seed: 1, layout, analyze: true, log: (m) => console.error(m) });
  await ensureDerivedSchema(db);
  if (db.engine === 'sqlite') await db.exec('ANALYZE');
  else await db.exec('VACUUM ANALYZE');
}

async function main(): Promise<void> {
  let db: Db;
  let stop = async () => undefined as unknown;
  const cacheDir = '/tmp/aac-profile';
  mkdirSync(cacheDir, { recursive: true });
  if (engineArg === 'sqlite') {
    const cached = `${cacheDir}/${events}-${layout}.sqlite`;
    if (!existsSync(cached)) {
      const g = await openDatabase({ engine: 'sqlite', path: cached }, { create: true });
      await prepare(g);
      await g.close();
    }
    const compiled = `${cacheDir}/${events}-${layout}-compiled.sqlite`;
    if (incrementalOnly && !existsSync(compiled)) {
      copyFileSync(cached, compiled);
      const c = await openDatabase({ engine: 'sqlite', path: compiled }, { write: true });
      await compileAnalytics(c, { now: BENCH_END + HOUR });
      await c.close();
    }
    copyFileSync(incrementalOnly ? compiled : cached, `${cacheDir}/work-${process.pid}.sqlite`);
    db = await openDatabase({ engine: 'sqlite', path: `${cacheDir}/work-${process.pid}.sqlite` }, { write: true });
  } else {
    const server =
      engineArg === 'pg15'
        ? await startDebianPostgres()
        : process.env.ASKBOT_ANALYTICS_TEST_PG_URL
          ? { url: process.env.ASKBOT_ANALYTICS_TEST_PG_URL, stop: async () => undefined }
          : await startEmbeddedPostgres(['-c', 'shared_buffers=512MB', '-c', 'work_mem=64MB', '-c', 'synchronous_commit=off', '-c', 'max_wal_size=4GB']);
    stop = server.stop;
    const name = `aac_profile_${events}_${layout}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    const u = new URL(server.url);
    if (!exists) {
      await admin.query(`CREATE DATABASE "${name}"`);
      u.pathname = '/' + name;
      const g = await openDatabase({ engine: 'postgres', url: u.toString() });
      await prepare(g);
      await g.close();
    }
    const compiledName = `${name}_compiled`;
    if (incrementalOnly && !(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [compiledName])).rowCount) {
      await admin.query(`CREATE DATABASE "${compiledName}" TEMPLATE "${name}"`);
      u.pathname = '/' + compiledName;
      const c = await openDatabase({ engine: 'postgres', url: u.toString() });
      await compileAnalytics(c, { now: BENCH_END + HOUR });
      await c.exec('VACUUM ANALYZE');
      await c.close();
    }
    await admin.query('DROP DATABASE IF EXISTS aac_profile_work WITH (FORCE)');
    await admin.query(`CREATE DATABASE aac_profile_work TEMPLATE "${incrementalOnly ? compiledName : name}"`);
    await admin.end();
    u.pathname = '/aac_profile_work';
    db = await openDatabase({ engine: 'postgres', url: u.toString() });
    await db.exec('ANALYZE');
  }
  try {
    const p = profiled(db);
    const now = BENCH_END + HOUR;
    let t0 = clock();
    if (!incrementalOnly) {
      await compileAnalytics(p, { now });
      report(`${engineArg} ${events} ${layout} full compile`, clock() - t0);
    }
    const later = now + 2 * HOUR;
    const userBase = Number((await db.one<{ m: number }>(sql`SELECT min("id") AS m FROM "auth_user"`))!.m);
    await generateActivity(db, { sessions: 3_334, eventsPerSession: 3, first: now - 6 * HOUR, end: later - HOUR, userBase, users: 20_000, seed: 2, layout });
    if (db.engine === 'postgres') await db.exec('VACUUM ANALYZE');
    stats.clear();
    t0 = clock();
    await compileAnalytics(p, { now: later });
    report(`${engineArg} ${events} ${layout} incremental 10k`, clock() - t0);
  } finally {
    await db.close();
    await stop();
    if (engineArg === 'sqlite') rmSync(`${cacheDir}/work-${process.pid}.sqlite`, { force: true });
  }
}

await main();

// Where the Overview's time goes: each statement of reportOverview timed on a compiled bench forum
// (bench/dataset.ts, 5M events by default, plus the reports bench's questions and answers).
//   npx tsx bench/profile-overview.ts sqlite [events]           (a SQLite file cached in /tmp/aac-overview)
//   npx tsx bench/profile-overview.ts <postgres-url> [events]   (builds the forum unless it holds one)
// PROFILE_SEGMENT=<key> and PROFILE_DATES=<range> pick the report; EXCLUDE_STAFF=1 leaves staff out.
import { existsSync, mkdirSync } from 'node:fs';
import { openDatabase } from '../src-main/core/db/connect';
import { ensureDerivedTables } from '../src-main/core/derived/tables';
import { initSchema } from '../src-main/core/db/init';
import type { Db } from '../src-main/core/db/types';
import type { Sql } from '../src-main/core/db/sql';
import { ensureReportIndexes } from '../src-main/core/derived/report-indexes';
import { reportOverview } from '../src-main/core/reports';
import { listTables } from '../src-main/core/db/schema';
import { parseSettings } from '../src-main/core/settings';
import { parseInstant } from '../src-main/core/time/instant';
import { generateBenchDataset } from './dataset';
import { addQuestionsAndAnswers } from './reports.bench';

const NOW = parseInstant('2026-11-01T12:00:00Z');
const CACHE = '/tmp/aac-overview';

/** `db` with every statement timed into `log` (first line of the SQL, ms). */
function timedDb(db: Db, log: Array<{ sql: string; ms: number }>): Db {
  const wrap =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t0 = performance.now();
      try {
        return await fn(...a);
      } finally {
        log.push({ sql: (a[0] as Sql).numbered().text.replace(/\s+/g, ' ').slice(0, 110), ms: performance.now() - t0 });
      }
    };
  return { ...db, dialect: db.dialect, engine: db.engine, all: wrap(db.all.bind(db)), one: wrap(db.one.bind(db)), run: wrap(db.run.bind(db)) } as Db;
}

async function main() {
  const [target = 'sqlite', eventsArg = '5000000'] = process.argv.slice(2);
  const events = Number(eventsArg);
  let db: Db;
  if (target === 'sqlite') {
    mkdirSync(CACHE, { recursive: true });
    const path = `${CACHE}/${events}.sqlite`;
    const fresh = !existsSync(path);
    db = await openDatabase({ engine: 'sqlite', path }, { create: true, write: true });
    if (fresh) await build(db, events);
  } else {
    db = await openDatabase({ engine: 'postgres', url: target });
    if (!(await listTables(db)).includes('askbot_event')) await build(db, events);
  }
  // What a compile by this version adds to a forum compiled earlier (the cache may predate it).
  await ensureDerivedTables(db);
  await ensureReportIndexes(db);
  if (process.env.PROFILE_CACHE_MB && db.engine === 'sqlite') await db.exec(`PRAGMA cache_size = -${Number(process.env.PROFILE_CACHE_MB) * 1024}`);
  const settings = { ...parseSettings({}), EXCLUDE_STAFF: process.env.EXCLUDE_STAFF === '1' };
  const q = { segment: process.env.PROFILE_SEGMENT, dates: process.env.PROFILE_DATES ?? 'last-30-days', now: NOW };
  const log: Array<{ sql: string; ms: number }> = [];
  const tdb = timedDb(db, log);
  await reportOverview(tdb, settings, q); // warm
  const totals: number[] = [];
  for (let i = 0; i < 5; i++) {
    log.length = 0;
    const t0 = performance.now();
    await reportOverview(tdb, settings, q);
    totals.push(performance.now() - t0);
  }
  for (const s of log) process.stdout.write(`${s.ms.toFixed(1).padStart(8)} ms  ${s.sql}\n`);
  totals.sort((a, b) => a - b);
  process.stdout.write(
    `overview ${JSON.stringify(q.segment ?? 'all-users')} ${q.dates}: median ${totals[2]!.toFixed(1)} ms (${totals.map((t) => t.toFixed(0)).join(', ')})\n`,
  );
  await db.close();
}

async function build(db: Db, events: number) {
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  await initSchema(db);
  const { users, first, end } = await generateBenchDataset(db, { events, compile: true, log });
  await addQuestionsAndAnswers(db, users, first, end);
  await ensureReportIndexes(db);
  await db.exec('ANALYZE');
}

await main();

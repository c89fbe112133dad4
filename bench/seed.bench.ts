// Seeding speed: `seed demo` at the app's default size and at 100k users / ~1M events, then a second
// `seed events` (which must add nothing), on SQLite and PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src-main/core/db/connect';
import { initSchema } from '../src-main/core/db/init';
import type { Db } from '../src-main/core/db/types';
import { seedDemo, seedEventsFromForum } from '../src-main/core/seed';
import { DEFAULT_SETTINGS } from '../src-main/core/settings';
import { parseInstant } from '../src-main/core/time/instant';
import type { BenchContext, BenchResult } from './run';

const NOW = parseInstant('2026-06-15T12:00:00Z');

async function withDb<T>(ctx: BenchContext, engine: 'sqlite' | 'postgres', fn: (db: Db) => Promise<T>): Promise<T> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'aac-bench-seed-'));
    const db = await openDatabase({ engine: 'sqlite', path: join(dir, 'demo.sqlite') }, { create: true });
    try {
      return await fn(db);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `aac_bench_seed_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ctx.pgAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ctx.pgAdminUrl);
  url.pathname = '/' + name;
  const db = await openDatabase({ engine: 'postgres', url: url.toString() });
  try {
    return await fn(db);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

export default async function seedBench(ctx: BenchContext): Promise<BenchResult[]> {
  const sizes = ctx.quick
    ? [
        { name: 'demo default', users: 300, days: 120 },
        { name: 'quick', users: 5_000, days: 40 },
      ]
    : [
        { name: 'demo default', users: 300, days: 120 },
        { name: '100k users', users: 100_000, days: 52 },
      ];
  const results: BenchResult[] = [];
  for (const size of sizes) {
    for (const engine of ['sqlite', 'postgres'] as const) {
      ctx.log(`seed demo ${size.name} on ${engine}`);
      results.push(
        await withDb(ctx, engine, async (db) => {
          await initSchema(db);
          const steps: Record<string, number> = {};
          let last = performance.now();
          let lastStep = '';
          const t0 = last;
          const summary = await seedDemo(db, {
            users: size.users,
            days: size.days,
            seed: 1,
            now: NOW,
            onProgress: (p) => {
              const t = performance.now();
              if (lastStep) steps[lastStep] = (t - last) / 1000;
              lastStep = p.step;
              last = t;
            },
          });
          const total = (performance.now() - t0) / 1000;
          steps[lastStep] = (performance.now() - last) / 1000;
          const t1 = performance.now();
          const again = await seedEventsFromForum(db, DEFAULT_SETTINGS);
          if (again.eventsAdded !== 0) throw new Error('the second seed events added rows');
          return {
            name: size.name,
            engine,
            users: summary.users,
            days: summary.days,
            posts: summary.threads + summary.answers + summary.comments,
            events: summary.events,
            sessions: summary.sessions,
            'total s': total,
            'simulate s': total - Object.values(steps).reduce((a, b) => a + b, 0),
            'hash passwords s': steps.passwords ?? 0,
            'users s': steps.users ?? 0,
            'groups s': steps.groups ?? 0,
            'posts s': steps.posts ?? 0,
            'votes+views s': steps['votes and views'] ?? 0,
            'seed events s': steps['analytics events'] ?? 0,
            'events/s (whole demo)': Math.round(summary.events / total),
            'second seed events s': (performance.now() - t1) / 1000,
          };
        }),
      );
    }
  }
  return results;
}

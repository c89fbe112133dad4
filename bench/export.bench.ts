// Export throughput and memory (issue 7): a full Activity export (every event of the dataset, 1M by
// default, 100k with --quick) to CSV, XLSX and HTML on both engines, measuring rows/s and peak RSS
// (process.memoryUsage().rss sampled every 20 ms and at every progress report) against the RSS
// before the export; plus the Users "all users" level (read page by page through reportUsers).
// The dataset comes from generateBenchDataset in bench/dataset.ts.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initSchema } from '../src-main/core/db/init';
import { exportActivity, exportUsers, type ExportFormat } from '../src-main/core/export';
import { ensureReportIndexes } from '../src-main/core/derived/report-indexes';
import { generateBenchDataset } from './dataset';
import { openFreshBenchDb } from './fresh-db';
import type { BenchContext, BenchResult } from './run';

const DATES = '2024-01-01..2026-11-01';
const NOW = '2026-11-02T00:00:00Z';

const MB = 1024 * 1024;

/** Runs `fn` while sampling RSS; returns seconds, the peak and the RSS just before. */
async function measured<T>(fn: (sample: () => void) => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number; baseMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sample = () => {
    const r = process.memoryUsage().rss;
    if (r > peak) peak = r;
  };
  const timer = setInterval(sample, 20);
  const t0 = performance.now();
  try {
    const value = await fn(sample);
    sample();
    return { value, seconds: (performance.now() - t0) / 1000, peakMb: peak / MB, baseMb: base / MB };
  } finally {
    clearInterval(timer);
  }
}

/** One table row: throughput, file size and memory of an export measured by `measured`. */
function resultRow(name: string, engine: string, out: string, m: { value: { rows: number }; seconds: number; peakMb: number; baseMb: number }): BenchResult {
  return {
    name,
    engine,
    rows: m.value.rows,
    seconds: m.seconds,
    'rows/s': Math.round(m.value.rows / m.seconds),
    'file MB': statSync(out).size / MB,
    'RSS before MB': m.baseMb,
    'peak RSS MB': m.peakMb,
    'RSS growth MB': m.peakMb - m.baseMb,
  };
}

export default async function exportBench(ctx: BenchContext): Promise<BenchResult[]> {
  const events = ctx.quick ? 100_000 : 1_000_000;
  const results: BenchResult[] = [];
  const outDir = mkdtempSync(join(tmpdir(), 'aac-bench-export-'));
  try {
    for (const engine of ['sqlite', 'postgres'] as const) {
      ctx.log(`${engine}: building ${events} events`);
      const { db, cleanup } = await openFreshBenchDb(engine, ctx.pgAdminUrl, 'export');
      try {
        await initSchema(db);
        const { settings } = await generateBenchDataset(db, { events, users: 20_000, groups: 200, days: 365, log: ctx.log });
        await ensureReportIndexes(db);
        await db.exec('ANALYZE');
        for (const format of ['csv', 'xlsx', 'html'] as ExportFormat[]) {
          ctx.log(`${engine}: activity ${format}`);
          const out = join(outDir, `activity-${engine}.${format}`);
          const m = await measured((sample) => exportActivity(db, settings, { dates: DATES, now: NOW, format, out, overwrite: true, onProgress: sample }));
          results.push(resultRow(`activity ${format}`, engine, out, m));
          rmSync(out, { force: true });
        }
        ctx.log(`${engine}: users all-users xlsx`);
        const out = join(outDir, `users-${engine}.xlsx`);
        const m = await measured((sample) =>
          exportUsers(db, settings, { segment: 'all-users', dates: DATES, now: NOW, format: 'xlsx', out, overwrite: true, onProgress: sample }),
        );
        results.push(resultRow('users all-users xlsx (page by page)', engine, out, m));
      } finally {
        await cleanup();
      }
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return results;
}

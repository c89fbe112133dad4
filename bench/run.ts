// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints a
// Markdown table per benchmark, which is what the README's numbers are copied from.
// Each module default-exports `async (ctx: BenchContext) => BenchResult[]`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmbeddedPostgres } from '../test/setup/embedded-postgres';

export interface BenchResult {
  name: string;
  engine: string;
  [metric: string]: string | number;
}

export interface BenchContext {
  /** A PostgreSQL server URL whose user may create databases (started embedded unless given). */
  pgAdminUrl: string;
  /** Scale factor: `--quick` runs small sizes for a smoke check. */
  quick: boolean;
  log(msg: string): void;
}

const here = dirname(fileURLToPath(import.meta.url));

function markdown(results: BenchResult[]): string {
  if (results.length === 0) return '(no results)';
  const keys = [...new Set(results.flatMap((r) => Object.keys(r)))];
  const fmt = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v ?? ''));
  return [`| ${keys.join(' | ')} |`, `| ${keys.map(() => '---').join(' | ')} |`, ...results.map((r) => `| ${keys.map((k) => fmt(r[k])).join(' | ')} |`)].join(
    '\n',
  );
}

async function startPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.ASKBOT_ANALYTICS_TEST_PG_URL) return { url: process.env.ASKBOT_ANALYTICS_TEST_PG_URL, stop: async () => undefined };
  // Durable (fsync on), with memory for millions of rows.
  return startEmbeddedPostgres([
    '-c',
    'shared_buffers=512MB',
    '-c',
    'work_mem=64MB',
    '-c',
    'maintenance_work_mem=256MB',
    '-c',
    'synchronous_commit=off',
    '-c',
    'max_wal_size=4GB',
  ]);
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.filter((a) => !a.startsWith('--'));
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  const pgServer = await startPostgres();
  try {
    for (const f of files) {
      const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: (ctx: BenchContext) => Promise<BenchResult[]> };
      process.stdout.write(`\n## ${f.replace('.bench.ts', '')}\n\n`);
      const results = await mod.default({ pgAdminUrl: pgServer.url, quick, log: (m) => process.stderr.write(`  ${m}\n`) });
      process.stdout.write(markdown(results) + '\n');
    }
  } finally {
    await pgServer.stop();
  }
}

await main();

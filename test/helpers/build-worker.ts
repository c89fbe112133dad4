// Worker threads run plain JavaScript: bundle a TypeScript worker entry with esbuild for the tests,
// the way the app build bundles src-main/jobs/worker.ts.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { basename, join } from 'node:path';

const cache = new Map<string, Promise<string>>();

export function bundleWorker(entry: string): Promise<string> {
  let out = cache.get(entry);
  if (!out) {
    // Inside the repository, so the bundle resolves its external packages from node_modules.
    const cacheDir = join(process.cwd(), 'node_modules', '.cache');
    mkdirSync(cacheDir, { recursive: true });
    const outfile = join(mkdtempSync(join(cacheDir, 'aac-worker-')), basename(entry).replace(/\.ts$/, '.mjs'));
    out = build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    }).then(() => outfile);
    cache.set(entry, out);
  }
  return out;
}

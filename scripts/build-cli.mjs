// Bundles the command line (src-main/cli.ts) for plain Node; dependencies stay in node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src-main/cli.ts' },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

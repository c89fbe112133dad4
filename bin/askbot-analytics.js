#!/usr/bin/env node
// The CLI is bundled by `npm run build` into out/cli/cli.js (plain Node, no Electron).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const built = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'cli', 'cli.js');
if (!existsSync(built)) {
  process.stderr.write('askbot-analytics is not built yet: run "npm run build" first\n');
  process.exit(1);
}
await import(pathToFileURL(built).href);

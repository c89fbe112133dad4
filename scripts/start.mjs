// npm start: checks Node and Electron's binary (fetching the binary when the install skipped it), builds
// the app, rebuilds better-sqlite3 for Electron's Node ABI, launches Electron (which opens the demo
// database in its data folder, creating it on first run), then rebuilds better-sqlite3 for plain Node
// again so that `npm test` and the CLI keep working. A missing prerequisite is one line, not a stack trace.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronBinary, nodeProblem } from './electron-binary.mjs';
import { runThenRestoreNodeBuild } from './electron-abi.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const problem =
  nodeProblem(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))) ??
  ensureElectronBinary(dirname(createRequire(import.meta.url).resolve('electron/package.json')));
if (problem) {
  console.error(problem);
  process.exit(1);
}

process.exit(
  runThenRestoreNodeBuild([
    ['npx', ['electron-vite', 'build']],
    ['npx', ['electron-builder', 'install-app-deps']],
    ['npx', ['electron-vite', 'preview']],
  ]),
);

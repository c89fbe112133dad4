// npm start: builds the app, rebuilds better-sqlite3 for Electron's Node ABI, launches Electron (which
// opens the demo database in its data folder, creating it on first run), then rebuilds better-sqlite3
// for plain Node again so that `npm test` and the CLI keep working.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status ?? 1;
};

let code = run('npx', ['electron-vite', 'build']);
if (code === 0) code = run('npx', ['electron-builder', 'install-app-deps']);
if (code === 0) code = run('npx', ['electron-vite', 'preview']);
const restore = run('npm', ['rebuild', 'better-sqlite3']);
process.exit(code || restore);

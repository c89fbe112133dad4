// better-sqlite3 is a native module built for one Node ABI at a time. The desktop paths (npm start,
// npm run dist) rebuild it for Electron's; the tests, the CLI and the benchmarks need plain Node's. So
// those paths run their steps and then always rebuild it for Node again, whether the steps passed or not.
import { spawnSync } from 'node:child_process';

/** The command that puts better-sqlite3 back on this Node's ABI (also `npm run rebuild:node`). */
export const RESTORE_NODE_BUILD = ['npm', ['rebuild', 'better-sqlite3']];

/** Runs a command with the terminal attached; its exit code (1 when it could not start). */
export function runCommand(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status ?? 1;
}

/**
 * Runs `steps` ([command, args] pairs) in order, stopping at the first that fails, then restores Node's
 * build of better-sqlite3. Returns the first failing step's code, else the restore's.
 */
export function runThenRestoreNodeBuild(steps, run = runCommand) {
  let code = 0;
  for (const [cmd, args] of steps) {
    code = run(cmd, args);
    if (code !== 0) break;
  }
  const restore = run(...RESTORE_NODE_BUILD);
  return code || restore;
}

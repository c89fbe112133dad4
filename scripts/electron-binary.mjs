// What `npm start` needs before it can open the app: a Node that electron-builder's native rebuild
// supports, and Electron's binary. The binary is fetched with Electron's own installer when an install
// skipped it (ELECTRON_SKIP_BINARY_DOWNLOAD=1); when that cannot work, one plain line says why.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLI_HINT = 'the command line works without it: npx askbot-analytics --help';

/** '22.12' ≤ '22.13.1'? Plain numeric comparison of dotted versions (a leading 'v' and '>=' are ignored). */
export function atLeast(version, minimum) {
  const parts = (v) =>
    v
      .replace(/^[^\d]*/, '')
      .split('.')
      .map((n) => Number.parseInt(n, 10) || 0);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** The Node version `npm start` needs, from package.json's engines (the desktop path's floor). */
export function nodeProblem(packageJson, nodeVersion = process.version) {
  const range = packageJson.engines?.node ?? '';
  const minimum = range.replace(/^>=\s*/, '');
  if (!minimum || atLeast(nodeVersion, minimum)) return undefined;
  return `npm start needs Node.js ${minimum} or later (this is ${nodeVersion}); ${CLI_HINT} (Node.js 20.19 or later)`;
}

/** Whether Electron's binary is in place in the electron package folder. */
export function electronBinaryPresent(electronDir) {
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

/**
 * Makes sure Electron's binary is installed, running Electron's own installer when it is not.
 * @returns {string | undefined} a one-line problem, or undefined when the binary is there.
 */
export function ensureElectronBinary(electronDir, env = process.env) {
  if (electronBinaryPresent(electronDir)) return undefined;
  console.log('npm start: fetching the Electron binary (once; the install skipped it)');
  const installEnv = { ...env };
  delete installEnv.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { env: installEnv, encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status === 0 && electronBinaryPresent(electronDir)) return undefined;
  const reason =
    `${r.stderr ?? ''}\n${r.error?.message ?? ''}`
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('at ')) ?? `exit ${r.status}`;
  return `npm start: the Electron binary could not be downloaded (${reason.replace(/^Error:\s*/, '')}); the desktop app needs it once, over the network; ${CLI_HINT}`;
}

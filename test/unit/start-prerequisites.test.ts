// npm start's prerequisites (scripts/electron-binary.mjs): the Node version it needs, and Electron's
// binary fetched by Electron's own installer when an install skipped it, or one plain line when that fails.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atLeast, electronBinaryPresent, ensureElectronBinary, nodeProblem } from '../../scripts/electron-binary.mjs';
import packageJson from '../../package.json';

const realElectron = dirname(createRequire(import.meta.url).resolve('electron/package.json'));

/** A copy of the electron package without its binary, inside the repository so its installer resolves its own dependencies. */
function electronWithoutBinary(): string {
  const cache = join(process.cwd(), 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = join(mkdtempSync(join(cache, 'aac-electron-')), 'electron');
  mkdirSync(dir);
  for (const f of ['package.json', 'install.js', 'index.js', 'checksums.json']) cpSync(join(realElectron, f), join(dir, f));
  return dir;
}

describe('npm start prerequisites', () => {
  it('compares versions numerically', () => {
    expect(atLeast('v22.12.0', '22.12')).toBe(true);
    expect(atLeast('v22.9.0', '22.12')).toBe(false);
    expect(atLeast('v23.0.1', '22.12')).toBe(true);
    expect(atLeast('v20.19.5', '22.12')).toBe(false);
  });

  it('names the Node version the desktop path needs, from package.json engines', () => {
    expect(packageJson.engines.node).toBe('>=22.12');
    expect(nodeProblem(packageJson, 'v22.12.0')).toBeUndefined();
    const problem = nodeProblem(packageJson, 'v20.20.2');
    expect(problem).toContain('22.12');
    expect(problem).toContain('npx askbot-analytics --help');
  });

  it("runs Electron's installer when the binary is missing, and says in one line why it could not", () => {
    const dir = electronWithoutBinary();
    expect(electronBinaryPresent(dir)).toBe(false);
    const problem = ensureElectronBinary(dir, {
      ...process.env,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1', // the install skipped it; npm start must not
      ELECTRON_MIRROR: 'http://127.0.0.1:9/', // nothing listens there: the download fails at once
      electron_config_cache: mkdtempSync(join(dirname(dir), 'cache-')),
    });
    expect(problem).toMatch(/^npm start: the Electron binary could not be downloaded \(.*(ECONNREFUSED|127\.0\.0\.1).*\)/);
    expect(problem).toContain('npx askbot-analytics --help');
    expect(problem).not.toContain('\n');
    expect(problem).not.toMatch(/\bat .*:\d+:\d+/); // no stack trace
  });

  it('does nothing when the binary is there', () => {
    const dir = electronWithoutBinary();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'path.txt'), 'electron');
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(electronBinaryPresent(dir)).toBe(true);
    expect(ensureElectronBinary(dir, { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/' })).toBeUndefined();
  });
});

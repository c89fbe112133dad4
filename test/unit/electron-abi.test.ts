// npm start and npm run dist leave better-sqlite3 on plain Node's ABI (scripts/electron-abi.mjs): their
// steps run in order, and the Node rebuild runs afterwards whether they passed or not. dist.mjs is run for
// real with stand-in `npm` and `npx` commands that only record what they were asked.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RESTORE_NODE_BUILD, runThenRestoreNodeBuild, type Step } from '../../scripts/electron-abi.mjs';
import packageJson from '../../package.json';

const STEPS: Step[] = [
  ['npx', ['electron-vite', 'build']],
  ['npx', ['electron-builder', '--publish', 'never']],
];

/** A runner that records each command and answers the code given for it (0 otherwise). */
function recorder(codes: Record<string, number> = {}) {
  const ran: string[] = [];
  const run = (cmd: string, args: string[]) => {
    const line = [cmd, ...args].join(' ');
    ran.push(line);
    return codes[line] ?? 0;
  };
  return { ran, run };
}

describe('better-sqlite3 back on Node after the Electron steps', () => {
  it('runs every step, then the Node rebuild', () => {
    const { ran, run } = recorder();
    expect(runThenRestoreNodeBuild(STEPS, run)).toBe(0);
    expect(ran).toEqual(['npx electron-vite build', 'npx electron-builder --publish never', 'npm rebuild better-sqlite3']);
  });

  it('stops at a failing step, still rebuilds for Node, and answers the step’s code', () => {
    const { ran, run } = recorder({ 'npx electron-vite build': 2 });
    expect(runThenRestoreNodeBuild(STEPS, run)).toBe(2);
    expect(ran).toEqual(['npx electron-vite build', 'npm rebuild better-sqlite3']);
  });

  it('fails when only the Node rebuild fails', () => {
    const { ran, run } = recorder({ 'npm rebuild better-sqlite3': 1 });
    expect(runThenRestoreNodeBuild(STEPS, run)).toBe(1);
    expect(ran.at(-1)).toBe([RESTORE_NODE_BUILD[0], ...RESTORE_NODE_BUILD[1]].join(' '));
  });

  describe('npm run dist (scripts/dist.mjs with stand-in npm and npx)', () => {
    const bin = mkdtempSync(join(tmpdir(), 'aac-dist-'));
    const log = join(bin, 'log');
    afterAll(() => rmSync(bin, { recursive: true, force: true }));
    for (const name of ['npm', 'npx']) {
      // Records its command line; fails with FAIL_CODE when its command line is FAIL_ON.
      const file = join(bin, name);
      writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> "${log}"\n[ "${name} $*" = "$FAIL_ON" ] && exit "$FAIL_CODE"\nexit 0\n`);
      chmodSync(file, 0o755);
    }
    const dist = (env: Record<string, string> = {}) => {
      rmSync(log, { force: true });
      const r = spawnSync(process.execPath, ['scripts/dist.mjs'], {
        env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}`, ...env },
        encoding: 'utf8',
      });
      return { code: r.status, ran: readFileSync(log, 'utf8').trim().split('\n') };
    };

    it('is what package.json runs', () => {
      expect(packageJson.scripts.dist).toBe('node scripts/dist.mjs');
    });

    it.runIf(process.platform !== 'win32')('builds, packages (electron-builder rebuilds for Electron), then rebuilds for Node', () => {
      expect(dist()).toEqual({ code: 0, ran: ['npm run build', 'npx electron-builder --publish never', 'npm rebuild better-sqlite3'] });
    });

    it.runIf(process.platform !== 'win32')('rebuilds for Node even when packaging fails, and fails with its code', () => {
      expect(dist({ FAIL_ON: 'npx electron-builder --publish never', FAIL_CODE: '3' })).toEqual({
        code: 3,
        ran: ['npm run build', 'npx electron-builder --publish never', 'npm rebuild better-sqlite3'],
      });
    });
  });
});

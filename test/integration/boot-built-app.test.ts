// The built app, booted under Node without the Electron binary: out/main/index.js runs in a folder laid
// out the way electron-builder packages it (resources/app.asar holding the `files` of
// electron-builder.yml and the production dependencies, with what `asarUnpack` names moved to
// app.asar.unpacked), with a stand-in `electron` module that records what the app does
// (test/fixtures/electron-stand-in). It catches a wrong path, a missing bundle, a dependency that is not
// a production one, a native module left inside the archive, and a window that is not locked down.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, channelOf } from '../../src-preload/channels';
import { CONTENT_SECURITY_POLICY } from '../../src-main/security';
import { DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME } from '../../src-main/core/seed/demo';

const root = process.cwd();
// electron-builder's own YAML reader and glob matcher, so the layout follows its rules.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const { minimatch } = builderRequire('minimatch') as { minimatch(path: string, pattern: string, opts?: { dot?: boolean; matchBase?: boolean }): boolean };
const STAND_IN = join(root, 'test', 'fixtures', 'electron-stand-in', 'register.mjs');

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
}

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full, base) : [relative(base, full).split(sep).join('/')];
  });
}

/** The packaged layout: resources/app.asar (a folder standing in for the archive) and app.asar.unpacked. */
function packagedLayout(config: BuilderConfig): string {
  const resources = join(mkdtempSync(join(tmpdir(), 'aac-boot-')), 'resources');
  const asar = join(resources, 'app.asar');
  for (const top of ['out', 'bin', 'package.json']) {
    const files = statSync(join(root, top)).isDirectory() ? walk(join(root, top)).map((f) => `${top}/${f}`) : [top];
    for (const f of files.filter((f) => config.files.some((p) => minimatch(f, p, { dot: true })))) {
      mkdirSync(dirname(join(asar, f)), { recursive: true });
      cpSync(join(root, f), join(asar, f));
    }
  }
  // The production dependencies, as electron-builder collects them (no devDependencies).
  const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' });
  const dirs = ls.stdout
    .split('\n')
    .filter((d) => d && d !== root)
    .map((d) => relative(root, d));
  for (const d of dirs.filter((d) => !dirs.some((o) => o !== d && d.startsWith(o + sep)))) cpSync(join(root, d), join(asar, d), { recursive: true });
  // asarUnpack: the file goes to app.asar.unpacked; the archive keeps an empty entry for it.
  for (const f of walk(asar).filter((f) => config.asarUnpack.some((p) => minimatch(f, p, { dot: true, matchBase: true })))) {
    mkdirSync(dirname(join(resources, 'app.asar.unpacked', f)), { recursive: true });
    renameSync(join(asar, f), join(resources, 'app.asar.unpacked', f));
    writeFileSync(join(asar, f), '');
  }
  return resources;
}

interface BootReport {
  handlers: string[];
  windows: { options: { webPreferences: Record<string, unknown> }; loaded: { file?: string } | null }[];
  menuSet: boolean;
  csp: string[] | null;
  permission: Record<string, boolean | undefined>;
  calls: Record<string, { ok: boolean; value?: Record<string, unknown>; error?: { code: string } } & Record<string, unknown>>;
  quit: string | null;
  error?: string;
}

function boot(resources: string): { status: number | null; output: string; report?: BootReport } {
  const work = mkdtempSync(join(tmpdir(), 'aac-boot-run-'));
  const reportFile = join(work, 'report.json');
  const r = spawnSync(process.execPath, ['--import', STAND_IN, join(resources, 'app.asar', 'out', 'main', 'index.js')], {
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      AAC_BOOT_USERDATA: join(work, 'userData'),
      AAC_BOOT_REPORT: reportFile,
      AAC_BOOT_PROBE: JSON.stringify({
        currentChannel: channelOf('db/current'),
        statusChannel: channelOf('db/status'),
        signInChannel: channelOf('auth/signIn'),
        signInRequest: { login: DEMO_ADMIN_USERNAME, password: DEMO_ADMIN_PASSWORD },
        jobStartChannel: channelOf('job/start'),
        jobStartRequest: { kind: 'compile', rebuild: true },
        finishedChannel: channelOf('job/finished'),
      }),
    },
  });
  const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as BootReport) : undefined;
  return { status: r.status, output: `${r.stdout}\n${r.stderr}`, report };
}

const builderConfig = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('the built app boots from its packaged layout', () => {
  it('registers exactly the contract, opens one locked-down window on the built preload and renderer, and runs a job in the built worker', () => {
    expect(existsSync(join(root, 'out', 'main', 'index.js')), 'out/main/index.js is missing: run "npm run build"').toBe(true);
    const resources = packagedLayout(builderConfig);
    const asar = join(resources, 'app.asar');
    // better-sqlite3's native module is outside the archive, and only an empty entry is inside.
    const native = walk(join(resources, 'app.asar.unpacked'));
    expect(native).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');

    const { status, output, report } = boot(resources);
    expect(report?.error, output).toBeUndefined();
    expect(status, output).toBe(0);
    const r = report!;

    expect([...r.handlers].sort()).toEqual(METHOD_NAMES.map((n) => channelOf(n)).sort());
    expect(r.windows).toHaveLength(1);
    const { webPreferences } = r.windows[0]!.options;
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webviewTag: false });
    expect(webPreferences.preload).toBe(join(asar, 'out', 'preload', 'index.cjs'));
    expect(existsSync(webPreferences.preload as string)).toBe(true);
    expect(r.windows[0]!.loaded?.file).toBe(join(asar, 'out', 'renderer', 'index.html'));
    expect(existsSync(r.windows[0]!.loaded!.file!)).toBe(true);
    expect(r.csp).toEqual([CONTENT_SECURITY_POLICY]);
    expect(r.permission).toEqual({ camera: false, notifications: false });
    expect(r.menuSet).toBe(true);

    // The demo database was built at launch (a job in the worker, better-sqlite3 from app.asar.unpacked).
    expect(r.calls.current, output).toMatchObject({ ok: true, value: { engine: 'sqlite' } });
    expect(r.calls.status).toMatchObject({ ok: true });
    expect(Number((r.calls.status!.value as { counts: { events: number } }).counts.events)).toBeGreaterThan(0);
    // A call from anything but the app's own window is refused.
    expect(r.calls.stranger).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // Signed in as the demo's administrator, a compile job runs to its end in the built worker.
    expect(r.calls.signIn).toMatchObject({ ok: true });
    expect(r.calls.jobStart).toMatchObject({ ok: true, value: { kind: 'compile', state: 'running' } });
    expect(r.calls.jobFinished).toMatchObject({ kind: 'compile', state: 'done' });
    expect(r.quit).toBe('clean');
  });

  it('cannot open a database when the native module is left inside the archive (no asarUnpack)', () => {
    const resources = packagedLayout({ ...builderConfig, asarUnpack: [] });
    // Electron cannot dlopen a module from inside the archive: stand for that with an entry that is not one.
    writeFileSync(join(resources, 'app.asar', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), '');
    const { output, report } = boot(resources);
    expect(output).toMatch(/demo database: .+/);
    expect(report?.calls.current).toEqual({ ok: true, value: null });
    expect(report?.calls.status?.ok).toBe(false);
  });
});

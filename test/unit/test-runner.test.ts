// The test runner itself: `npm test` must exit non-zero whenever a test fails, whatever the global
// setup (the embedded PostgreSQL in a child process) and teardown do, and must not pass a run that
// ran nothing. Runs this project's own vitest configuration on fixtures that pass and fail.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../scripts/check-test-report.mjs';

const FAILS = 'test/fixtures/runner/fails.fixture.ts';
const PASSES = 'test/fixtures/runner/passes.fixture.ts';
const dir = mkdtempSync(join(tmpdir(), 'aac-runner-'));

function run(command: string[], include: string, report = join(dir, `${Math.random().toString(36).slice(2)}.json`)) {
  const env: NodeJS.ProcessEnv = { ...process.env, AAC_TEST_INCLUDE: include, AAC_TEST_REPORT: report };
  // The embedded PostgreSQL's exit hook is what used to turn failures into exit 0: keep it in play.
  delete env.ASKBOT_ANALYTICS_TEST_PG_URL;
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  const r = spawnSync(command[0]!, command.slice(1), { env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const runner = (include: string) => run(['node', 'scripts/run-tests.mjs', '--project', 'unit'], include);

describe('the test runner', () => {
  it('vitest with this configuration exits non-zero on a failing test, with the embedded PostgreSQL set up', () => {
    const r = run(['npx', 'vitest', 'run', '--project', 'unit'], FAILS);
    expect(r.output).toContain('fails on purpose');
    expect(r.status).not.toBe(0);
  });

  it("npm test's runner exits non-zero on a failing test and prints the counts", () => {
    const r = runner(FAILS);
    expect(r.output).toContain('0 passed, 1 failed, 0 skipped');
    expect(r.status).toBe(1);
  });

  it("npm test's runner exits 0 on a passing test", () => {
    const r = runner(PASSES);
    expect(r.output).toContain('1 passed, 0 failed, 0 skipped');
    expect(r.status).toBe(0);
  });

  it("npm test's runner exits non-zero when no test runs", () => {
    const r = runner('test/fixtures/runner/no-such-file.fixture.ts');
    expect(r.status).toBe(1);
  });
});

describe('the report check (.ci/run and npm test)', () => {
  const report = (fields: Record<string, unknown>) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        numTotalTests: 3,
        numPassedTests: 3,
        numFailedTests: 0,
        numPendingTests: 0,
        numTodoTests: 0,
        numFailedTestSuites: 0,
        success: true,
        ...fields,
      }),
    );
    return checkReport(file);
  };

  it('passes a report of passed tests only', () => {
    expect(report({})).toEqual({ ok: true, summary: '3 passed, 0 failed, 0 skipped', problems: [] });
  });

  it('fails a report with a failed test, a failed file (an error outside tests), no test, or none at all', () => {
    expect(report({ numPassedTests: 2, numFailedTests: 1 }).ok).toBe(false);
    expect(report({ numFailedTestSuites: 1 }).ok).toBe(false);
    expect(report({ numTotalTests: 0, numPassedTests: 0 }).ok).toBe(false);
    expect(report({ success: false }).ok).toBe(false);
    expect(checkReport(join(dir, 'missing.json')).ok).toBe(false);
  });
});

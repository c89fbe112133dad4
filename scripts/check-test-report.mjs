// Reads vitest's JSON report and says whether the run passed: a run passes only when the report
// exists, counts at least one test, and counts no failed test or test file. `npm test` and .ci/run
// both use it, so neither can pass on a run that failed, errored or ran nothing.
// CLI: node scripts/check-test-report.mjs [report.json]  → prints "N passed, N failed, N skipped", exits 0/1.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const REPORT = process.env.AAC_TEST_REPORT ?? 'test-results/vitest.json';

/** @returns {{ ok: boolean, summary: string, problems: string[] }} */
export function checkReport(file = REPORT) {
  if (!existsSync(file)) return { ok: false, summary: '0 passed, 0 failed, 0 skipped', problems: [`no test report at ${file}`] };
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  const summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`;
  const problems = [];
  if (r.numFailedTests > 0) problems.push(`${r.numFailedTests} test(s) failed`);
  if (r.numFailedTestSuites > 0) problems.push(`${r.numFailedTestSuites} test file(s) failed`);
  if (r.numTotalTests === 0 || r.numPassedTests === 0) problems.push('no test ran');
  if (r.success === false && problems.length === 0) problems.push('the report says the run did not succeed');
  return { ok: problems.length === 0, summary, problems };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { ok, summary, problems } = checkReport(process.argv[2]);
  console.log(summary);
  for (const p of problems) console.error(`test report: ${p}`);
  process.exit(ok ? 0 : 1);
}

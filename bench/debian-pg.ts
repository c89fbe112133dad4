// A throwaway PostgreSQL server from Debian's packaged binaries (postgresql-15 by default), with the
// package's default settings (shared_buffers 128 MB, work_mem 4 MB, jit on): a forum's server as
// installed, not one tuned for the benchmark. initdb in a temp folder, listening on loopback only,
// trust auth; stopped and removed by `stop`. Run as root, the server runs as the `postgres` user.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/setup/free-port.mjs';

export const DEBIAN_PG_BIN = process.env.BENCH_PG15_BIN ?? '/usr/lib/postgresql/15/bin';

export function debianPostgresAvailable(): boolean {
  return existsSync(join(DEBIAN_PG_BIN, 'pg_ctl'));
}

function run(bin: string, args: string[]): void {
  const cmd = join(DEBIAN_PG_BIN, bin);
  if (userInfo().uid === 0) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'ignore' });
  else execFileSync(cmd, args, { stdio: 'ignore' });
}

export async function startDebianPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'aac-bench-pg15-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  let port = 0;
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    // Only where to listen is given; every other setting is the package default. The port can still be
    // taken between the check and the server's bind: try again with another one.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        run('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
        break;
      } catch (err) {
        if (attempt >= 5) throw err;
      }
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

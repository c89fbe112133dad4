// The SSH host keys the moderator checked and trusted, by host and port (the app's known_hosts, in
// its data folder): every later connection to that server, saved or not, must present the same key.
// Fingerprints are public, so the file is plain JSON; it is written whole and renamed into place.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../core/errors';

const entries = z.record(z.string(), z.object({ fingerprint: z.string(), trustedAt: z.string() }));

export class KnownHosts {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'ssh-known-hosts.json');
  }

  private static key(host: string, port: number | undefined): string {
    return `${host.toLowerCase()}:${port ?? 22}`;
  }

  private read(): z.infer<typeof entries> {
    if (!existsSync(this.file)) return {};
    try {
      return entries.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (err) {
      throw new AppError(
        'SETTINGS',
        `The trusted SSH host keys file ${this.file} is damaged (${(err as Error).message}); move it away to trust the servers afresh`,
      );
    }
  }

  private write(all: z.infer<typeof entries>): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  /** The trusted fingerprint of host:port, if any. */
  get(host: string, port?: number): string | undefined {
    return this.read()[KnownHosts.key(host, port)]?.fingerprint;
  }

  remember(host: string, port: number | undefined, fingerprint: string): void {
    const all = this.read();
    const key = KnownHosts.key(host, port);
    if (all[key]?.fingerprint === fingerprint) return;
    all[key] = { fingerprint, trustedAt: new Date().toISOString() };
    this.write(all);
  }

  /** Forgets host:port's key (after its administrator confirmed a new one): the next connection asks again. */
  forget(host: string, port?: number): void {
    const all = this.read();
    delete all[KnownHosts.key(host, port)];
    this.write(all);
  }
}

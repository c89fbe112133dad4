// Saved connection profiles (profiles.json in the app's data folder). Passwords are kept only when the
// OS keychain can encrypt them (Electron safeStorage, injected as a SecretBox); never in clear text.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConnectionSpec } from '../core/db/connect';
import { AppError } from '../core/errors';

export interface SecretBox {
  available(): boolean;
  encrypt(plain: string): string;
  decrypt(cipher: string): string;
}

/** For tests and platforms without a keychain: nothing can be saved. */
export const NO_SECRETS: SecretBox = {
  available: () => false,
  encrypt: () => {
    throw new AppError('INVALID_INPUT', 'Passwords cannot be saved: no encrypted storage (OS keychain) is available');
  },
  decrypt: () => {
    throw new AppError('INVALID_INPUT', 'No encrypted storage is available to read the saved password');
  },
};

const storedProfile = z.object({
  id: z.string(),
  name: z.string(),
  connection: z.record(z.string(), z.unknown()),
  encryptedPassword: z.string().optional(),
  /** The SSH tunnel's password or key passphrase, encrypted like the database password. */
  encryptedSshSecret: z.string().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  demo: z.boolean().optional(),
  /** The demo database's sign-in accounts (demo passwords, shown on its start screen on purpose). */
  demoAccounts: z.array(z.object({ username: z.string(), password: z.string(), role: z.string() })).optional(),
});
export type StoredProfile = z.infer<typeof storedProfile>;

export class ProfileStore {
  private readonly file: string;

  constructor(
    dataDir: string,
    readonly secrets: SecretBox,
  ) {
    this.file = join(dataDir, 'profiles.json');
  }

  list(): StoredProfile[] {
    if (!existsSync(this.file)) return [];
    try {
      return z.array(storedProfile).parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (err) {
      throw new AppError('SETTINGS', `The saved connections file ${this.file} is damaged (${(err as Error).message}); move it away to start afresh`);
    }
  }

  get(id: string): StoredProfile {
    const p = this.list().find((x) => x.id === id);
    if (!p) throw new AppError('NOT_FOUND', 'That saved connection no longer exists');
    return p;
  }

  /** Saves (adds or replaces) a profile; the password is encrypted or left out. */
  save(input: {
    id?: string;
    name: string;
    connection: ConnectionSpec;
    savePassword?: boolean;
    settings?: Record<string, unknown>;
    demoAccounts?: StoredProfile['demoAccounts'];
  }): StoredProfile {
    const all = this.list();
    const existing = input.id ? all.find((p) => p.id === input.id) : undefined;
    const { password: fieldPassword, ...connection } = input.connection as ConnectionSpec & { password?: string };
    let password = fieldPassword;
    if (connection.engine === 'postgres' && connection.url) {
      // A password inside the URL is treated like the password field: never stored in clear.
      const u = new URL(connection.url);
      if (u.password) {
        password ??= decodeURIComponent(u.password);
        u.password = '';
        connection.url = u.toString();
      }
    }
    // The tunnel's secret (password or key passphrase) goes the same way as the database password.
    let sshSecret: string | undefined;
    if (connection.engine === 'postgres' && connection.ssh) {
      const { password: sshPassword, passphrase, ...ssh } = connection.ssh;
      sshSecret = ssh.auth === 'password' ? sshPassword : ssh.auth === 'key' ? passphrase : undefined;
      connection.ssh = ssh;
    }
    const encryptedPassword = this.kept(input.savePassword, password, existing?.encryptedPassword, 'The password');
    const encryptedSshSecret = this.kept(input.savePassword, sshSecret, existing?.encryptedSshSecret, 'The SSH password or passphrase');
    const profile: StoredProfile = {
      id: existing?.id ?? input.id ?? randomUUID(),
      name: input.name,
      connection: connection as Record<string, unknown>,
      ...(encryptedPassword ? { encryptedPassword } : {}),
      ...(encryptedSshSecret ? { encryptedSshSecret } : {}),
      settings: input.settings ?? existing?.settings ?? {},
      ...(input.demoAccounts || existing?.demo ? { demo: true, demoAccounts: input.demoAccounts ?? existing?.demoAccounts } : {}),
    };
    this.write([...all.filter((p) => p.id !== profile.id), profile]);
    return profile;
  }

  /** A secret to keep: encrypted by the keychain when asked to save it, dropped when asked not to, else as it was. */
  private kept(save: boolean | undefined, secret: string | undefined, before: string | undefined, what: string): string | undefined {
    if (save && secret) {
      if (!this.secrets.available()) {
        throw new AppError('INVALID_INPUT', `${what} cannot be saved: this system offers no encrypted storage (OS keychain). Save the connection without it.`);
      }
      return this.secrets.encrypt(secret);
    }
    return save === false ? undefined : before;
  }

  updateSettings(id: string, settings: Record<string, unknown>): void {
    const all = this.list();
    const p = all.find((x) => x.id === id);
    if (!p) throw new AppError('NOT_FOUND', 'That saved connection no longer exists');
    p.settings = settings;
    this.write(all);
  }

  delete(id: string): void {
    this.write(this.list().filter((p) => p.id !== id));
  }

  /** The connection spec with its passwords (saved, or given now): the database's and the SSH tunnel's. */
  spec(p: StoredProfile, password?: string, sshSecret?: string): ConnectionSpec {
    const spec = { ...p.connection } as ConnectionSpec;
    if (spec.engine === 'postgres' && spec.ssh) {
      const secret = sshSecret ?? (p.encryptedSshSecret ? this.secrets.decrypt(p.encryptedSshSecret) : undefined);
      if (secret !== undefined) spec.ssh = { ...spec.ssh, ...(spec.ssh.auth === 'password' ? { password: secret } : { passphrase: secret }) };
    }
    if (spec.engine === 'postgres') {
      const pw = password ?? (p.encryptedPassword ? this.secrets.decrypt(p.encryptedPassword) : undefined);
      if (pw !== undefined) {
        if (spec.url) {
          const u = new URL(spec.url);
          u.password = pw;
          return { ...spec, url: u.toString() };
        }
        return { ...spec, password: pw };
      }
    }
    return spec;
  }

  private write(all: StoredProfile[]): void {
    // Write-then-rename: a crash never leaves a half-written file.
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** `user@host:port` of a profile's SSH tunnel, if it has one. */
export function sshLabel(connection: Record<string, unknown>): string | undefined {
  const ssh = connection.ssh as { user?: string; host?: string; port?: number } | undefined;
  return ssh ? `${ssh.user ?? ''}@${ssh.host ?? ''}:${ssh.port ?? 22}` : undefined;
}

/** A profile's connection target without any password, for display. */
export function describeTarget(connection: Record<string, unknown>): string {
  if (connection.engine === 'sqlite') return String(connection.path);
  const via = sshLabel(connection);
  if (via) return `${describeTarget({ ...connection, ssh: undefined })} via SSH ${via}`;
  if (typeof connection.url === 'string') {
    try {
      const u = new URL(connection.url);
      u.password = '';
      return u.toString();
    } catch {
      return 'postgres (unparsable URL)';
    }
  }
  return `postgres://${connection.user ?? ''}@${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${connection.database ?? ''}`;
}

// Sign-in to the console with a forum account (DESIGN.md §10): username or e-mail and password, checked
// against auth_user.password (Django pbkdf2_sha256); only active administrators and moderators
// (askbot_userprofile.status 'd' / 'm', Askbot's is_admin_or_mod()) get in.
import type { Db } from '../db/types';
import { AppError } from '../errors';
import { verifyDjangoPassword } from './password';

export interface StaffUser {
  id: number;
  username: string;
  role: 'administrator' | 'moderator';
}

interface Candidate {
  id: number;
  username: string;
  password: string;
  is_active: unknown;
  status: string | null;
}

const WRONG = 'Wrong username/e-mail or password';

export async function authenticateStaff(db: Db, login: string, password: string): Promise<StaffUser> {
  const name = login.trim();
  // Username matches exactly (Django's ModelBackend); an e-mail address matches case-insensitively.
  const candidates = await db.all<Candidate>(
    `SELECT u."id", u."username", u."password", u."is_active", p."status"
     FROM "auth_user" u LEFT JOIN "askbot_userprofile" p ON p."auth_user_ptr_id" = u."id"
     WHERE u."username" = $1 OR lower(u."email") = lower($2)
     ORDER BY CASE WHEN u."username" = $1 THEN 0 ELSE 1 END, u."id"
     LIMIT 5`,
    [name, name.includes('@') ? name : null],
  );
  if (candidates.length === 0) throw new AppError('AUTH', WRONG);
  let matched: Candidate | undefined;
  for (const c of candidates) {
    if (await verifyDjangoPassword(password, c.password)) {
      matched = c;
      break;
    }
  }
  if (!matched) {
    if (candidates.every((c) => String(c.password).startsWith('!'))) {
      throw new AppError(
        'AUTH',
        `The account "${candidates[0]!.username}" has no usable password (it signs in to the forum through OpenID, LDAP or similar); set a password for it in Askbot first`,
      );
    }
    throw new AppError('AUTH', WRONG);
  }
  if (!db.dialect.readBool(matched.is_active)) {
    throw new AppError('AUTH', `The account "${matched.username}" is inactive`);
  }
  if (matched.status !== 'd' && matched.status !== 'm') {
    throw new AppError('AUTH', `Only forum administrators and moderators may use the console; "${matched.username}" is neither`);
  }
  return { id: Number(matched.id), username: matched.username, role: matched.status === 'd' ? 'administrator' : 'moderator' };
}

/**
 * Failed sign-ins are limited per login name and overall: after `maxFailures` within `windowMs`, further
 * attempts are refused until the window has passed.
 */
export class SignInRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const t = this.now();
    const list = (this.failures.get(key) ?? []).filter((x) => t - x < this.windowMs);
    this.failures.set(key, list);
    return list;
  }

  /** Throws RATE_LIMITED when `login` (or everyone, at 4× the limit) failed too often lately. */
  check(login: string): void {
    for (const [key, max] of [[login.toLowerCase(), this.maxFailures], ['*', this.maxFailures * 4]] as const) {
      const list = this.recent(key);
      if (list.length >= max) {
        const wait = Math.ceil((list[0]! + this.windowMs - this.now()) / 1000);
        throw new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${wait} s`);
      }
    }
  }

  fail(login: string): void {
    for (const key of [login.toLowerCase(), '*']) this.recent(key).push(this.now());
  }

  succeed(login: string): void {
    this.failures.delete(login.toLowerCase());
  }
}

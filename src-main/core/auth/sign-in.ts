// Sign-in to the console with a forum account (DESIGN.md §10): username or e-mail and password, checked
// against auth_user.password (Django pbkdf2_sha256); only active administrators and moderators
// (askbot_userprofile.status 'd' / 'm', Askbot's is_admin_or_mod()) get in.
import { sql } from '../db/sql';
import type { Db } from '../db/types';
import { AppError } from '../errors';
import { identifyHasher, SUPPORTED_HASHERS } from './django-hashers';
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

/**
 * The message when no candidate's password matched. An account whose password is unusable (`!…`: it
 * signs in through OpenID, LDAP or a social login) or stored by a hasher Django no longer ships cannot
 * be told apart from a typo by the password alone, so it gets its own message and what to do.
 */
function whyNotMatched(candidates: Candidate[]): string {
  const kinds = candidates.map((c) => identifyHasher(c.password));
  const name = candidates[0]!.username;
  if (kinds.every((k) => k === 'unusable')) {
    return (
      `The account "${name}" has no usable password: it signs in to the forum through an external provider ` +
      `(OpenID, LDAP or a social login), which the console cannot ask. Set a password for it in the forum ` +
      `(the account's password settings, or an administrator's "set password"), or sign in with another administrator or moderator account.`
    );
  }
  const unknown = kinds.find((k) => k !== 'unusable' && !SUPPORTED_HASHERS.includes(k));
  if (kinds.every((k) => k === 'unusable' || !SUPPORTED_HASHERS.includes(k)) && unknown) {
    return (
      `The account "${name}" has a password stored with the "${unknown}" hasher, which the console cannot check. ` +
      `Set a new password for it in the forum, or sign in with another administrator or moderator account.`
    );
  }
  return WRONG;
}

export async function authenticateStaff(db: Db, login: string, password: string): Promise<StaffUser> {
  const name = login.trim();
  // Username matches exactly (Django's ModelBackend); an e-mail address matches case-insensitively.
  const email = name.includes('@') ? name : null;
  const candidates = await db.all<Candidate>(
    sql`SELECT u."id", u."username", u."password", u."is_active", p."status"
     FROM "auth_user" u LEFT JOIN "askbot_userprofile" p ON p."auth_user_ptr_id" = u."id"
     WHERE u."username" = ${name} OR lower(u."email") = lower(${email})
     ORDER BY CASE WHEN u."username" = ${name} THEN 0 ELSE 1 END, u."id"
     LIMIT 5`,
  );
  if (candidates.length === 0) throw new AppError('AUTH', WRONG);
  let matched: Candidate | undefined;
  for (const c of candidates) {
    if (await verifyDjangoPassword(password, c.password)) {
      matched = c;
      break;
    }
  }
  if (!matched) throw new AppError('AUTH', whyNotMatched(candidates));
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
    for (const [key, max] of [
      [login.toLowerCase(), this.maxFailures],
      ['*', this.maxFailures * 4],
    ] as const) {
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

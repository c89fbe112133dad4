// Django's `pbkdf2_sha256` password hashes (SCHEMA.md §3.14), so accounts the console creates (the demo's
// administrator and moderator) can sign in to Askbot; checking a forum password accepts every Django hasher.
import { pbkdf2, randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../errors';
import { verifyWithDjangoHashers } from './django-hashers';

const pbkdf2Async = promisify(pbkdf2);

/** Django 4.2's default; Django re-hashes on the next login when its own default differs. */
export const DJANGO_PBKDF2_ITERATIONS = 600_000;
const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALGORITHM = 'pbkdf2_sha256';

/** 22 random characters from [a-zA-Z0-9]: Django ≥ 3.2's salt (128 bits of entropy). */
export function djangoSalt(): string {
  let s = '';
  for (let i = 0; i < 22; i++) s += SALT_CHARS[randomInt(SALT_CHARS.length)];
  return s;
}

async function derive(password: string, salt: string, iterations: number): Promise<Buffer> {
  return pbkdf2Async(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), iterations, 32, 'sha256');
}

/** `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, exactly as Django's PBKDF2PasswordHasher writes it. */
export async function hashDjangoPassword(password: string, opts: { iterations?: number; salt?: string } = {}): Promise<string> {
  const iterations = opts.iterations ?? DJANGO_PBKDF2_ITERATIONS;
  const salt = opts.salt ?? djangoSalt();
  if (!Number.isInteger(iterations) || iterations < 1) throw new AppError('INVALID_INPUT', `iterations must be a positive integer, not ${iterations}`);
  if (salt === '' || salt.includes('$')) throw new AppError('INVALID_INPUT', 'a password salt must be non-empty and must not contain "$"');
  const hash = (await derive(password, salt, iterations)).toString('base64');
  return `${ALGORITHM}$${iterations}$${salt}$${hash}`;
}

/**
 * Checks a password against a stored `auth_user.password` with every hasher Django 4.2 verifies
 * (django-hashers.ts). Unusable passwords (`!…`), unknown hashers and malformed values never verify.
 */
export async function verifyDjangoPassword(password: string, encoded: string): Promise<boolean> {
  return verifyWithDjangoHashers(password, encoded);
}

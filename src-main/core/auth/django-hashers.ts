// Checking a password against every `auth_user.password` shape Django 4.2 verifies: its default
// PASSWORD_HASHERS (pbkdf2_sha256, pbkdf2_sha1, argon2, bcrypt_sha256, scrypt) and the legacy ones a
// long-lived forum still holds until the user signs in again (bcrypt, sha1, md5, unsalted_sha1,
// unsalted_md5, crypt). Each verifier mirrors the hasher of django/contrib/auth/hashers.py; the test
// vectors are made by Django itself (scripts/make-password-vectors.py).
import { createHash, pbkdf2, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';
import { argon2Verify, bcryptVerify } from 'hash-wasm';
import unixCryptTD from 'unix-crypt-td-js';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions) => Promise<Buffer>;

/** Django's constant_time_compare on text. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const hex = (algorithm: 'sha1' | 'md5' | 'sha256', data: string) => createHash(algorithm).update(utf8(data)).digest('hex');
const POSITIVE_INT = /^[1-9]\d{0,9}$/;

type Verifier = (password: string, encoded: string) => Promise<boolean>;

/** pbkdf2_<digest>$<iterations>$<salt>$<base64 hash>: the digest's length of PBKDF2-HMAC. */
function pbkdf2Verifier(algorithm: string, digest: 'sha256' | 'sha1', length: number): Verifier {
  return async (password, encoded) => {
    const parts = encoded.split('$');
    if (parts.length !== 4 || parts[0] !== algorithm) return false;
    const [, iterText, salt, expectedB64] = parts as [string, string, string, string];
    if (!POSITIVE_INT.test(iterText) || Number(iterText) > 100_000_000 || salt === '') return false;
    const expected = Buffer.from(expectedB64, 'base64');
    if (expected.length !== length || expected.toString('base64') !== expectedB64) return false;
    const actual = await pbkdf2Async(utf8(password), utf8(salt), Number(iterText), length, digest);
    return timingSafeEqual(actual, expected);
  };
}

/** argon2$argon2<type>$v=19$m=…,t=…,p=…$<salt>$<hash>: argon2-cffi's encoding behind Django's prefix. */
const argon2: Verifier = async (password, encoded) => {
  const rest = encoded.slice('argon2'.length);
  // hash-wasm implements Argon2 version 19 (0x13), which argon2-cffi has written since 2016.
  const m = /^\$argon2(id|i|d)\$v=19\$m=(\d{1,8}),t=(\d{1,4}),p=(\d{1,3})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(rest);
  if (!m) return false;
  try {
    return await argon2Verify({ password, hash: rest });
  } catch {
    return false; // parameters out of Argon2's ranges: not a hash Django could have written
  }
};

/** bcrypt[_sha256]$$2b$<rounds>$<53 chars>; bcrypt_sha256 feeds bcrypt the hex SHA-256 of the password. */
function bcryptVerifier(algorithm: string, prehash: boolean): Verifier {
  return async (password, encoded) => {
    const data = encoded.slice(algorithm.length + 1);
    if (!encoded.startsWith(`${algorithm}$`) || !/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(data)) return false;
    const input = prehash ? hex('sha256', password) : utf8(password).subarray(0, 72);
    try {
      return await bcryptVerify({ password: input, hash: data });
    } catch {
      return false;
    }
  };
}

/** scrypt$<N>$<salt>$<r>$<p>$<base64 64-byte hash> (Django ≥ 4.0). */
const scryptVerifier: Verifier = async (password, encoded) => {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, nText, salt, rText, pText, expectedB64] = parts as [string, string, string, string, string, string];
  if (![nText, rText, pText].every((t) => POSITIVE_INT.test(t)) || salt === '') return false;
  const [N, r, p] = [Number(nText), Number(rText), Number(pText)];
  if (N > 2 ** 24 || (N & (N - 1)) !== 0 || r > 64 || p > 64) return false;
  const expected = Buffer.from(expectedB64, 'base64');
  if (expected.length !== 64) return false;
  try {
    const actual = await scryptAsync(utf8(password), utf8(salt), 64, { N, r, p, maxmem: 256 * N * r * p + 1024 * 1024 });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
};

/** sha1$<salt>$<hex>, md5$<salt>$<hex>: the digest of salt + password. */
function saltedDigest(algorithm: 'sha1' | 'md5'): Verifier {
  return async (password, encoded) => {
    const parts = encoded.split('$');
    if (parts.length !== 3 || parts[0] !== algorithm || parts[1] === '') return false;
    return sameText(encoded, `${algorithm}$${parts[1]}$${hex(algorithm, parts[1] + password)}`);
  };
}

/** sha1$$<hex>: SHA-1 of the password, no salt. */
const unsaltedSha1: Verifier = async (password, encoded) => sameText(encoded, `sha1$$${hex('sha1', password)}`);

/** <32 hex> or md5$$<32 hex>: MD5 of the password, no salt (ancient Django). */
const unsaltedMd5: Verifier = async (password, encoded) => {
  const digest = encoded.startsWith('md5$$') ? encoded.slice(5) : encoded;
  return sameText(digest, hex('md5', password));
};

/** crypt$$<13 chars>: traditional DES crypt(3), the first two characters being the salt. */
const crypt: Verifier = async (password, encoded) => {
  const data = encoded.slice('crypt$$'.length);
  if (!/^[./A-Za-z0-9]{13}$/.test(data)) return false;
  // Python's crypt.crypt hands crypt(3) the password's UTF-8 bytes.
  return sameText(encoded, `crypt$$${unixCryptTD([...utf8(password)], data.slice(0, 2))}`);
};

const VERIFIERS: Record<string, Verifier> = {
  pbkdf2_sha256: pbkdf2Verifier('pbkdf2_sha256', 'sha256', 32),
  pbkdf2_sha1: pbkdf2Verifier('pbkdf2_sha1', 'sha1', 20),
  argon2,
  bcrypt_sha256: bcryptVerifier('bcrypt_sha256', true),
  bcrypt: bcryptVerifier('bcrypt', false),
  scrypt: scryptVerifier,
  sha1: saltedDigest('sha1'),
  md5: saltedDigest('md5'),
  unsalted_sha1: unsaltedSha1,
  unsalted_md5: unsaltedMd5,
  crypt,
};

export const SUPPORTED_HASHERS = Object.keys(VERIFIERS);

/** Django's identify_hasher: the algorithm a stored value names, or 'unusable' for `!…` (and NULL). */
export function identifyHasher(encoded: string | null | undefined): string {
  if (typeof encoded !== 'string' || encoded.startsWith('!')) return 'unusable';
  if ((encoded.length === 32 && !encoded.includes('$')) || (encoded.length === 37 && encoded.startsWith('md5$$'))) return 'unsalted_md5';
  if (encoded.length === 46 && encoded.startsWith('sha1$$')) return 'unsalted_sha1';
  return encoded.split('$', 1)[0]!;
}

/** Whether `password` matches the stored value; unusable, unknown and malformed values never match. */
export async function verifyWithDjangoHashers(password: string, encoded: string | null | undefined): Promise<boolean> {
  const verify = VERIFIERS[identifyHasher(encoded)];
  return verify ? verify(password, encoded as string) : false;
}

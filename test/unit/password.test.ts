import { describe, expect, it } from 'vitest';
import { djangoSalt, hashDjangoPassword, verifyDjangoPassword } from '../../src-main/core/auth/password';

// SCHEMA.md §3.14's vector, computed with Python's hashlib.pbkdf2_hmac (Django's primitive).
const VECTOR = 'pbkdf2_sha256$600000$AbCdEfGhIjKlMnOpQrStUv$QSeL+woj+IgNT0tQQiMXs24hJgI3NhdzIKhi8qnxo8M=';
const VECTOR_1M = 'pbkdf2_sha256$1000000$AbCdEfGhIjKlMnOpQrStUv$NZC79fzuLW8cmNYiKoq3JpNj9V42v6UHLIKYUzlEKN4=';

describe('Django pbkdf2_sha256 passwords', () => {
  it('hashes the SCHEMA.md §3.14 vector exactly', async () => {
    expect(await hashDjangoPassword('correct horse', { salt: 'AbCdEfGhIjKlMnOpQrStUv' })).toBe(VECTOR);
    expect(await hashDjangoPassword('correct horse', { salt: 'AbCdEfGhIjKlMnOpQrStUv', iterations: 1_000_000 })).toBe(VECTOR_1M);
  });

  it('verifies the right password and rejects wrong ones', async () => {
    expect(await verifyDjangoPassword('correct horse', VECTOR)).toBe(true);
    expect(await verifyDjangoPassword('correct horse', VECTOR_1M)).toBe(true);
    expect(await verifyDjangoPassword('correct horsE', VECTOR)).toBe(false);
    expect(await verifyDjangoPassword('', VECTOR)).toBe(false);
  });

  it('never verifies unusable, foreign or malformed values', async () => {
    expect(await verifyDjangoPassword('x', '!abcdefghijklmnopqrstuvwxyz0123456789ABCD')).toBe(false);
    expect(await verifyDjangoPassword('correct horse', '!' + VECTOR)).toBe(false);
    expect(await verifyDjangoPassword('correct horse', VECTOR.replace('pbkdf2_sha256', 'pbkdf2_sha1'))).toBe(false);
    expect(await verifyDjangoPassword('correct horse', 'pbkdf2_sha256$600000$AbCdEfGhIjKlMnOpQrStUv')).toBe(false);
    expect(await verifyDjangoPassword('correct horse', 'pbkdf2_sha256$0$AbCdEfGhIjKlMnOpQrStUv$QSeL+woj+IgNT0tQQiMXs24hJgI3NhdzIKhi8qnxo8M=')).toBe(false);
    expect(await verifyDjangoPassword('correct horse', 'pbkdf2_sha256$600000$AbCdEfGhIjKlMnOpQrStUv$QSeL')).toBe(false);
    expect(await verifyDjangoPassword('correct horse', '')).toBe(false);
  });

  it('makes fresh 22-character alphanumeric salts that round-trip', async () => {
    const salt = djangoSalt();
    expect(salt).toMatch(/^[a-zA-Z0-9]{22}$/);
    expect(djangoSalt()).not.toBe(salt);
    const encoded = await hashDjangoPassword('pässwörd ✓', { iterations: 1000 });
    expect(encoded).toMatch(/^pbkdf2_sha256\$1000\$[a-zA-Z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyDjangoPassword('pässwörd ✓', encoded)).toBe(true);
    expect(await verifyDjangoPassword('passwort', encoded)).toBe(false);
  });

  it('refuses a salt with "$"', async () => {
    await expect(hashDjangoPassword('x', { salt: 'a$b' })).rejects.toThrow(/salt/);
  });
});

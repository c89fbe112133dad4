// Every hasher Django 4.2 verifies, checked against hashes Django itself made
// (test/fixtures/django-password-vectors.json, written by scripts/make-password-vectors.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identifyHasher, SUPPORTED_HASHERS, verifyWithDjangoHashers } from '../../src-main/core/auth/django-hashers';

interface Vector {
  algorithm: string;
  password: string;
  encoded: string;
  wrong: string;
}
const fixture = JSON.parse(readFileSync('test/fixtures/django-password-vectors.json', 'utf8')) as { django: string; vectors: Vector[]; unusable: string[] };

describe(`Django ${fixture.django} password hashers`, () => {
  it('the vectors cover every default and legacy hasher of Django 4.2', () => {
    expect(fixture.django).toMatch(/^4\.2\./);
    expect(new Set(fixture.vectors.map((v) => v.algorithm))).toEqual(
      new Set(['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'scrypt', 'bcrypt', 'sha1', 'md5', 'unsalted_sha1', 'unsalted_md5', 'crypt']),
    );
    expect(new Set(SUPPORTED_HASHERS)).toEqual(new Set(fixture.vectors.map((v) => v.algorithm)));
  });

  // Argon2 and plain bcrypt (hash-wasm) take no empty password; sign-in never sends one (the contract
  // requires a password), so an empty one simply does not verify there.
  const emptyRefused = (v: Vector) => v.password === '' && (v.algorithm === 'argon2' || v.algorithm === 'bcrypt');

  it.each(fixture.vectors.map((v, i) => [`${v.algorithm} #${i}`, v] as const))('%s: the password verifies, a wrong one does not', async (_name, v) => {
    expect(identifyHasher(v.encoded)).toBe(v.algorithm);
    expect(await verifyWithDjangoHashers(v.password, v.encoded)).toBe(!emptyRefused(v));
    expect(await verifyWithDjangoHashers(v.wrong, v.encoded)).toBe(false);
  });

  it('a changed hash never verifies', async () => {
    for (const v of fixture.vectors) {
      const last = v.encoded.at(-2) === 'A' ? 'B' : 'A';
      const tampered = v.encoded.slice(0, -2) + last + v.encoded.at(-1);
      expect(await verifyWithDjangoHashers(v.password, tampered), v.encoded).toBe(false);
    }
  });

  it("Django's unusable passwords, unknown hashers and malformed values never verify", async () => {
    for (const u of fixture.unusable) {
      expect(identifyHasher(u)).toBe('unusable');
      expect(await verifyWithDjangoHashers('', u)).toBe(false);
      expect(await verifyWithDjangoHashers(u.slice(1), u)).toBe(false);
    }
    expect(identifyHasher(null)).toBe('unusable');
    expect(await verifyWithDjangoHashers('x', null)).toBe(false);
    expect(await verifyWithDjangoHashers('x', 'sha512$abc$def')).toBe(false);
    expect(await verifyWithDjangoHashers('x', 'argon2$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')).toBe(false);
    expect(await verifyWithDjangoHashers('x', 'scrypt$1000$salt$8$1$' + 'A'.repeat(88))).toBe(false); // N not a power of two
    expect(await verifyWithDjangoHashers('x', 'bcrypt_sha256$$2b$12$short')).toBe(false);
    expect(await verifyWithDjangoHashers('x', 'crypt$$ab')).toBe(false);
    expect(await verifyWithDjangoHashers('x', 'md5$$' + 'z'.repeat(32))).toBe(false);
  });
});

// Staff sign-in against accounts whose passwords Django stored with each of its hashers
// (vectors made by Django: scripts/make-password-vectors.py), and the messages for accounts that
// cannot sign in with a password, on both engines.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { authenticateStaff } from '../../src-main/core/auth/sign-in';
import { insertUsers } from '../../src-main/core/forum/users';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';

const { vectors, unusable } = JSON.parse(readFileSync('test/fixtures/django-password-vectors.json', 'utf8')) as {
  vectors: Array<{ algorithm: string; password: string; encoded: string; wrong: string }>;
  unusable: string[];
};
// One account per hasher, with a non-empty password (the sign-in form requires one).
const accounts = [...new Map(vectors.filter((v) => v.password !== '').map((v) => [v.algorithm, v])).values()];

describeEachEngine('sign-in with every Django hasher', (engine) => {
  it('signs in accounts of every hasher; a wrong password, an external-provider account and an unknown hasher each get their message', async () => {
    const { db } = await freshAskbotDb(engine);
    const t = Date.UTC(2020, 0, 1) * 1000;
    await insertUsers(db, [
      ...accounts.map((v, i) => ({ username: `staff_${v.algorithm}`, email: `s${i}@example.com`, dateJoined: t, status: 'm' as const, password: v.encoded })),
      { username: 'openid_mod', email: 'openid@example.com', dateJoined: t, status: 'd', password: unusable[0] },
      { username: 'oldhash', email: 'old@example.com', dateJoined: t, status: 'm', password: 'sha512$salt$' + 'ab'.repeat(40) },
    ]);
    try {
      expect(accounts).toHaveLength(11);
      for (const v of accounts) {
        const user = await authenticateStaff(db, `staff_${v.algorithm}`, v.password);
        expect(user, v.algorithm).toMatchObject({ username: `staff_${v.algorithm}`, role: 'moderator' });
        await expect(authenticateStaff(db, `staff_${v.algorithm}`, v.wrong), v.algorithm).rejects.toMatchObject({
          code: 'AUTH',
          message: 'Wrong username/e-mail or password',
        });
      }
      const external = authenticateStaff(db, 'openid_mod', 'anything');
      await expect(external).rejects.toMatchObject({ code: 'AUTH' });
      await expect(external).rejects.toThrow(
        /"openid_mod" has no usable password: it signs in to the forum through an external provider \(OpenID, LDAP or a social login\)/,
      );
      await expect(authenticateStaff(db, 'openid@example.com', 'x')).rejects.toThrow(
        /Set a password for it in the forum .* or sign in with another administrator or moderator account/,
      );
      await expect(authenticateStaff(db, 'oldhash', 'x')).rejects.toThrow(/"sha512" hasher, which the console cannot check/);
    } finally {
      await db.close();
    }
  });
});

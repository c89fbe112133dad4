import { describe, expect, it } from 'vitest';
import type { ConnectionInfo, ProfileList } from '../../src-preload/contract';
import { createAuthStore } from '../../src-renderer/src/stores/auth';
import { createConnectionStore, passwordOf } from '../../src-renderer/src/stores/connection';
import { fail, fakeApi, ok } from './stores-fake-api';

const STATUS = {
  engine: 'sqlite' as const,
  database: '/tmp/a.sqlite',
  read_only: false,
  schema: { askbot: true, analytics: true, missing_tables: [], missing_columns: [] },
  counts: { users: 3, groups: 1, analytics_groups: 1, sessions: 0, events: 0, unsummarized_events: 0 },
  summaries_through: null,
  compiled_through: null,
};
const INFO: ConnectionInfo = { engine: 'sqlite', database: '/tmp/a.sqlite', readOnly: false, status: STATUS };
const PROFILE_ID = '7d1f6a52-1111-4a4b-8c3d-0123456789ab';
const LIST: ProfileList = {
  profiles: [{ id: PROFILE_ID, name: 'Prod', engine: 'postgres', target: 'postgres://db/askbot', hasSavedPassword: false, demo: false }],
  passwordStorage: false,
  activeId: null,
};

describe('connection store', () => {
  it('init picks up the current connection and the saved profiles', async () => {
    const f = fakeApi({ 'db/current': () => ok(INFO), 'profiles/list': () => ok(LIST) });
    const store = createConnectionStore(f.api);
    await store.getState().init();
    expect(store.getState().connection).toEqual(INFO);
    expect(store.getState().profiles).toEqual(LIST);
    expect(store.getState().busy).toBeNull();
  });

  it('saves a connection as a profile, then opens it with the password taken from the URL', async () => {
    const f = fakeApi({
      'profiles/save': () => ok(LIST),
      'profiles/open': () => ok({ ...INFO, profileId: PROFILE_ID }),
    });
    const store = createConnectionStore(f.api, () => PROFILE_ID);
    await store.getState().connect({ engine: 'postgres', url: 'postgres://ann:s%40cret@db/askbot' }, { name: 'Prod', savePassword: false });
    expect(f.callsOf('profiles/save')).toEqual([
      { id: PROFILE_ID, name: 'Prod', connection: { engine: 'postgres', url: 'postgres://ann:s%40cret@db/askbot' }, savePassword: false },
    ]);
    expect(f.callsOf('profiles/open')).toEqual([{ id: PROFILE_ID, password: 's@cret' }]);
    expect(store.getState().connection?.profileId).toBe(PROFILE_ID);
    expect(store.getState().error).toBeNull();
  });

  it('shows a connection error in plain words and stays disconnected', async () => {
    const f = fakeApi({ 'db/connect': () => fail('CONNECTION', 'Cannot reach the PostgreSQL server at db:5432') });
    const store = createConnectionStore(f.api);
    await store.getState().connect({ engine: 'postgres', url: 'postgres://db/askbot' });
    expect(store.getState().connection).toBeNull();
    expect(store.getState().error).toBe('Cannot reach the PostgreSQL server at db:5432');
    store.getState().clearError();
    expect(store.getState().error).toBeNull();
  });

  it('opens, deletes profiles, creates the demo and disconnects', async () => {
    const f = fakeApi({
      'profiles/open': () => ok({ ...INFO, profileId: PROFILE_ID }),
      'profiles/delete': () => ok({ ...LIST, profiles: [] }),
      'profiles/list': () => ok(LIST),
      'db/createDemo': () => ok({ ...INFO, demoAccounts: [{ username: 'admin', password: 'pw', role: 'administrator' }] }),
      'db/disconnect': () => ok(null),
      'db/status': () => ok({ ...STATUS, counts: { ...STATUS.counts, users: 9 } }),
    });
    const store = createConnectionStore(f.api);
    await store.getState().openProfile(PROFILE_ID, 'pw');
    expect(f.callsOf('profiles/open')).toEqual([{ id: PROFILE_ID, password: 'pw' }]);
    await store.getState().refreshStatus();
    expect(store.getState().connection?.status.counts?.users).toBe(9);
    await store.getState().deleteProfile(PROFILE_ID);
    expect(store.getState().profiles?.profiles).toEqual([]);
    await store.getState().createDemo();
    expect(store.getState().connection?.demoAccounts?.[0]?.username).toBe('admin');
    await store.getState().disconnect();
    expect(store.getState().connection).toBeNull();
  });

  it('a failed profile open keeps the error (e.g. no saved password)', async () => {
    const f = fakeApi({ 'profiles/open': () => fail('AUTH', 'password authentication failed for user "ann"') });
    const store = createConnectionStore(f.api);
    await store.getState().openProfile(PROFILE_ID);
    expect(f.callsOf('profiles/open')).toEqual([{ id: PROFILE_ID }]);
    expect(store.getState().error).toContain('password authentication failed');
  });

  it('passwordOf reads the field or the URL', () => {
    expect(passwordOf({ engine: 'postgres', password: 'a' })).toBe('a');
    expect(passwordOf({ engine: 'postgres', url: 'postgres://u:b@h/d' })).toBe('b');
    expect(passwordOf({ engine: 'postgres', url: 'postgres://u@h/d' })).toBeUndefined();
    expect(passwordOf({ engine: 'sqlite', path: '/x' })).toBeUndefined();
  });
});

describe('auth store', () => {
  it('signs in, shows who is signed in, and signs out', async () => {
    const f = fakeApi({
      'auth/signIn': () => ok({ id: 1, username: 'admin', role: 'administrator' as const }),
      'auth/signOut': () => ok(null),
    });
    const store = createAuthStore(f.api);
    await expect(store.getState().signIn('admin', 'pw')).resolves.toBe(true);
    expect(f.callsOf('auth/signIn')).toEqual([{ login: 'admin', password: 'pw' }]);
    expect(store.getState().user?.role).toBe('administrator');
    await store.getState().signOut();
    expect(store.getState().user).toBeNull();
  });

  it('keeps the refusal message for a wrong password or a non-staff account', async () => {
    const f = fakeApi({
      'auth/signIn': (r) =>
        fail('AUTH', r.login === 'bob' ? 'Only forum administrators and moderators may use the console; "bob" is neither' : 'Wrong username or password'),
    });
    const store = createAuthStore(f.api);
    await expect(store.getState().signIn('admin', 'nope')).resolves.toBe(false);
    expect(store.getState().error).toBe('Wrong username or password');
    await store.getState().signIn('bob', 'pw');
    expect(store.getState().error).toContain('"bob" is neither');
    expect(store.getState().user).toBeNull();
    expect(store.getState().busy).toBe(false);
  });
});

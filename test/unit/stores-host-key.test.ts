// The first connection through an SSH tunnel: the store turns HOST_KEY_UNKNOWN into a prompt with the
// key, and Trust connects again with that fingerprint (db/connect) or saves it with the profile.
import { describe, expect, it } from 'vitest';
import type { ConnectRequest, ConnectionInfo, Result } from '../../src-preload/contract';
import { createConnectionStore } from '../../src-renderer/src/stores/connection';
import { fakeApi, ok } from './stores-fake-api';

const FP = 'SHA256:' + 'A'.repeat(43);
const KEY = { host: 'bastion', port: 22, keyType: 'ssh-ed25519', fingerprint: FP };
const INFO = { engine: 'postgres', database: 'postgres://u@db/askbot via SSH me@bastion:22', readOnly: false } as ConnectionInfo;
const unknownKey: Result<never> = { ok: false, error: { code: 'HOST_KEY_UNKNOWN', message: 'First connection…', details: KEY } };
const REQUEST: ConnectRequest = { engine: 'postgres', url: 'postgres://u@db/askbot', ssh: { host: 'bastion', user: 'me', auth: 'agent' } };

describe('SSH host key prompt', () => {
  it('db/connect: prompts with the key, Trust retries with it pinned; Cancel forgets it', async () => {
    const f = fakeApi({ 'db/connect': (r) => (r.engine === 'postgres' && r.ssh?.hostKey === FP ? ok(INFO) : unknownKey) });
    const store = createConnectionStore(f.api);
    await store.getState().connect(REQUEST);
    expect(store.getState()).toMatchObject({ connection: null, error: null, hostKeyPrompt: { key: KEY } });
    store.getState().dismissHostKey();
    expect(store.getState().hostKeyPrompt).toBeNull();

    await store.getState().connect(REQUEST);
    await store.getState().trustHostKey();
    expect(store.getState()).toMatchObject({ connection: INFO, hostKeyPrompt: null });
    expect(f.callsOf('db/connect')).toEqual([REQUEST, REQUEST, { ...REQUEST, ssh: { ...REQUEST.ssh, hostKey: FP } }]);
  });

  it('a saved profile: Trust opens it with trustHostKey (main remembers the key), with the SSH secret typed in', async () => {
    const id = '7d1f6a52-1111-4a4b-8c3d-0123456789ab';
    const f = fakeApi({ 'profiles/open': (r) => (r.trustHostKey === FP ? ok(INFO) : unknownKey) });
    const store = createConnectionStore(f.api);
    await store.getState().openProfile(id, undefined, 'key passphrase');
    expect(store.getState().hostKeyPrompt?.key.fingerprint).toBe(FP);
    await store.getState().trustHostKey();
    expect(store.getState().connection).toEqual(INFO);
    expect(f.callsOf('profiles/open')).toEqual([
      { id, sshSecret: 'key passphrase' },
      { id, sshSecret: 'key passphrase', trustHostKey: FP },
    ]);
  });

  it('a changed key: refused with both fingerprints; Forget asks main to forget the old one', async () => {
    const changed = { ...KEY, fingerprint: 'SHA256:' + 'B'.repeat(43), expected: FP };
    const f = fakeApi({
      'db/connect': () => ({ ok: false, error: { code: 'HOST_KEY_CHANGED', message: 'another host key', details: changed } }),
      'ssh/forgetHostKey': () => ok(null),
    });
    const store = createConnectionStore(f.api);
    await store.getState().connect(REQUEST);
    expect(store.getState()).toMatchObject({ connection: null, hostKeyPrompt: null, hostKeyChanged: changed });
    await store.getState().forgetHostKey();
    expect(f.callsOf('ssh/forgetHostKey')).toEqual([{ host: 'bastion', port: 22 }]);
    expect(store.getState().hostKeyChanged).toBeNull();
  });
});

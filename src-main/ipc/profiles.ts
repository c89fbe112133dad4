// profiles/*: saved connections (passwords only through the OS keychain).
import type { ConnectRequest, ConnectionInfo, ProfileList, ProfileSummary } from '../../src-preload/contract';
import type { ConnectionSpec } from '../core/db/connect';
import { getStatus } from '../core/status';
import { describeTarget, sshLabel, type StoredProfile } from './profiles-store';
import type { AppState } from './state';
import type { DomainHandlers } from './registry';

export function specOf(req: ConnectRequest): ConnectionSpec {
  return req.engine === 'sqlite' ? { engine: 'sqlite', path: req.path, readOnly: req.readOnly } : { ...req };
}

function sshSummary(p: StoredProfile): Pick<ProfileSummary, 'ssh'> {
  const label = sshLabel(p.connection);
  const auth = (p.connection.ssh as { auth?: 'key' | 'agent' | 'password' } | undefined)?.auth;
  return label && auth ? { ssh: { label, auth, hasSavedSecret: Boolean(p.encryptedSshSecret) } } : {};
}

export function profileList(state: AppState): ProfileList {
  return {
    profiles: state.profiles.list().map((p) => ({
      id: p.id,
      name: p.name,
      engine: p.connection.engine === 'postgres' ? 'postgres' : 'sqlite',
      target: describeTarget(p.connection),
      hasSavedPassword: Boolean(p.encryptedPassword),
      demo: Boolean(p.demo),
      ...sshSummary(p),
    })),
    passwordStorage: state.profiles.secrets.available(),
    activeId: state.profileId ?? null,
  };
}

export async function connectionInfo(state: AppState): Promise<ConnectionInfo> {
  const db = state.requireDb();
  return {
    ...(state.profileId ? { profileId: state.profileId } : {}),
    engine: db.engine,
    database: db.description,
    readOnly: db.readOnly,
    status: await getStatus(db),
    ...(state.demoAccounts ? { demoAccounts: state.demoAccounts } : {}),
  };
}

export const profileHandlers: DomainHandlers<'profiles/list' | 'profiles/save' | 'profiles/delete' | 'profiles/open'> = {
  'profiles/list': async (_req, { state }) => profileList(state),
  'profiles/save': async (req, { state }) => {
    state.profiles.save({ id: req.id, name: req.name, connection: specOf(req.connection), savePassword: req.savePassword });
    return profileList(state);
  },
  'profiles/delete': async (req, { state }) => {
    state.profiles.delete(req.id);
    return profileList(state);
  },
  'profiles/open': async (req, { state }) => {
    const p = state.profiles.get(req.id);
    const spec = state.profiles.spec(p, req.password, req.sshSecret);
    if (req.trustHostKey && spec.engine === 'postgres' && spec.ssh) spec.ssh = { ...spec.ssh, hostKey: req.trustHostKey };
    await state.connect(spec, { profileId: p.id, settings: p.settings });
    state.demoAccounts = p.demoAccounts;
    return connectionInfo(state);
  },
};

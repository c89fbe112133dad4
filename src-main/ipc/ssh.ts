// ssh/*: the trusted SSH host keys (known-hosts.ts).
import type { DomainHandlers } from './registry';

export const sshHandlers: DomainHandlers<'ssh/forgetHostKey'> = {
  'ssh/forgetHostKey': async (req, { state }) => {
    state.knownHosts.forget(req.host, req.port);
    return null;
  },
};

// The first connection to an SSH server: its host key fingerprint, to be compared with the server's
// own before it is trusted. Trusting connects (and saves the key with the profile); a later change of
// key is refused by main with both fingerprints.
import { useConnection } from '../stores';

export function HostKeyPrompt() {
  const prompt = useConnection((s) => s.hostKeyPrompt);
  const trust = useConnection((s) => s.trustHostKey);
  const dismiss = useConnection((s) => s.dismissHostKey);
  if (!prompt) return null;
  const { key } = prompt;
  const algorithm = key.keyType.replace(/^ssh-|-.*$/g, '');
  return (
    <section className="card host-key-prompt" role="alertdialog" aria-labelledby="host-key-title" aria-describedby="host-key-text" data-testid="host-key-prompt">
      <h3 id="host-key-title">
        New SSH server: {key.host}:{key.port}
      </h3>
      <p id="host-key-text">
        This is the first connection to this SSH server. Check that its host key fingerprint is the server&apos;s own before trusting it: run{' '}
        <code>ssh-keygen -lf /etc/ssh/ssh_host_{algorithm}_key.pub</code> on the server, or ask its administrator.
      </p>
      <dl className="pairs">
        <dt>Key type</dt>
        <dd>{key.keyType}</dd>
        <dt>Fingerprint</dt>
        <dd className="mono" data-testid="host-key-fingerprint">
          {key.fingerprint}
        </dd>
      </dl>
      <div className="row">
        <button type="button" onClick={() => void trust()}>
          Trust this key and connect
        </button>
        <button type="button" className="secondary" onClick={dismiss}>
          Cancel
        </button>
      </div>
    </section>
  );
}

// The SSH server's host key. On the first connection: its fingerprint, to be compared with the server's
// own before it is trusted (Trust connects; main remembers the key). When the server later presents
// another key: refused, with both fingerprints; only after its administrator confirms the new key
// should the old one be forgotten, and the next connection shows the new key to check.
import type { HostKeyDetails } from '../../../src-preload/contract';
import type { ReactNode } from 'react';
import { useConnection } from '../stores';

function checkCommand(key: HostKeyDetails) {
  return <code>ssh-keygen -lf /etc/ssh/ssh_host_{key.keyType.replace(/^ssh-|-.*$/g, '')}_key.pub</code>;
}

/** The dialog both cases show: a title and a text that say what happened (read out first), then the key and the choices. */
function HostKeyDialog({
  changed,
  testId,
  title,
  text,
  children,
}: {
  changed: boolean;
  testId: string;
  title: ReactNode;
  text: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      className={changed ? 'card host-key-prompt changed' : 'card host-key-prompt'}
      role="alertdialog"
      aria-labelledby="host-key-title"
      aria-describedby="host-key-text"
      data-testid={testId}
    >
      <h3 id="host-key-title">{title}</h3>
      <p id="host-key-text">{text}</p>
      {children}
    </section>
  );
}

function ChangedKey({ changed }: { changed: HostKeyDetails }) {
  const forget = useConnection((s) => s.forgetHostKey);
  const dismiss = useConnection((s) => s.dismissHostKey);
  return (
    <HostKeyDialog
      changed
      testId="host-key-changed"
      title={
        <>
          The SSH server {changed.host}:{changed.port} presents another host key
        </>
      }
      text={
        <>
          The connection was refused: someone may be intercepting it. Ask the server&apos;s administrator whether its key was replaced ({checkCommand(changed)}{' '}
          on the server); forget the old key only if they confirm the new fingerprint.
        </>
      }
    >
      <dl className="pairs">
        <dt>Trusted key</dt>
        <dd className="mono">{changed.expected}</dd>
        <dt>Key presented now</dt>
        <dd className="mono" data-testid="host-key-new-fingerprint">
          {changed.keyType} {changed.fingerprint}
        </dd>
      </dl>
      <div className="row">
        <button type="button" className="secondary" onClick={dismiss}>
          Close
        </button>
        <button type="button" className="danger" onClick={() => void forget()}>
          Forget the trusted key
        </button>
      </div>
    </HostKeyDialog>
  );
}

export function HostKeyPrompt() {
  const prompt = useConnection((s) => s.hostKeyPrompt);
  const changed = useConnection((s) => s.hostKeyChanged);
  const trust = useConnection((s) => s.trustHostKey);
  const dismiss = useConnection((s) => s.dismissHostKey);
  if (changed) return <ChangedKey changed={changed} />;
  if (!prompt) return null;
  const { key } = prompt;
  return (
    <HostKeyDialog
      changed={false}
      testId="host-key-prompt"
      title={
        <>
          New SSH server: {key.host}:{key.port}
        </>
      }
      text={
        <>
          This is the first connection to this SSH server. Check that its host key fingerprint is the server&apos;s own before trusting it: run{' '}
          {checkCommand(key)} on the server, or ask its administrator.
        </>
      }
    >
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
    </HostKeyDialog>
  );
}

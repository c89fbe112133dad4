// PostgreSQL through an SSH tunnel: the pool connects to the tunnel's local port, the tunnel forwards to
// the database host and port as the SSH server sees them (often localhost:5432 on the bastion itself).
import { isIP } from 'node:net';
import type { TimeSettings } from './dialect';
import { describePostgres, openPostgres, type PostgresOptions } from './postgres';
import { openSshTunnel, type SshOptions } from './ssh-tunnel';
import type { Db } from './types';

/** The database's host and port as given (URL or fields), for the SSH server to connect to. */
export function tunnelTarget(o: Pick<PostgresOptions, 'url' | 'host' | 'port'>): { host: string; port: number } {
  if (o.url) {
    const u = new URL(o.url);
    return { host: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')) || 'localhost', port: u.port ? Number(u.port) : 5432 };
  }
  return { host: o.host ?? 'localhost', port: o.port ?? 5432 };
}

/** The same connection, pointed at the tunnel's end on 127.0.0.1. */
function throughLocalPort(o: PostgresOptions, localPort: number): PostgresOptions {
  if (o.url) {
    const u = new URL(o.url);
    u.hostname = '127.0.0.1';
    u.port = String(localPort);
    return { ...o, url: u.toString() };
  }
  return { ...o, host: '127.0.0.1', port: localPort };
}

export async function openPostgresThroughSsh(o: PostgresOptions & { ssh: SshOptions; time: TimeSettings }): Promise<Db> {
  const target = tunnelTarget(o);
  const tunnel = await openSshTunnel(o.ssh, target);
  try {
    return await openPostgres({
      ...throughLocalPort(o, tunnel.localPort),
      tunnel,
      description: `${describePostgres(o)} via SSH ${tunnel.label}`,
      ...(isIP(target.host) ? {} : { tlsServername: target.host }),
    });
  } catch (err) {
    await tunnel.close();
    throw err;
  }
}

// A free TCP port on 127.0.0.1: asked of the OS, then released for a server to take. A random pick
// collides with the ephemeral ports of other connections. Plain JavaScript so that the embedded
// PostgreSQL's server script (run by node without a TypeScript loader) can use it too.
import { createServer } from 'node:net';

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

// Entry of a SQLite reader thread (built to out/main/sqlite-reader.js): one connection opened for
// reading (sqlite.ts: read-only, or query_only on a WAL file's handle), running the statements the
// main thread posts, one at a time, in the order posted.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors';
import { openSqlite } from './sqlite';
import { Sql } from './sql';
import { asBuffer, type ReaderError, type ReaderReply, type ReaderRequest, type ReaderStartData } from './sqlite-reader-protocol';
import type { Db } from './types';

function crossing(err: unknown): ReaderError {
  if (err instanceof AppError) return { app: true, name: err.name, message: err.message, code: err.code, details: err.details };
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { app: false, name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { app: false, name: 'Error', message: String(err) };
}

function holdsBlobs(value: unknown): boolean {
  const rows = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  for (const row of rows) {
    for (const v of Object.values(row as object)) if (Buffer.isBuffer(v)) return true;
  }
  return false;
}

async function execute(db: Db, m: Extract<ReaderRequest, { type: 'statement' }>): Promise<unknown> {
  const query = Sql.from(m.texts, m.values.map(asBuffer));
  switch (m.op) {
    case 'all':
      return db.all(query);
    case 'one':
      return db.one(query);
    case 'run':
      return db.run(query);
    case 'exec':
      return db.exec(m.texts.join(''));
  }
}

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('the SQLite reader must run in a worker thread');
  const post = (m: ReaderReply) => port.postMessage(m);
  const start = workerData as ReaderStartData;
  let db: Db;
  try {
    db = openSqlite({ path: start.path, readOnly: start.readOnly, time: start.time });
  } catch (err) {
    post({ type: 'failed', error: crossing(err) });
    port.close();
    return;
  }
  post({ type: 'ready', readOnly: db.readOnly });
  // Each statement runs synchronously inside its handler, so replies leave in the order requests came.
  port.on('message', async (m: ReaderRequest) => {
    if (m.type === 'close') {
      await db.close();
      port.close();
      return;
    }
    try {
      const value = await execute(db, m);
      post({ type: 'result', id: m.id, value, blobs: holdsBlobs(value) });
    } catch (err) {
      post({ type: 'error', id: m.id, error: crossing(err) });
    }
  });
}

serve();

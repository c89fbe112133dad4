// Messages between the app's SQLite reader (main thread, sqlite-reader.ts) and its worker threads
// (sqlite-reader-worker.ts). A statement crosses as its fragment's text pieces and values (sql.ts),
// put together again on the other side; rows come back by structured clone.
import type { TimeSettings } from './dialect';

/** A Buffer that crossed arrives as a plain Uint8Array: made a Buffer again (better-sqlite3 binds and returns Buffers). */
export function asBuffer(v: unknown): unknown {
  return v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
}

export interface ReaderStartData {
  path: string;
  readOnly?: boolean;
  time: TimeSettings;
}

export type ReaderOp = 'all' | 'one' | 'run' | 'exec';

export type ReaderRequest = { type: 'statement'; id: number; op: ReaderOp; texts: readonly string[]; values: readonly unknown[] } | { type: 'close' };

/** An error as it crossed: an AppError keeps its code and details, SQLite's errors their code. */
export interface ReaderError {
  app: boolean;
  name: string;
  message: string;
  code?: string;
  details?: unknown;
}

export type ReaderReply =
  | { type: 'ready'; readOnly: boolean }
  | { type: 'failed'; error: ReaderError }
  /** `blobs`: the value holds Buffers, which arrive as plain Uint8Arrays and are made Buffers again. */
  | { type: 'result'; id: number; value: unknown; blobs: boolean }
  | { type: 'error'; id: number; error: ReaderError };

// Messages between the app's SQLite reader (main thread, sqlite-reader.ts) and its worker threads
// (sqlite-reader-worker.ts). A statement crosses as SQL text and its values, compiled before it is
// posted; rows come back by structured clone.
import type { TimeSettings } from './dialect';

export interface ReaderStartData {
  path: string;
  readOnly?: boolean;
  time: TimeSettings;
}

export type ReaderOp = 'all' | 'one' | 'run' | 'exec';

export type ReaderRequest = { type: 'statement'; id: number; op: ReaderOp; sql: string; params: readonly unknown[] } | { type: 'close' };

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

// Export files appear whole or not at all: everything is written to a temp file beside the target,
// which is renamed over it at the end and deleted on failure or cancel.
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { link, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { betweenBatches } from '../cancel';
import { AppError } from '../errors';

function refuseExisting(out: string): never {
  throw new AppError('INVALID_INPUT', `${out} already exists: choose another file or allow overwriting (--force)`);
}

/** Runs `write(tmpPath)` and moves the result to `out`; returns the final size in bytes. */
export async function writeAtomically(out: string, overwrite: boolean, write: (tmp: string) => Promise<void>): Promise<{ file: string; bytes: number }> {
  const file = resolve(out);
  const dir = dirname(file);
  if (!existsSync(dir)) throw new AppError('INVALID_INPUT', `folder ${dir} does not exist`);
  if (!overwrite && existsSync(file)) refuseExisting(out);
  const tmp = join(dir, `.${basename(file)}.${randomBytes(4).toString('hex')}.part`);
  try {
    await write(tmp);
    if (overwrite) {
      await rename(tmp, file);
    } else {
      // link() fails with EEXIST instead of replacing a file created meanwhile.
      try {
        await link(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') refuseExisting(out);
        throw e;
      }
      await rm(tmp, { force: true });
    }
  } catch (e) {
    // The temporary may not exist (or its folder may not be one): the cause is what the user reads.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw fileError(e, file);
  }
  return { file, bytes: (await stat(file)).size };
}

const FILE_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied in that folder',
  EPERM: 'permission denied in that folder',
  EROFS: 'the folder is on a read-only disk',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its folder path is a file',
  ENAMETOOLONG: 'the file name is too long',
  EMFILE: 'too many files are open',
};

/**
 * A system error while writing names the export's file and the problem in plain words; the hidden
 * temporary file it was written to (and the system's own text about it) is nobody's business.
 */
function fileError(e: unknown, file: string): unknown {
  if (e instanceof AppError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !(e as NodeJS.ErrnoException).syscall) return e;
  return new AppError('INVALID_INPUT', `Cannot write ${file}: ${FILE_PROBLEMS[code] ?? `the system refused (${code})`}; nothing was written`);
}

/** A write stream with backpressure: `write` waits for 'drain', so memory stays bounded. */
export class FileSink {
  readonly stream: WriteStream;
  private failure: Error | null = null;
  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' });
    this.stream.on('error', (e) => (this.failure = e));
  }

  async write(chunk: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(chunk)) await this.drained();
  }

  /** Waits until the stream's buffer is flushed to the file (or fails). */
  drained(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.stream.writableNeedDrain) return Promise.resolve();
    return new Promise((ok, ko) => {
      const onDrain = () => (this.stream.off('error', onError), ok());
      const onError = (e: Error) => (this.stream.off('drain', onDrain), ko(e));
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((ok, ko) => {
      this.stream.once('error', ko);
      this.stream.end(() => ok());
    });
    if (this.failure) throw this.failure;
  }

  /** Closes without caring for errors (the temp file is deleted next). */
  destroy(): void {
    this.stream.destroy();
  }
}

/** Gives the event loop a turn: I/O callbacks (file drains, zip pumping) run between batches. */
export function yieldToLoop(): Promise<void> {
  return new Promise((ok) => setImmediate(ok));
}

/** Between batches of rows: stops a cancelled export (see core/cancel.ts). */
export function throwIfCancelled(signal: AbortSignal | undefined): Promise<void> {
  return betweenBatches(signal, () => new AppError('CANCELLED', 'the export was cancelled; no file was written'));
}

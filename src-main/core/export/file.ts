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
    await rm(tmp, { force: true });
    throw e;
  }
  return { file, bytes: (await stat(file)).size };
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

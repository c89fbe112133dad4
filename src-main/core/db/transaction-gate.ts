// One transaction at a time on a connection that can hold only one (a SQLite handle, one reader
// worker). A transaction belongs to the async flow that opened it: statements from that flow, through
// any handle of the connection, run inside it (as they always did); statements and transactions from
// every other flow wait until it commits or rolls back, so two callers' statements never interleave
// in one transaction and nobody reads another caller's uncommitted writes.
import { AsyncLocalStorage } from 'node:async_hooks';

export class TransactionGate {
  private readonly flow = new AsyncLocalStorage<symbol>();
  private holder: symbol | undefined;
  private released: Promise<void> = Promise.resolve();

  /** True when the calling flow may use the connection now: no transaction is open, or it is the caller's. */
  get open(): boolean {
    return this.holder === undefined || this.flow.getStore() === this.holder;
  }

  /** True when the calling flow is inside the open transaction (a nested one is a savepoint). */
  get inside(): boolean {
    return this.holder !== undefined && this.flow.getStore() === this.holder;
  }

  /** True while some flow holds a transaction. */
  get held(): boolean {
    return this.holder !== undefined;
  }

  /**
   * Resolves when the open transaction ends. Callers loop `while (!gate.open) await gate.whenReleased()`
   * and then act synchronously: a waiter woken earlier may have opened the next transaction meanwhile.
   */
  whenReleased(): Promise<void> {
    return this.released;
  }

  /** Runs `fn` as the connection's one transaction; other flows wait until it settles. */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    while (!this.open) await this.released;
    const token = Symbol('transaction');
    let release!: () => void;
    this.holder = token;
    this.released = new Promise((resolve) => (release = resolve));
    try {
      return await this.flow.run(token, fn);
    } finally {
      this.holder = undefined;
      release();
    }
  }
}

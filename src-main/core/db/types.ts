// The database handle every core module receives. Both engines implement it; a statement is written
// once as an SQL fragment (sql.ts, values bound, placeholders numbered when it runs) and the engine
// differences come from `db.dialect`.
import type { Dialect } from './dialect';
import type { Sql } from './sql';

export type Engine = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

export interface Db {
  readonly engine: Engine;
  readonly dialect: Dialect;
  /** True when this connection cannot write (read-only file, standby, or no write privilege). */
  readonly readOnly: boolean;
  /** A description safe to show: the file path, or the URL without its password. */
  readonly description: string;
  all<T = Row>(query: Sql): Promise<T[]>;
  one<T = Row>(query: Sql): Promise<T | undefined>;
  /** Runs a statement and returns the number of rows it changed. */
  run(query: Sql): Promise<number>;
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
  /** Runs `fn` in one transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Cancels the statement running now, if any (PostgreSQL); SQLite statements end at the next batch. */
  cancelRunning(): Promise<void>;
  close(): Promise<void>;
}

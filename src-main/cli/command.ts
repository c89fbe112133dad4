// The shape of a CLI command. Each command lives in cli/commands/<name>.ts and is listed in
// cli/commands/index.ts; the runner handles global options, the database and exit codes.
import type { AnalyticsSettings } from '../core/settings';
import type { Db } from '../core/db/types';
import type { Output } from './output';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  multiple?: boolean;
}

export interface CliContext {
  /** Parsed options of the command (global ones included). */
  options: Record<string, string | boolean | string[] | undefined>;
  /** Positional arguments after the command name. */
  positionals: string[];
  settings: AnalyticsSettings;
  out: Output;
  env: Record<string, string | undefined>;
  /**
   * Opens the database named by --db / ASKBOT_ANALYTICS_DB (once; the runner closes it).
   * `requireAskbot` (default true) refuses a database without the Askbot analytics schema;
   * `create` allows a new SQLite file (init, seed demo); `write` is for commands that write (a SQLite
   * file is otherwise opened for reading only, so that a report never changes a byte of it).
   */
  openDb(opts?: { requireAskbot?: boolean; create?: boolean; write?: boolean }): Promise<Db>;
  /** Aborted on SIGINT/SIGTERM: long jobs stop at their next batch boundary. */
  signal: AbortSignal;
}

export interface CliCommand {
  /** One or two words: `init`, `seed demo`. */
  name: string;
  summary: string;
  /** Extra text for `--help` (arguments, examples). */
  usage?: string;
  options?: Record<string, OptionSpec>;
  /** Returns the exit code (default 0). */
  run(ctx: CliContext): Promise<number | void>;
}

export class UsageError extends Error {}

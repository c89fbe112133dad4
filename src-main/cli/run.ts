// The `askbot-analytics` runner: global options, command lookup, database lifetime, exit codes
// (0 ok, 1 error, 2 usage, 3 another compile is running).
import { describePostgres } from '../core/db/postgres';
import { parseArgs } from 'node:util';
import { AppError, toErrorData } from '../core/errors';
import { openDatabase, parseDbArgument } from '../core/db/connect';
import { requireAskbotSchema } from '../core/db/schema';
import type { Db } from '../core/db/types';
import { DEFAULT_SETTINGS, loadSettingsFile, timeSettings, type AnalyticsSettings } from '../core/settings';
import { type CliCommand, type CliContext, type OptionSpec, UsageError } from './command';
import { COMMANDS } from './commands';
import { Output, type Streams } from './output';
import { SSH_OPTIONS, cliHostKeyError, sshFromOptions, withSsh } from './ssh-options';

export const EXIT = { OK: 0, ERROR: 1, USAGE: 2, LOCKED: 3 } as const;

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  db: { type: 'string', description: 'SQLite file or postgres:// URL (default: $ASKBOT_ANALYTICS_DB)' },
  settings: { type: 'string', description: 'analytics settings JSON file (Askbot setting names)' },
  json: { type: 'boolean', description: 'print the result as JSON' },
  silent: { type: 'boolean', description: 'print nothing but errors (for cron)' },
  'exclude-staff': { type: 'boolean', description: 'leave administrators, moderators and superusers out of reports and exports' },
  help: { type: 'boolean', description: 'show help' },
  ...SSH_OPTIONS,
};

export interface RunEnv extends Streams {
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
}

function findCommand(positionals: string[]): { command: CliCommand; rest: string[] } | undefined {
  const two = positionals.slice(0, 2).join(' ');
  const byTwo = COMMANDS.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: positionals.slice(2) };
  const byOne = COMMANDS.find((c) => c.name === positionals[0]);
  if (byOne) return { command: byOne, rest: positionals.slice(1) };
  return undefined;
}

function optionLines(opts: Record<string, OptionSpec>): string {
  const heads = Object.entries(opts).map(([k, o]) => [`  --${k}${o.type === 'string' ? ' <value>' : ''}`, o.description] as const);
  const width = Math.max(...heads.map(([h]) => h.length)) + 2;
  return heads.map(([h, d]) => h.padEnd(width) + d).join('\n');
}

export function helpText(command?: CliCommand): string {
  if (command) {
    return [
      `usage: askbot-analytics ${command.name} [options]${command.usage ? '\n\n' + command.usage : ''}`,
      '',
      command.summary,
      '',
      'options:',
      optionLines({ ...(command.options ?? {}), ...GLOBAL_OPTIONS }),
    ].join('\n');
  }
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'usage: askbot-analytics <command> [--db <sqlite file | postgres URL>] [--settings <file.json>] [--json] [--silent]',
    '',
    'Compiles, explores and exports the analytics of an Askbot forum.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'global options:',
    optionLines(GLOBAL_OPTIONS),
    '',
    'exit codes: 0 ok, 1 error, 2 usage, 3 another compile is running',
  ].join('\n');
}

export async function runCli(argv: string[], io: RunEnv): Promise<number> {
  // First pass: find the command (options are parsed per command so each gets its own). The global
  // options are known here, so their values (a --db URL with its password) are never taken for words
  // of the command, wherever they stand.
  const loose = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.entries(GLOBAL_OPTIONS).map(([k, o]) => [k, { type: o.type, multiple: o.multiple ?? false }])),
    strict: false,
    allowPositionals: true,
  });
  const found = findCommand(loose.positionals);
  const wantsJson = argv.includes('--json');
  const out = new Output(io, wantsJson, argv.includes('--silent'));

  if (!found) {
    if (loose.positionals.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(helpText() + '\n');
      return loose.positionals.length === 0 && !argv.includes('--help') && !argv.includes('-h') ? EXIT.USAGE : EXIT.OK;
    }
    // Words are shown as typed, except a URL's password (a misplaced command option's value may be one).
    const words = loose.positionals.map((w) => (/^postgres(ql)?:\/\//i.test(w) ? describePostgres({ url: w }) : w));
    out.error(`unknown command "${words.join(' ')}" (see askbot-analytics --help)`);
    return EXIT.USAGE;
  }
  const { command } = found;
  const specs = { ...GLOBAL_OPTIONS, ...(command.options ?? {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.entries(specs).map(([k, o]) => [k, { type: o.type, multiple: o.multiple ?? false }])),
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    out.error(`${(err as Error).message}\n${helpText(command)}`);
    return EXIT.USAGE;
  }
  if (parsed.values.help) {
    io.stdout.write(helpText(command) + '\n');
    return EXIT.OK;
  }
  // The command's words come first; the strict parse knows which words are option values.
  const positionals = parsed.positionals.slice(command.name.split(' ').length);
  // No command takes words after its name: a stray one is a mistake, not something to ignore.
  if (positionals.length) {
    out.error(`unexpected argument "${positionals[0]}" after "${command.name}" (see askbot-analytics ${command.name} --help)`);
    return EXIT.USAGE;
  }
  let db: Db | undefined;
  try {
    const fromFile: AnalyticsSettings = typeof parsed.values.settings === 'string' ? loadSettingsFile(parsed.values.settings) : DEFAULT_SETTINGS;
    // --exclude-staff switches it on whatever the settings file says (EXCLUDE_STAFF there does the same).
    const settings: AnalyticsSettings = parsed.values['exclude-staff'] === true ? { ...fromFile, EXCLUDE_STAFF: true } : fromFile;
    const ctx: CliContext = {
      options: parsed.values as CliContext['options'],
      positionals,
      settings,
      out,
      env: io.env,
      signal: io.signal ?? new AbortController().signal,
      openDb: async (opts = {}) => {
        if (db) return db;
        const arg = (parsed.values.db as string | undefined) ?? io.env.ASKBOT_ANALYTICS_DB;
        if (!arg) throw new UsageError('no database: pass --db <sqlite file | postgres URL> or set ASKBOT_ANALYTICS_DB');
        const spec = withSsh(parseDbArgument(arg), sshFromOptions(parsed.values, io.env));
        db = await openDatabase(spec, { time: timeSettings(settings), create: opts.create, write: opts.write }).catch((err: unknown) => {
          throw cliHostKeyError(err);
        });
        if (opts.requireAskbot ?? true) await requireAskbotSchema(db);
        return db;
      },
    };
    const code = await command.run(ctx);
    return code ?? EXIT.OK;
  } catch (err) {
    if (err instanceof UsageError) {
      out.error(err.message);
      return EXIT.USAGE;
    }
    const data = toErrorData(err);
    if (wantsJson) io.stdout.write(JSON.stringify({ ok: false, error: data }, null, 2) + '\n');
    out.error(data.message);
    if (err instanceof AppError && err.code === 'LOCKED') return EXIT.LOCKED;
    if (err instanceof AppError && err.code === 'INVALID_INPUT') return EXIT.USAGE;
    return EXIT.ERROR;
  } finally {
    out.clearBar();
    await db?.close().catch(() => undefined);
  }
}

// Every CLI command, in the order `--help` lists them.
import type { CliCommand } from '../command';
import { initCommand } from './init';
import { statusCommand } from './status';
import { compileCommand } from './compile';
import { resetCommand } from './reset';
import { REPORT_COMMANDS } from './report';
import { createGroupsCommand } from './create-groups';
import { seedDemoCommand, seedEventsCommand } from './seed';
import { EXPORT_COMMANDS } from './export';

export const COMMANDS: CliCommand[] = [
  initCommand,
  statusCommand,
  compileCommand,
  resetCommand,
  ...REPORT_COMMANDS,
  ...EXPORT_COMMANDS,
  createGroupsCommand,
  seedDemoCommand,
  seedEventsCommand,
];

// Every CLI command, in the order `--help` lists them.
import type { CliCommand } from '../command';
import { initCommand } from './init';
import { statusCommand } from './status';
import { REPORT_COMMANDS } from './report';

export const COMMANDS: CliCommand[] = [initCommand, statusCommand, ...REPORT_COMMANDS];

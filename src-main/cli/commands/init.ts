import { initSchema } from '../../core/db/init';
import type { CliCommand } from '../command';

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'create the Askbot schema (and analytics indexes) in an empty database',
  async run(ctx) {
    const db = await ctx.openDb({ requireAskbot: false, create: true, write: true });
    const result = await initSchema(db);
    ctx.out.result(
      { ok: true, engine: db.engine, database: db.description, tables: result.tables },
      () => `Created the Askbot schema (${result.tables} tables) in ${db.description}`,
    );
  },
};

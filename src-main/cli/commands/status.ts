import { AppError } from '../../core/errors';
import { getStatus } from '../../core/status';
import { table } from '../output';
import type { CliCommand } from '../command';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: "show the engine, the schema found, the forum's figures and how far each summary table reaches",
  async run(ctx) {
    const db = await ctx.openDb({ requireAskbot: false });
    const status = await getStatus(db);
    if (!status.schema.analytics) {
      const missing = [...status.schema.missing_tables, ...status.schema.missing_columns];
      const what = status.schema.askbot ? 'has no Askbot analytics schema' : 'is not an Askbot database';
      throw new AppError('NOT_ASKBOT', `${db.description} ${what}: missing ${missing.join(', ')}`, status);
    }
    ctx.out.result(status, () => {
      const c = status.counts!;
      return [
        `${status.engine} database ${status.database}${status.read_only ? ' (read-only)' : ''}: Askbot schema found`,
        '',
        table(
          ['what', 'number'],
          [
            ['users', c.users],
            ['groups', c.groups],
            ['analytics groups', c.analytics_groups],
            // Highest ids, not counts: counting millions of rows is what status must not do.
            ['sessions recorded (highest id)', c.sessions],
            ['events recorded (highest id)', c.events],
            ['unsummarized events', c.unsummarized_events],
          ],
        ),
        '',
        table(
          ['summary table', 'newest bucket'],
          Object.entries(status.summaries_through!).map(([t, newest]) => [t, newest ?? 'empty'] as [string, string]),
        ),
      ].join('\n');
    });
  },
};

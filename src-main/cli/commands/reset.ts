import { resetAnalytics } from '../../core/compile';
import type { CliCommand } from '../command';

export const resetCommand: CliCommand = {
  name: 'reset',
  summary: 'delete all analytics summaries and mark events unsummarized (askbot_reset_analytics)',
  usage: 'Session time is marked pending too, so that the next compile recomputes everything.',
  options: {
    'drop-indexes': {
      type: 'boolean',
      description:
        'also drop everything the app added: the aac_ indexes, the derived tables (monthly rollups, active days, question views) and the schema version',
    },
  },
  async run(ctx) {
    const db = await ctx.openDb({ write: true });
    const result = await resetAnalytics(db, { dropIndexes: ctx.options['drop-indexes'] === true });
    ctx.out.result(result, () =>
      [
        `Reset analytics in ${db.description}: ${result.summaryRowsDeleted} summary rows deleted, ` +
          `${result.eventsMarkedUnsummarized} events and ${result.sessionsMarkedPending} sessions marked for recompilation`,
        result.indexes_dropped.length > 0 ? `Dropped indexes: ${result.indexes_dropped.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  },
};

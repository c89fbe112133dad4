import { compileAnalytics } from '../../core/compile';
import { parseInstant } from '../../core/time/instant';
import { table } from '../output';
import type { CliCommand } from '../command';

export const compileCommand: CliCommand = {
  name: 'compile',
  summary: 'compile analytics events and sessions into hourly and daily summaries (askbot_compile_analytics)',
  usage: [
    'Only completed hours (and, for final daily group rows, completed days) are compiled; rerunning is safe.',
    'Exits with code 3 when another compile is running on the same database.',
    '',
    'examples:',
    '  askbot-analytics compile --db forum.sqlite',
    '  askbot-analytics compile --db postgres://askbot@db/askbot --silent      (cron)',
    '  askbot-analytics compile --rebuild --from 2026-01-01 --json',
  ].join('\n'),
  options: {
    now: { type: 'string', description: 'compile as if the clock showed this ISO instant (default: now)' },
    rebuild: { type: 'boolean', description: 'recompute from the raw events and sessions (e.g. after membership changes)' },
    from: { type: 'string', description: 'with --rebuild: recompute from this date (YYYY-MM-DD) on' },
  },
  async run(ctx) {
    const o = ctx.options;
    const now = typeof o.now === 'string' ? parseInstant(o.now, '--now') : Date.now() * 1000;
    const db = await ctx.openDb({ write: true });
    const result = await compileAnalytics(db, {
      now,
      rebuild: o.rebuild === true,
      from: typeof o.from === 'string' ? o.from : undefined,
      signal: ctx.signal,
      onProgress: (p) => ctx.out.progress(p),
    });
    ctx.out.clearBar();
    ctx.out.result(result, () =>
      [
        `Compiled ${db.description} up to ${result.compiledUpTo} in ${(result.duration_ms / 1000).toFixed(1)} s (${result.batches} batches)`,
        '',
        table(
          ['what', 'rows'],
          [
            ['events summarized', result.events_summarized],
            ['sessions summarized', result.sessions_summarized],
            ['hourly user rows written', result.rows.hourly_user],
            ['daily user rows written', result.rows.daily_user],
            ['hourly group rows written', result.rows.hourly_group],
            ['daily group rows written', result.rows.daily_group],
          ],
        ),
      ].join('\n'),
    );
  },
};

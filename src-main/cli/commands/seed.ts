import { AppError } from '../../core/errors';
import { initSchema } from '../../core/db/init';
import { detectSchema } from '../../core/db/schema';
import { DEMO_ADMIN_PASSWORD, DEMO_DEFAULTS, DEMO_MODERATOR_PASSWORD, seedDemo, seedEventsFromForum } from '../../core/seed';
import { table } from '../output';
import type { CliCommand, CliContext } from '../command';

function intOption(ctx: CliContext, name: string, fallback: number): number {
  const raw = ctx.options[name];
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  if (!/^\d+$/.test(text)) throw new AppError('INVALID_INPUT', `--${name} must be a whole number, not "${text}"`);
  return Number(text);
}

function stringOption(ctx: CliContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

export const seedDemoCommand: CliCommand = {
  name: 'seed demo',
  summary: 'create a new database holding a believable demo forum with analytics events',
  usage:
    'The database must be new: an empty SQLite file / PostgreSQL database (the schema is created), or one just made by "init".\n' +
    `Sign-in accounts: admin / ${DEMO_ADMIN_PASSWORD} (administrator) and moderator / ${DEMO_MODERATOR_PASSWORD}, unless given.\n` +
    'example: askbot-analytics seed demo --db demo.sqlite --users 300 --days 120 --seed 1',
  options: {
    users: { type: 'string', description: `number of users (default ${DEMO_DEFAULTS.users})` },
    days: { type: 'string', description: `days of activity up to now (default ${DEMO_DEFAULTS.days})` },
    seed: { type: 'string', description: `random seed: the same seed gives the same forum (default ${DEMO_DEFAULTS.seed})` },
    'admin-password': { type: 'string', description: `password of "admin" (default ${DEMO_ADMIN_PASSWORD})` },
    'moderator-password': { type: 'string', description: `password of "moderator" (default ${DEMO_MODERATOR_PASSWORD})` },
  },
  async run(ctx) {
    const users = intOption(ctx, 'users', DEMO_DEFAULTS.users);
    const days = intOption(ctx, 'days', DEMO_DEFAULTS.days);
    const seed = intOption(ctx, 'seed', DEMO_DEFAULTS.seed);
    const adminPassword = stringOption(ctx, 'admin-password');
    const moderatorPassword = stringOption(ctx, 'moderator-password');
    const db = await ctx.openDb({ requireAskbot: false, create: true, write: true });
    const info = await detectSchema(db);
    if (info.empty) await initSchema(db);
    else if (!info.analytics) {
      throw new AppError('NOT_EMPTY', `${db.description} is not empty and is not a new Askbot database; seed demo only fills a new database`);
    }
    const started = performance.now();
    const summary = await seedDemo(db, {
      users,
      days,
      seed,
      now: Date.now() * 1000,
      adminPassword,
      moderatorPassword,
      sessionTimeoutMinutes: ctx.settings.ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES,
      signal: ctx.signal,
      onProgress: (p) => ctx.out.progress(p),
    });
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    ctx.out.result({ ok: true, database: db.description, seconds, ...summary }, () =>
      [
        `Created a demo forum in ${db.description} in ${seconds} s (seed ${summary.seed}, ${summary.from} .. ${summary.to}):`,
        '',
        table(
          ['what', 'rows'],
          [
            ['users', summary.users],
            ['blocked users', summary.blockedUsers],
            ['organization groups', summary.organizationGroups],
            ['threads (questions)', summary.threads],
            ['answers', summary.answers],
            ['comments', summary.comments],
            ['votes', summary.votes],
            ['question views', summary.questionViews],
            ['analytics sessions', summary.sessions],
            ['analytics events', summary.events],
          ],
        ),
        '',
        `Named-segment groups: ${summary.namedSegmentGroups.map((g) => `${g.name} (id ${g.id})`).join(', ')}`,
        `Sign in as ${summary.admin.username}${adminPassword ? '' : ` / ${DEMO_ADMIN_PASSWORD}`} (administrator) or ` +
          `${summary.moderator.username}${moderatorPassword ? '' : ` / ${DEMO_MODERATOR_PASSWORD}`} (moderator).`,
      ].join('\n'),
    );
  },
};

export const seedEventsCommand: CliCommand = {
  name: 'seed events',
  summary: "derive analytics sessions and events from the forum's activity (Askbot's askbot_add_test_analytics_content)",
  usage:
    'Registrations, questions, answers, comments, votes, question views and retags become events; sessions glue a\n' +
    "user's activity while gaps stay within ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES. Running it again adds nothing.",
  async run(ctx) {
    const db = await ctx.openDb({ write: true });
    const r = await seedEventsFromForum(db, ctx.settings, { signal: ctx.signal, onProgress: (p) => ctx.out.progress(p) });
    ctx.out.result({ ok: true, ...r }, () =>
      r.eventsAdded === 0
        ? 'Nothing to add: every forum activity already has its analytics event.'
        : [
            `Added ${r.eventsAdded} events in ${r.sessionsAdded} sessions:`,
            '',
            table(
              ['event type', 'added'],
              Object.entries(r.eventsByType).map(([k, v]) => [k, v]),
            ),
          ].join('\n'),
    );
  },
};

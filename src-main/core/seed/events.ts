// `seed events`: Askbot's `askbot_add_test_analytics_content` / migration 0027 back-fill (SCHEMA.md §3.13).
// Derives analytics events from what the forum already holds and glues each user's activity into
// sessions while the gap to the previous activity stays within ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES
// (gaps-and-islands with window functions). Everything is set-based SQL over temporary tables, inside one
// transaction; activity that already has its event is skipped, so a second run adds nothing.
//
// Sources → events (content type / object id):
//   auth_user.date_joined → 1 registered (auth.user / user id)
//   question / answer posts (added_at, author) → 9 asked / 10 answered (askbot.post / post id)
//   comments on a question / an answer → 11 / 12 (askbot.post / comment id)
//   vote rows (voted_at, user) → 6 upvoted / 7 downvoted (askbot.post / voted post id)
//   askbot_questionview rows (when, who) → 4 question viewed (askbot.post / question id)
//   activity type 15 "updated tags" → 13 retagged (askbot.post / question id, as 0027 stored it)
// Activity within the timeout of an existing session of the user joins it (the session is stretched);
// other activity gets new sessions (ip_address and user_agent NULL, as 0027 wrote them;
// last_summarized_at = created_at, as migration 0031 filled them). Existing sessions are never merged.
import { watchCancel } from '../cancel';
import { AppError } from '../errors';
import { ensureContentTypeId } from '../db/init';
import { assertWritable } from '../db/schema';
import type { Db } from '../db/types';
import { EVENT } from '../forum/analytics';
import type { JobOptions } from '../groups/email-domains';
import type { AnalyticsSettings } from '../settings';
import type { SeedEventsResult } from '../types/jobs';
import { MICROS_PER_SECOND } from '../time/instant';

export type { SeedEventsResult };

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(EVENT).map(([k, v]) => [v, k.toLowerCase()]));

const STEPS = ['existing events', 'activity', 'sessions', 'events'] as const;

const CANCELLED_MESSAGE = 'Seeding analytics events was cancelled; nothing was added';

const cancelledError = () => new AppError('CANCELLED', CANCELLED_MESSAGE);

/** Every forum activity the back-fill knows, as (user_id, us, event_type, ct, object_id). */
function activitySql(db: Db): string {
  const m = (c: string) => db.dialect.micros(c);
  // $1 = auth.user content type, $2 = askbot.post content type.
  return `
    SELECT u."id" AS user_id, ${m('u."date_joined"')} AS us, ${EVENT.REGISTERED} AS event_type, CAST($1 AS integer) AS ct, u."id" AS object_id
    FROM "auth_user" u
    UNION ALL
    SELECT p."author_id", ${m('p."added_at"')}, CASE WHEN p."post_type" = 'question' THEN ${EVENT.ASKED} ELSE ${EVENT.ANSWERED} END, CAST($2 AS integer), p."id"
    FROM "askbot_post" p WHERE p."post_type" IN ('question', 'answer')
    UNION ALL
    SELECT c."author_id", ${m('c."added_at"')}, CASE WHEN par."post_type" = 'question' THEN ${EVENT.COMMENTED_QUESTION} ELSE ${EVENT.COMMENTED_ANSWER} END, CAST($2 AS integer), c."id"
    FROM "askbot_post" c JOIN "askbot_post" par ON par."id" = c."parent_id"
    WHERE c."post_type" = 'comment' AND par."post_type" IN ('question', 'answer')
    UNION ALL
    SELECT v."user_id", ${m('v."voted_at"')}, CASE WHEN v."vote" > 0 THEN ${EVENT.UPVOTED} ELSE ${EVENT.DOWNVOTED} END, CAST($2 AS integer), v."voted_post_id"
    FROM "vote" v WHERE v."vote" <> 0
    UNION ALL
    SELECT q."who_id", ${m('q."when"')}, ${EVENT.QUESTION_VIEWED}, CAST($2 AS integer), q."question_id"
    FROM "askbot_questionview" q
    UNION ALL
    SELECT a."user_id", ${m('a."active_at"')}, ${EVENT.RETAGGED}, CAST($2 AS integer), a."object_id"
    FROM "activity" a WHERE a."activity_type" = 15 AND a."content_type_id" = CAST($2 AS integer)`;
}

const TEMP_TABLES = ['aac_seed_seen', 'aac_seed_pending', 'aac_seed_islands'];

async function dropTemp(db: Db): Promise<void> {
  for (const t of TEMP_TABLES) await db.run(`DROP TABLE IF EXISTS ${t}`);
}

/**
 * Adds the analytics sessions and events that the forum's activity implies and that are not there yet.
 * One transaction: cancelled or failing, it adds nothing.
 */
export async function seedEventsFromForum(db: Db, settings: AnalyticsSettings, opts: JobOptions = {}): Promise<SeedEventsResult> {
  assertWritable(db, 'seed events');
  // One transaction, one batch: on abort PostgreSQL cancels the statement running now, and the next
  // checkpoint waits for that cancel to land (so it cannot hit the rollback) and stops (core/cancel.ts).
  const cancel = watchCancel(db, opts.signal, cancelledError);
  cancel.check();
  const timeoutUs = settings.ASKBOT_ANALYTICS_SESSION_TIMEOUT_MINUTES * 60 * MICROS_PER_SECOND;
  const d = db.dialect;
  let step = 0;
  const progress = async () => {
    await cancel.between();
    opts.onProgress?.({ step: STEPS[step] ?? 'done', done: step, total: STEPS.length });
    step++;
  };
  try {
    return await cancel.batch(() => db.transaction(async (tx) => {
      const ctUser = await ensureContentTypeId(tx, 'auth', 'user');
      const ctPost = await ensureContentTypeId(tx, 'askbot', 'post');
      await dropTemp(tx);
      await progress();

      // What is already recorded, keyed as the back-fill would write it. Views are told apart by time
      // (a user views a question many times); every other activity happens once per object.
      await tx.exec(`CREATE TEMP TABLE aac_seed_seen (user_id integer, event_type integer, ct integer, object_id bigint, us bigint)`);
      await tx.run(
        `INSERT INTO aac_seed_seen (user_id, event_type, ct, object_id, us)
         SELECT s."user_id", e."event_type", e."content_type_id", e."object_id",
                CASE WHEN e."event_type" = ${EVENT.QUESTION_VIEWED} THEN ${d.micros('e."timestamp"')} ELSE 0 END
         FROM "askbot_event" e JOIN "askbot_session" s ON s."id" = e."session_id"
         WHERE s."user_id" IS NOT NULL AND e."content_type_id" IN ($1, $2)`,
        [ctUser, ctPost],
      );
      await tx.exec(`CREATE INDEX aac_seed_seen_key ON aac_seed_seen (object_id, event_type, user_id, ct, us)`);
      await progress();

      // New activity, numbered into islands: a new island starts when the gap to the user's previous
      // activity exceeds the timeout (a gap of exactly the timeout still continues the session, as
      // Askbot's `updated_at >= now - timeout` test does).
      await tx.exec(
        `CREATE TEMP TABLE aac_seed_pending (user_id integer, us bigint, event_type integer, ct integer, object_id bigint, island bigint)`,
      );
      await tx.run(
        `WITH src AS (${activitySql(tx)}),
         fresh AS (
           SELECT * FROM src WHERE NOT EXISTS (
             SELECT 1 FROM aac_seed_seen x
             WHERE x.object_id = src.object_id AND x.event_type = src.event_type AND x.user_id = src.user_id AND x.ct = src.ct
               AND x.us = CASE WHEN src.event_type = ${EVENT.QUESTION_VIEWED} THEN src.us ELSE 0 END)
         ),
         gaps AS (
           SELECT fresh.*, us - LAG(us) OVER (PARTITION BY user_id ORDER BY us, event_type, object_id) AS gap FROM fresh
         )
         INSERT INTO aac_seed_pending (user_id, us, event_type, ct, object_id, island)
         SELECT user_id, us, event_type, ct, object_id,
                SUM(CASE WHEN gap IS NULL OR gap > $3 THEN 1 ELSE 0 END)
                  OVER (PARTITION BY user_id ORDER BY us, event_type, object_id ROWS UNBOUNDED PRECEDING)
         FROM gaps`,
        [ctUser, ctPost, timeoutUs],
      );
      // Statistics on the work tables let PostgreSQL pick hash joins below (harmless on SQLite).
      await tx.exec(`ANALYZE aac_seed_pending`);
      await progress();

      await tx.exec(`CREATE TEMP TABLE aac_seed_islands (user_id integer, island bigint, start_us bigint, end_us bigint, session_id integer)`);
      await tx.run(
        `INSERT INTO aac_seed_islands (user_id, island, start_us, end_us, session_id)
         SELECT user_id, island, min(us), max(us), NULL FROM aac_seed_pending GROUP BY user_id, island`,
      );
      await tx.exec(`ANALYZE aac_seed_islands`);
      // Activity within the timeout of one of the user's existing sessions (a live one, or one from an
      // earlier run) joins that session, which is stretched to cover it: 0027's "find or create".
      // A session whose time was already compiled only grows forward: the compiler counts time from
      // last_summarized_at on, so an earlier start would never be counted.
      await tx.run(
        `UPDATE aac_seed_islands SET session_id = (
           SELECT min(s."id") FROM "askbot_session" s
           WHERE s."user_id" = aac_seed_islands.user_id
             AND ${d.micros('s."created_at"')} <= aac_seed_islands.end_us + $1
             AND ${d.micros('s."updated_at"')} >= aac_seed_islands.start_us - $1
             AND (${d.micros('s."created_at"')} <= aac_seed_islands.start_us OR s."last_summarized_at" = s."created_at"))
         WHERE EXISTS (SELECT 1 FROM "askbot_session" s0 WHERE s0."user_id" = aac_seed_islands.user_id)`,
        [timeoutUs],
      );
      const created = d.micros('"askbot_session"."created_at"');
      const updated = d.micros('"askbot_session"."updated_at"');
      const sessionsExtended = await tx.run(
        `UPDATE "askbot_session" SET
           "created_at" = CASE WHEN x.lo < ${created} THEN ${d.fromMicros('x.lo')} ELSE "askbot_session"."created_at" END,
           "updated_at" = CASE WHEN x.hi > ${updated} THEN ${d.fromMicros('x.hi')} ELSE "askbot_session"."updated_at" END,
           "last_summarized_at" = CASE WHEN x.lo < ${created} AND "askbot_session"."last_summarized_at" = "askbot_session"."created_at"
                                       THEN ${d.fromMicros('x.lo')} ELSE "askbot_session"."last_summarized_at" END
         FROM (SELECT session_id, min(start_us) AS lo, max(end_us) AS hi FROM aac_seed_islands WHERE session_id IS NOT NULL GROUP BY session_id) x
         WHERE "askbot_session"."id" = x.session_id AND (x.lo < ${created} OR x.hi > ${updated})`,
      );

      const before = await tx.one<{ id: number | null }>(`SELECT max("id") AS id FROM "askbot_session"`);
      const sessionsAdded = await tx.run(
        `INSERT INTO "askbot_session" ("ip_address", "user_agent", "created_at", "updated_at", "user_id", "last_summarized_at")
         SELECT NULL, NULL, ${d.fromMicros('start_us')}, ${d.fromMicros('end_us')}, user_id, ${d.fromMicros('start_us')}
         FROM aac_seed_islands WHERE session_id IS NULL ORDER BY start_us, user_id`,
      );
      // Find each island's new session by (user, created_at): a user's islands never start at the same instant.
      await tx.run(
        `UPDATE aac_seed_islands SET session_id = s."id" FROM "askbot_session" s
         WHERE aac_seed_islands.session_id IS NULL AND s."id" > $1 AND s."user_id" = aac_seed_islands.user_id
           AND s."created_at" = ${d.fromMicros('aac_seed_islands.start_us')}`,
        [Number(before?.id ?? 0)],
      );
      const unmatched = await tx.one<{ n: number }>(`SELECT count(*) AS n FROM aac_seed_islands WHERE session_id IS NULL`);
      if (Number(unmatched?.n ?? 0) > 0) throw new AppError('INTERNAL', `${unmatched!.n} new sessions could not be matched to their activity`);
      await tx.exec(`CREATE INDEX aac_seed_islands_key ON aac_seed_islands (user_id, island)`);
      await progress();

      const eventsAdded = await tx.run(
        `INSERT INTO "askbot_event" ("timestamp", "object_id", "content_type_id", "session_id", "summarized", "event_type")
         SELECT ${d.fromMicros('p.us')}, p.object_id, p.ct, i.session_id, ${d.FALSE}, p.event_type
         FROM aac_seed_pending p JOIN aac_seed_islands i ON i.user_id = p.user_id AND i.island = p.island
         ORDER BY p.us, p.user_id, p.event_type, p.object_id`,
      );
      const byType = await tx.all<{ event_type: number; n: number }>(
        `SELECT event_type, count(*) AS n FROM aac_seed_pending GROUP BY event_type ORDER BY event_type`,
      );
      await dropTemp(tx);
      await progress();
      return {
        sessionsAdded,
        sessionsExtended,
        eventsAdded,
        eventsByType: Object.fromEntries(byType.map((r) => [TYPE_NAMES[Number(r.event_type)] ?? String(r.event_type), Number(r.n)])),
      };
    }));
  } catch (err) {
    throw cancel.wrap(err);
  } finally {
    await cancel.stop();
  }
}

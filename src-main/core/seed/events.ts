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
import { literal, raw, sql, type Sql } from '../db/sql';
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

/** The content types the events point at (ids differ per site). */
interface ContentTypes {
  user: number;
  post: number;
}

/** SQL: an event type number (code, not a bound value). */
const event = (type: number): Sql => literal(type);
const VIEWED = event(EVENT.QUESTION_VIEWED);

const cancelledError = () => new AppError('CANCELLED', CANCELLED_MESSAGE);

/** Every forum activity the back-fill knows, as (user_id, us, event_type, ct, object_id). */
function activitySql(db: Db, ct: ContentTypes): Sql {
  const m = (c: string) => db.dialect.micros(c);
  const ctUser = sql`CAST(${ct.user} AS integer)`;
  const ctPost = sql`CAST(${ct.post} AS integer)`;
  return sql`
    SELECT u."id" AS user_id, ${m('u."date_joined"')} AS us, ${event(EVENT.REGISTERED)} AS event_type, ${ctUser} AS ct, u."id" AS object_id
    FROM "auth_user" u
    UNION ALL
    SELECT p."author_id", ${m('p."added_at"')}, CASE WHEN p."post_type" = 'question' THEN ${event(EVENT.ASKED)} ELSE ${event(EVENT.ANSWERED)} END, ${ctPost}, p."id"
    FROM "askbot_post" p WHERE p."post_type" IN ('question', 'answer')
    UNION ALL
    SELECT c."author_id", ${m('c."added_at"')},
           CASE WHEN par."post_type" = 'question' THEN ${event(EVENT.COMMENTED_QUESTION)} ELSE ${event(EVENT.COMMENTED_ANSWER)} END, ${ctPost}, c."id"
    FROM "askbot_post" c JOIN "askbot_post" par ON par."id" = c."parent_id"
    WHERE c."post_type" = 'comment' AND par."post_type" IN ('question', 'answer')
    UNION ALL
    SELECT v."user_id", ${m('v."voted_at"')}, CASE WHEN v."vote" > 0 THEN ${event(EVENT.UPVOTED)} ELSE ${event(EVENT.DOWNVOTED)} END, ${ctPost}, v."voted_post_id"
    FROM "vote" v WHERE v."vote" <> 0
    UNION ALL
    SELECT q."who_id", ${m('q."when"')}, ${VIEWED}, ${ctPost}, q."question_id"
    FROM "askbot_questionview" q
    UNION ALL
    SELECT a."user_id", ${m('a."active_at"')}, ${event(EVENT.RETAGGED)}, ${ctPost}, a."object_id"
    FROM "activity" a WHERE a."activity_type" = 15 AND a."content_type_id" = ${ctPost}`;
}

const TEMP_TABLES = ['aac_seed_seen', 'aac_seed_pending', 'aac_seed_islands'];

async function dropTemp(db: Db): Promise<void> {
  for (const t of TEMP_TABLES) await db.run(sql`DROP TABLE IF EXISTS ${raw(t)}`);
}

/**
 * aac_seed_seen: what is already recorded, keyed as the back-fill would write it. Views are told apart
 * by time (a user views a question many times); every other activity happens once per object.
 */
async function recordSeenEvents(tx: Db, ct: ContentTypes): Promise<void> {
  await tx.exec(`CREATE TEMP TABLE aac_seed_seen (user_id integer, event_type integer, ct integer, object_id bigint, us bigint)`);
  await tx.run(
    sql`INSERT INTO aac_seed_seen (user_id, event_type, ct, object_id, us)
     SELECT s."user_id", e."event_type", e."content_type_id", e."object_id",
            CASE WHEN e."event_type" = ${VIEWED} THEN ${tx.dialect.micros('e."timestamp"')} ELSE 0 END
     FROM "askbot_event" e JOIN "askbot_session" s ON s."id" = e."session_id"
     WHERE s."user_id" IS NOT NULL AND e."content_type_id" IN (${ct.user}, ${ct.post})`,
  );
  await tx.exec(`CREATE INDEX aac_seed_seen_key ON aac_seed_seen (object_id, event_type, user_id, ct, us)`);
}

/**
 * aac_seed_pending: new activity, numbered into islands. A new island starts when the gap to the user's
 * previous activity exceeds the timeout (a gap of exactly the timeout still continues the session, as
 * Askbot's `updated_at >= now - timeout` test does).
 */
async function collectNewActivity(tx: Db, ct: ContentTypes, timeoutUs: number): Promise<void> {
  await tx.exec(`CREATE TEMP TABLE aac_seed_pending (user_id integer, us bigint, event_type integer, ct integer, object_id bigint, island bigint)`);
  await tx.run(
    sql`WITH forum_activity AS (${activitySql(tx, ct)}),
     unrecorded AS (
       SELECT * FROM forum_activity WHERE NOT EXISTS (
         SELECT 1 FROM aac_seed_seen x
         WHERE x.object_id = forum_activity.object_id AND x.event_type = forum_activity.event_type AND x.user_id = forum_activity.user_id AND x.ct = forum_activity.ct
           AND x.us = CASE WHEN forum_activity.event_type = ${VIEWED} THEN forum_activity.us ELSE 0 END)
     ),
     with_gap AS (
       SELECT unrecorded.*, us - LAG(us) OVER (PARTITION BY user_id ORDER BY us, event_type, object_id) AS gap FROM unrecorded
     )
     INSERT INTO aac_seed_pending (user_id, us, event_type, ct, object_id, island)
     SELECT user_id, us, event_type, ct, object_id,
            SUM(CASE WHEN gap IS NULL OR gap > ${timeoutUs} THEN 1 ELSE 0 END)
              OVER (PARTITION BY user_id ORDER BY us, event_type, object_id ROWS UNBOUNDED PRECEDING)
     FROM with_gap`,
  );
  // Statistics on the work tables let PostgreSQL pick hash joins below (harmless on SQLite).
  await tx.exec(`ANALYZE aac_seed_pending`);
}

/** aac_seed_islands: each island's span, with the session it will belong to (none yet). */
async function collectIslands(tx: Db): Promise<void> {
  await tx.exec(`CREATE TEMP TABLE aac_seed_islands (user_id integer, island bigint, start_us bigint, end_us bigint, session_id integer)`);
  await tx.run(
    sql`INSERT INTO aac_seed_islands (user_id, island, start_us, end_us, session_id)
     SELECT user_id, island, min(us), max(us), NULL FROM aac_seed_pending GROUP BY user_id, island`,
  );
  await tx.exec(`ANALYZE aac_seed_islands`);
}

/**
 * Activity within the timeout of one of the user's existing sessions (a live one, or one from an earlier
 * run) joins that session, which is stretched to cover it: 0027's "find or create". A session whose time
 * was already compiled only grows forward: the compiler counts time from last_summarized_at on, so an
 * earlier start would never be counted. Returns the number of sessions stretched.
 */
async function joinExistingSessions(tx: Db, timeoutUs: number): Promise<number> {
  const d = tx.dialect;
  await tx.run(
    sql`UPDATE aac_seed_islands SET session_id = (
       SELECT min(s."id") FROM "askbot_session" s
       WHERE s."user_id" = aac_seed_islands.user_id
         AND ${d.micros('s."created_at"')} <= aac_seed_islands.end_us + ${timeoutUs}
         AND ${d.micros('s."updated_at"')} >= aac_seed_islands.start_us - ${timeoutUs}
         AND (${d.micros('s."created_at"')} <= aac_seed_islands.start_us OR s."last_summarized_at" = s."created_at"))
     WHERE EXISTS (SELECT 1 FROM "askbot_session" s0 WHERE s0."user_id" = aac_seed_islands.user_id)`,
  );
  const created = d.micros('"askbot_session"."created_at"');
  const updated = d.micros('"askbot_session"."updated_at"');
  return tx.run(
    sql`UPDATE "askbot_session" SET
       "created_at" = CASE WHEN joined.lo < ${created} THEN ${d.fromMicros('joined.lo')} ELSE "askbot_session"."created_at" END,
       "updated_at" = CASE WHEN joined.hi > ${updated} THEN ${d.fromMicros('joined.hi')} ELSE "askbot_session"."updated_at" END,
       "last_summarized_at" = CASE WHEN joined.lo < ${created} AND "askbot_session"."last_summarized_at" = "askbot_session"."created_at"
                                   THEN ${d.fromMicros('joined.lo')} ELSE "askbot_session"."last_summarized_at" END
     FROM (SELECT session_id, min(start_us) AS lo, max(end_us) AS hi FROM aac_seed_islands WHERE session_id IS NOT NULL GROUP BY session_id) joined
     WHERE "askbot_session"."id" = joined.session_id AND (joined.lo < ${created} OR joined.hi > ${updated})`,
  );
}

/** A new session for every island that joined none; returns how many were added. */
async function createSessions(tx: Db): Promise<number> {
  const d = tx.dialect;
  const before = await tx.one<{ id: number | null }>(sql`SELECT max("id") AS id FROM "askbot_session"`);
  const added = await tx.run(
    sql`INSERT INTO "askbot_session" ("ip_address", "user_agent", "created_at", "updated_at", "user_id", "last_summarized_at")
     SELECT NULL, NULL, ${d.fromMicros('start_us')}, ${d.fromMicros('end_us')}, user_id, ${d.fromMicros('start_us')}
     FROM aac_seed_islands WHERE session_id IS NULL ORDER BY start_us, user_id`,
  );
  // Find each island's new session by (user, created_at): a user's islands never start at the same instant.
  await tx.run(
    sql`UPDATE aac_seed_islands SET session_id = s."id" FROM "askbot_session" s
     WHERE aac_seed_islands.session_id IS NULL AND s."id" > ${Number(before?.id ?? 0)} AND s."user_id" = aac_seed_islands.user_id
       AND s."created_at" = ${d.fromMicros('aac_seed_islands.start_us')}`,
  );
  const unmatched = await tx.one<{ n: number }>(sql`SELECT count(*) AS n FROM aac_seed_islands WHERE session_id IS NULL`);
  if (Number(unmatched?.n ?? 0) > 0) throw new AppError('INTERNAL', `${unmatched!.n} new sessions could not be matched to their activity`);
  await tx.exec(`CREATE INDEX aac_seed_islands_key ON aac_seed_islands (user_id, island)`);
  return added;
}

/** The events of the new activity, each in its island's session; returns how many were added, per type. */
async function insertNewEvents(tx: Db): Promise<{ added: number; byType: Record<string, number> }> {
  const added = await tx.run(
    sql`INSERT INTO "askbot_event" ("timestamp", "object_id", "content_type_id", "session_id", "summarized", "event_type")
     SELECT ${tx.dialect.fromMicros('p.us')}, p.object_id, p.ct, i.session_id, ${tx.dialect.FALSE}, p.event_type
     FROM aac_seed_pending p JOIN aac_seed_islands i ON i.user_id = p.user_id AND i.island = p.island
     ORDER BY p.us, p.user_id, p.event_type, p.object_id`,
  );
  const rows = await tx.all<{ event_type: number; n: number }>(
    sql`SELECT event_type, count(*) AS n FROM aac_seed_pending GROUP BY event_type ORDER BY event_type`,
  );
  return { added, byType: Object.fromEntries(rows.map((r) => [TYPE_NAMES[Number(r.event_type)] ?? String(r.event_type), Number(r.n)])) };
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
  let step = 0;
  const progress = async () => {
    await cancel.between();
    opts.onProgress?.({ step: STEPS[step] ?? 'done', done: step, total: STEPS.length });
    step++;
  };
  try {
    return await cancel.batch(() =>
      db.transaction(async (tx) => {
        const ct: ContentTypes = { user: await ensureContentTypeId(tx, 'auth', 'user'), post: await ensureContentTypeId(tx, 'askbot', 'post') };
        await dropTemp(tx);
        await progress();
        await recordSeenEvents(tx, ct);
        await progress();
        await collectNewActivity(tx, ct, timeoutUs);
        await progress();
        await collectIslands(tx);
        const sessionsExtended = await joinExistingSessions(tx, timeoutUs);
        const sessionsAdded = await createSessions(tx);
        await progress();
        const events = await insertNewEvents(tx);
        await dropTemp(tx);
        await progress();
        return { sessionsAdded, sessionsExtended, eventsAdded: events.added, eventsByType: events.byType };
      }),
    );
  } catch (err) {
    throw cancel.wrap(err);
  } finally {
    await cancel.stop();
  }
}

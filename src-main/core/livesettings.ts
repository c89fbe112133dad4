// Askbot live settings stored by django-livesettings (SCHEMA.md §3.15): the Google Analytics key.
// A missing row means "default" (livesettings deletes the row when a value returns to its default).
import { listTables } from './db/schema';
import { sql } from './db/sql';
import type { Db } from './db/types';

const SITE_ID = 1; // settings.SITE_ID in both Askbot settings templates
const GA = { group: 'EXTERNAL_KEYS', key: 'GOOGLE_ANALYTICS_KEY' } as const;
/** SQL: the condition that picks the tracking ID's row. */
const GA_ROW = sql`"site_id" = ${SITE_ID} AND "group" = ${GA.group} AND "key" = ${GA.key}`;

export async function hasLiveSettings(db: Db): Promise<boolean> {
  return (await listTables(db)).includes('livesettings_setting');
}

export async function readGoogleAnalyticsKey(db: Db): Promise<string> {
  if (!(await hasLiveSettings(db))) return '';
  const row = await db.one<{ value: string }>(sql`SELECT "value" FROM "livesettings_setting" WHERE ${GA_ROW}`);
  return row?.value ?? '';
}

/** Sets (or, when empty, removes) the tracking ID. A running Askbot sees it once its settings cache expires. */
export async function writeGoogleAnalyticsKey(db: Db, value: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (value === '') {
      await tx.run(sql`DELETE FROM "livesettings_setting" WHERE ${GA_ROW}`);
      return;
    }
    const changed = await tx.run(sql`UPDATE "livesettings_setting" SET "value" = ${value} WHERE ${GA_ROW}`);
    if (changed === 0) {
      await tx.run(sql`INSERT INTO "livesettings_setting" ("site_id", "group", "key", "value") VALUES (${SITE_ID}, ${GA.group}, ${GA.key}, ${value})`);
    }
  });
}

// `init`: lays Askbot's schema (the contract DDL) into an empty database, with the rows a fresh
// `manage.py migrate` leaves that analytics needs: the site and the content types.
import { ensureDerivedSchema } from '../derived/schema';
import { AppError } from '../errors';
import { POSTGRES_DDL } from './ddl/postgres';
import { SQLITE_DDL } from './ddl/sqlite';
import { assertWritable, listTables } from './schema';
import { sql } from './sql';
import type { Db } from './types';

/** Content types a fresh Askbot has; analytics events point at some of them (SCHEMA.md §3.12). */
export const CONTENT_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['contenttypes', 'contenttype'],
  ['auth', 'permission'],
  ['auth', 'group'],
  ['auth', 'user'],
  ['sites', 'site'],
  ['askbot', 'post'],
  ['askbot', 'postrevision'],
  ['askbot', 'thread'],
  ['askbot', 'vote'],
  ['askbot', 'group'],
  ['askbot', 'questionview'],
  ['askbot', 'session'],
  ['askbot', 'event'],
];

export async function initSchema(db: Db): Promise<{ tables: number }> {
  assertWritable(db, 'init');
  const existing = await listTables(db);
  if (existing.length > 0) {
    throw new AppError(
      'NOT_EMPTY',
      `${db.description} is not empty (it has ${existing.length} tables, e.g. ${existing.slice(0, 3).join(', ')}); init only creates the schema in an empty database`,
    );
  }
  await db.transaction(async (tx) => {
    await tx.exec(db.engine === 'sqlite' ? SQLITE_DDL : POSTGRES_DDL);
    await tx.run(sql`INSERT INTO "django_site" ("domain", "name") VALUES (${'example.com'}, ${'example.com'})`);
    for (const [app, model] of CONTENT_TYPES) {
      await tx.run(sql`INSERT INTO "django_content_type" ("app_label", "model") VALUES (${app}, ${model})`);
    }
    // Our indexes and derived tables, at this release's version (no import-time hooks: every caller gets them).
    await ensureDerivedSchema(tx);
  });
  return { tables: (await listTables(db)).length };
}

/** The id of a content type (ids differ per site), created when a writer needs one that is missing. */
export async function ensureContentTypeId(db: Db, app: string, model: string): Promise<number> {
  const row = await db.one<{ id: number }>(sql`SELECT "id" FROM "django_content_type" WHERE "app_label" = ${app} AND "model" = ${model}`);
  if (row) return Number(row.id);
  const inserted = await db.one<{ id: number }>(sql`INSERT INTO "django_content_type" ("app_label", "model") VALUES (${app}, ${model}) RETURNING "id"`);
  return Number(inserted!.id);
}

// Django storage conventions (SCHEMA.md §3.3) round-trip on both engines, in UTC and with naive
// America/Chicago storage (USE_TZ = false) across the November DST change.
import { describe, expect, it } from 'vitest';
import type { TimeSettings } from '../../src-main/core/db/dialect';
import { parseInstant, formatInstant } from '../../src-main/core/time/instant';
import { describeEachEngine, freshAskbotDb } from '../helpers/engines';
import { sql } from '../../src-main/core/db/sql';

const UTC: TimeSettings = { useTz: true, timeZone: 'UTC' };
const CHICAGO: TimeSettings = { useTz: false, timeZone: 'America/Chicago' };

async function insertSession(db: Awaited<ReturnType<typeof freshAskbotDb>>['db'], created: number, updated: number) {
  const d = db.dialect;
  const row = await db.one<{ id: number }>(
    sql`INSERT INTO "askbot_session" ("created_at", "updated_at", "last_summarized_at", "user_id") VALUES (${d.dateTimeParam(created)}, ${d.dateTimeParam(updated)}, ${d.dateTimeParam(created)}, NULL) RETURNING "id"`,
  );
  return Number(row!.id);
}

describeEachEngine('Django storage', (engine) => {
  it('writes datetimes in Django shape, with and without microseconds, and reads them back', async () => {
    const { db } = await freshAskbotDb(engine, UTC);
    const whole = parseInstant('2024-07-02T00:10:00Z');
    const frac = parseInstant('2024-07-02T00:10:00.123456Z');
    const id = await insertSession(db, whole, frac);
    const raw = await db.one<{ c: string; u: string }>(sql`SELECT "created_at" AS c, "updated_at" AS u FROM "askbot_session" WHERE id = ${id}`);
    if (engine === 'sqlite') {
      expect(raw!.c).toBe('2024-07-02 00:10:00');
      expect(raw!.u).toBe('2024-07-02 00:10:00.123456');
    }
    expect(db.dialect.readDateTime(raw!.c)).toBe(whole);
    expect(db.dialect.readDateTime(raw!.u)).toBe(frac);
    // The SQL-side conversion agrees to the microsecond, both ways.
    const m = await db.one<{ c: number; u: number; back: string }>(
      sql`SELECT ${db.dialect.micros('"created_at"')} AS c, ${db.dialect.micros('"updated_at"')} AS u,
              ${db.dialect.fromMicros(db.dialect.micros('"updated_at"'))} AS back FROM "askbot_session" WHERE id = ${id}`,
    );
    expect(Number(m!.c)).toBe(whole);
    expect(Number(m!.u)).toBe(frac);
    expect(db.dialect.readDateTime(m!.back)).toBe(frac);
    if (engine === 'sqlite') expect(m!.back).toBe('2024-07-02 00:10:00.123456');
    await db.close();
  });

  it('reads rows written by Django in either SQLite shape (and ISO with T on PostgreSQL)', async () => {
    const { db } = await freshAskbotDb(engine, UTC);
    const [created, updated] =
      engine === 'sqlite' ? ['2023-07-29 04:57:03', '2023-07-29 04:57:03.113120'] : ['2023-07-29 04:57:03+00', '2023-07-29T04:57:03.11312Z'];
    await db.run(sql`INSERT INTO "askbot_session" ("created_at", "updated_at", "last_summarized_at") VALUES (${created}, ${updated}, ${created})`);
    const r = await db.one<{ a: number; b: number }>(
      sql`SELECT ${db.dialect.micros('"created_at"')} AS a, ${db.dialect.micros('"updated_at"')} AS b FROM "askbot_session"`,
    );
    expect(formatInstant(Number(r!.a))).toBe('2023-07-29T04:57:03Z');
    expect(formatInstant(Number(r!.b))).toBe('2023-07-29T04:57:03.113120Z');
    await db.close();
  });

  it('stores durations as microseconds / interval and booleans as 1/0 / boolean', async () => {
    const { db } = await freshAskbotDb(engine, UTC);
    const d = db.dialect;
    const user = await db.one<{ id: number }>(
      sql`INSERT INTO "auth_user" ("password","is_superuser","username","first_name","last_name","email","is_staff","is_active","date_joined")
       VALUES ('!', ${d.bool(false)}, 'u', '', '', 'u@example.com', ${d.bool(false)}, ${d.bool(true)}, ${d.dateTimeParam(parseInstant('2024-01-01T00:00:00Z'))}) RETURNING id`,
    );
    const us = 45 * 60 * 1_000_000 + 7;
    await db.run(
      sql`INSERT INTO "askbot_dailyusersummary" ("num_questions","num_answers","num_upvotes","num_downvotes","question_views","time_on_site","date","user_id","summarized")
       VALUES (0,0,0,0,0, ${d.durationFromMicros(sql`${us}`)}, ${d.dateParam('2024-01-02')}, ${user!.id}, ${d.bool(true)})`,
    );
    const r = await db.one<{ t: number; raw: unknown; date: unknown; s: unknown }>(
      sql`SELECT ${d.durationMicros('"time_on_site"')} AS t, "time_on_site" AS raw, "date", "summarized" AS s FROM "askbot_dailyusersummary"`,
    );
    expect(Number(r!.t)).toBe(us);
    expect(d.readDate(r!.date)).toBe('2024-01-02');
    expect(d.readBool(r!.s)).toBe(true);
    if (engine === 'sqlite') {
      expect(r!.raw).toBe(us);
      expect(r!.s).toBe(1);
    } else {
      expect(r!.raw).toBe('00:45:00.000007');
      expect(r!.s).toBe(true);
    }
    await db.close();
  });

  describe('USE_TZ = false, TIME_ZONE = America/Chicago', () => {
    it('stores naive wall clocks and buckets by local hour and day across the DST change', async () => {
      const { db } = await freshAskbotDb(engine, CHICAGO);
      const d = db.dialect;
      // 2024-11-03 01:30 happens twice in Chicago: 06:30Z (CDT) and 07:30Z (CST).
      const first = parseInstant('2024-11-03T06:30:00Z');
      const second = parseInstant('2024-11-03T07:30:00Z');
      const lateEvening = parseInstant('2024-11-04T05:30:00Z'); // 23:30 local on Nov 3
      await insertSession(db, first, lateEvening);
      const raw = await db.one<{ c: string; u: string }>(sql`SELECT "created_at" AS c, "updated_at" AS u FROM "askbot_session"`);
      if (engine === 'sqlite') {
        expect(raw!.c).toBe('2024-11-03 01:30:00');
        expect(raw!.u).toBe('2024-11-03 23:30:00');
      }
      expect(d.readDateTime(raw!.c)).toBe(first);
      expect(d.dayOfInstant(lateEvening)).toBe('2024-11-03');
      expect(d.dayOfInstant(second)).toBe('2024-11-03');
      // Each of the two 01:xx hours is its own bucket (an hour bucket is an instant).
      expect(d.hourStart(first)).toBe(parseInstant('2024-11-03T06:00:00Z'));
      expect(d.hourStart(second)).toBe(parseInstant('2024-11-03T07:00:00Z'));
      expect(d.dayStart('2024-11-03')).toBe(parseInstant('2024-11-03T05:00:00Z'));
      expect(d.dayStart('2024-11-04')).toBe(parseInstant('2024-11-04T06:00:00Z'));
      const r = await db.one<{ day: unknown; hour: number; back: string }>(
        sql`SELECT ${d.dayOf(d.micros('"updated_at"'))} AS day, ${d.hourOf(d.micros('"created_at"'))} AS hour,
                ${d.fromMicros(d.micros('"updated_at"'))} AS back FROM "askbot_session"`,
      );
      expect(d.readDate(r!.day)).toBe('2024-11-03');
      expect(Number(r!.hour)).toBe(parseInstant('2024-11-03T06:00:00Z'));
      expect(d.readDateTime(r!.back)).toBe(lateEvening);
      // In SQL as well, the repeated hour gives a distinct bucket.
      const h2 = await db.one<{ h: number }>(sql`SELECT ${d.hourOf(sql`${second}`)} AS h`);
      expect(Number(h2!.h)).toBe(parseInstant('2024-11-03T07:00:00Z'));
      await db.close();
    });
  });
});

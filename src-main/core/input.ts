// Checks on values a user typed, made once where they are parsed (segment keys, content keys,
// cursors, searches, sign-in names, the contract's schemas) so that nothing out of a column's range
// and no NUL byte ever reaches SQL: the user reads INVALID_INPUT, never the database's own text.
import { AppError } from './errors';

/** The largest value of an `integer` (int4) column: every Askbot id (users, groups, threads, posts). */
export const INT4_MAX = 2_147_483_647;

/** A decimal id typed by a user: `1` … `2147483647`. */
export function parseId(text: string, what: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new AppError('INVALID_INPUT', `${what} "${shown(text)}" is not an id (a whole number from 1)`);
  const n = Number(text);
  if (text.length > 10 || n > INT4_MAX) throw new AppError('INVALID_INPUT', `${what} ${shown(text)} is out of range: ids are at most ${INT4_MAX}`);
  return n;
}

/** Whether `n` fits an int4 id column. */
export function isId(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1 && n <= INT4_MAX;
}

/** Text bound as a parameter: no NUL byte (PostgreSQL refuses it in text) and at most `max` characters. */
export function checkText(text: string, what: string, max: number): string {
  if (text.includes('\0')) throw new AppError('INVALID_INPUT', `${what} must not contain a NUL character`);
  if (text.length > max) throw new AppError('INVALID_INPUT', `${what} is too long (at most ${max} characters)`);
  return text;
}

/** A user's text quoted in a message: NULs made visible and cut to a readable length. */
export function shown(text: string): string {
  const visible = text.replace(/\0/g, '\\0');
  return visible.length > 60 ? visible.slice(0, 57) + '...' : visible;
}

/** A `kind:N` key (`user:12`, `group:3`, `thread:7`): its kind and id; null when `text` has another shape. */
export function parseIdKey<K extends string>(text: string, kinds: readonly K[]): { kind: K; id: number } | null {
  const m = /^([a-z]+):([\s\S]*)$/.exec(text);
  if (!m || !kinds.includes(m[1] as K)) return null;
  return { kind: m[1] as K, id: parseId(m[2]!, m[1]!) };
}

import { describe, expect, it } from 'vitest';
import { bigint, empty, ident, join, list, raw, sql } from '../../src-main/core/db/sql';

describe('SQL fragments', () => {
  it('binds every interpolated value and numbers the placeholders when the statement runs', () => {
    const q = sql`SELECT * FROM t WHERE a = ${1} AND b = ${'x'}`;
    expect(q.numbered()).toEqual({ text: 'SELECT * FROM t WHERE a = $1 AND b = $2', values: [1, 'x'] });
    expect(q.positional()).toEqual({ text: 'SELECT * FROM t WHERE a = ? AND b = ?', values: [1, 'x'] });
  });

  it('numbers nested fragments in the order they appear, whatever order they were built in', () => {
    const late = sql`c = ${3}`;
    const early = sql`a = ${1}`;
    const q = sql`SELECT 1 WHERE ${early} AND ${sql`b = ${2}`} AND ${late}`;
    expect(q.numbered()).toEqual({ text: 'SELECT 1 WHERE a = $1 AND b = $2 AND c = $3', values: [1, 2, 3] });
  });

  it('binds a string, never splices it: only raw and ident add text', () => {
    const evil = `x'; DROP TABLE t; --`;
    expect(sql`SELECT ${evil}`.numbered()).toEqual({ text: 'SELECT $1', values: [evil] });
    expect(sql`SELECT ${raw('count(*)')} FROM ${ident('we"ird')}`.numbered()).toEqual({ text: 'SELECT count(*) FROM "we""ird"', values: [] });
  });

  it('joins fragments and lists values', () => {
    expect(join([sql`a = ${1}`, 'b IS NULL', sql`c = ${2}`], ' AND ').numbered()).toEqual({ text: 'a = $1 AND b IS NULL AND c = $2', values: [1, 2] });
    expect(sql`IN (${list([4, 5, 6])})`.numbered()).toEqual({ text: 'IN ($1, $2, $3)', values: [4, 5, 6] });
    expect(join([]).isEmpty).toBe(true);
    expect(sql`${empty}`.isEmpty).toBe(true);
    expect(sql`${bigint(7)} + 1`.numbered().text).toBe('CAST($1 AS bigint) + 1');
  });

  it('refuses to be read as a plain string when it has values', () => {
    expect(() => `${sql`a = ${1}`}`).toThrow(/bound values/);
    expect(`${raw('a = 1')}`).toBe('a = 1');
  });
});

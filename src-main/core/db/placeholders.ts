// SQL is written with PostgreSQL's numbered placeholders ($1, $2, …). SQLite gets `?` in the order
// they appear, with the parameter list rearranged to match; text inside quotes is left alone.

export function toSqlitePlaceholders(sql: string, params: readonly unknown[]): { sql: string; params: unknown[] } {
  let out = '';
  const ordered: unknown[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
      const n = Number(sql.slice(i + 1, j));
      if (n < 1 || n > params.length) throw new Error(`SQL placeholder $${n} has no parameter (${params.length} given)`);
      ordered.push(params[n - 1]);
      out += '?';
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return { sql: out, params: ordered };
}

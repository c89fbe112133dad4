// Composable SQL. A fragment carries its own bound values next to its text; fragments nest inside one
// another with the `sql` tag, and the placeholders (`$1`, `$2`, … for PostgreSQL, `?` for SQLite) are
// numbered once, when the statement runs. So no builder ever counts parameters, passes a parameter list
// along, or depends on the order in which parts were built.
//
// Values are always bound: anything interpolated into `sql` that is not itself a fragment becomes a
// parameter. SQL text comes only from code: the template's literal parts, `raw` (keywords, operators,
// numbers the code computed) and `ident` (a quoted identifier).

export class Sql {
  /** `texts.length === values.length + 1`: text, value, text, …, text. */
  private constructor(
    readonly texts: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** Builds a fragment from text/value pieces, splicing nested fragments in. */
  static from(strings: readonly string[], args: readonly unknown[]): Sql {
    const texts: string[] = [strings[0]!];
    const values: unknown[] = [];
    args.forEach((arg, i) => {
      const next = strings[i + 1]!;
      if (arg instanceof Sql) {
        texts[texts.length - 1] += arg.texts[0]!;
        for (let k = 0; k < arg.values.length; k++) {
          values.push(arg.values[k]);
          texts.push(arg.texts[k + 1]!);
        }
        texts[texts.length - 1] += next;
      } else {
        values.push(arg);
        texts.push(next);
      }
    });
    return new Sql(texts, values);
  }

  /** True when the fragment has no text and no values (`empty`). */
  get isEmpty(): boolean {
    return this.values.length === 0 && this.texts[0] === '';
  }

  /** The statement with PostgreSQL's numbered placeholders. */
  numbered(): { text: string; values: unknown[] } {
    let text = this.texts[0]!;
    for (let i = 0; i < this.values.length; i++) text += `$${i + 1}` + this.texts[i + 1]!;
    return { text, values: [...this.values] };
  }

  /** The statement with SQLite's positional `?` placeholders. */
  positional(): { text: string; values: unknown[] } {
    return { text: this.texts.join('?'), values: [...this.values] };
  }

  /**
   * Interpolating a fragment into a plain string would lose its values: refused. A fragment that is
   * only code (no values: a dialect expression, `d.TRUE`) reads as its text, so a DDL script, which
   * binds nothing (`Db.exec`), can be written as a plain string.
   */
  toString(): string {
    if (this.values.length > 0) throw new Error('an SQL fragment with bound values was used as a plain string');
    return this.texts[0]!;
  }
}

/** The tag: `sql\`SELECT … WHERE "id" = ${id}\``; a nested fragment is spliced in, any other value is bound. */
export function sql(strings: TemplateStringsArray, ...args: unknown[]): Sql {
  return Sql.from(strings, args);
}

/** SQL text written by code (never user input): keywords, a computed number, an expression. */
export function raw(text: string): Sql {
  return Sql.from([text], []);
}

export const empty: Sql = raw('');

/**
 * A whole number from code as SQL text, never a bound value: a constant the planner must see (an event
 * type a partial index names, the hour's length, a LIMIT, a CASE branch's index).
 */
export function literal(n: number): Sql {
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${n}`);
  return raw(String(n));
}

/** A quoted identifier (a table, column or index name from code). */
export function ident(name: string): Sql {
  return raw(`"${name.replace(/"/g, '""')}"`);
}

/** SQL text from code given as a string, or a fragment: both as a fragment. */
export type SqlCode = Sql | string;
export function code(x: SqlCode): Sql {
  return typeof x === 'string' ? raw(x) : x;
}

/** Fragments joined by a separator (`, ` unless told): `join([a, b], ' AND ')`. */
export function join(parts: readonly SqlCode[], separator: SqlCode = ', '): Sql {
  const sep = code(separator);
  const strings: string[] = [''];
  const args: Sql[] = [];
  parts.forEach((p, i) => {
    if (i > 0) {
      args.push(sep);
      strings.push('');
    }
    args.push(code(p));
    strings.push('');
  });
  return Sql.from(strings, args);
}

/** Bound values as a comma-separated list, for `IN (…)` (callers handle the empty list). */
export function list(values: readonly unknown[]): Sql {
  return join(values.map((v) => sql`${v}`));
}

/** `CAST(<value> AS bigint)`: PostgreSQL needs the type of a parameter used in arithmetic. */
export function bigint(value: number | bigint | Sql): Sql {
  return sql`CAST(${value} AS bigint)`;
}

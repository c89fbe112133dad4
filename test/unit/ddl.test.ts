// The DDL the app carries (a verbatim copy of the schema contract; `npm run ddl:check` compares the two
// where ../shared exists) declares every table the console reads and writes.
import { expect, it } from 'vitest';
import { POSTGRES_DDL } from '../../src-main/core/db/ddl/postgres';
import { SQLITE_DDL } from '../../src-main/core/db/ddl/sqlite';
import { ANALYTICS_TABLES, ASKBOT_TABLES } from '../../src-main/core/db/schema';

it.each([
  ['sqlite', SQLITE_DDL],
  ['postgres', POSTGRES_DDL],
])('the %s DDL creates every table the console needs', (_engine, ddl) => {
  for (const t of [...ASKBOT_TABLES, ...ANALYTICS_TABLES]) expect(ddl).toContain(`CREATE TABLE "${t}"`);
});

// The DDL the app carries is the schema contract, verbatim.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { POSTGRES_DDL } from '../../src-main/core/db/ddl/postgres';
import { SQLITE_DDL } from '../../src-main/core/db/ddl/sqlite';
import { ANALYTICS_TABLES, ASKBOT_TABLES } from '../../src-main/core/db/schema';

const shared = join(process.cwd(), '..', 'shared', 'askbot');

it.each([
  ['sqlite', SQLITE_DDL],
  ['postgres', POSTGRES_DDL],
])('the %s DDL matches shared/askbot and creates every table the console needs', (engine, ddl) => {
  for (const t of [...ASKBOT_TABLES, ...ANALYTICS_TABLES]) expect(ddl).toContain(`CREATE TABLE "${t}"`);
  const file = join(shared, `schema.${engine}.sql`);
  // The contract folder sits beside the repository on developer machines and in CI.
  expect(existsSync(file), `${file} (the schema contract) should be beside the repository`).toBe(true);
  expect(ddl).toBe(readFileSync(file, 'utf8'));
});

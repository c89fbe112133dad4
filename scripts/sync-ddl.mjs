// Copies the schema contract (../shared/askbot/schema.*.sql) into src-main/core/db/ddl/*.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const names = { sqlite: 'SQLITE_DDL', postgres: 'POSTGRES_DDL' };
for (const [engine, constName] of Object.entries(names)) {
  const sql = readFileSync(join(root, '..', 'shared', 'askbot', `schema.${engine}.sql`), 'utf8');
  if (sql.includes('`') || sql.includes('${')) throw new Error(`schema.${engine}.sql contains a backtick or \${`);
  const out = `// The Askbot 0.13 schema (Django 4.2 fresh migrate) for ${engine}, copied verbatim from the schema contract
// (shared/askbot/schema.${engine}.sql) so the app and CLI can create demo databases without the shared folder.
// Regenerate with \`npm run ddl:sync\` when the contract changes; test/unit/ddl.test.ts checks they match.
export const ${constName} = String.raw\`${sql}\`;
`;
  writeFileSync(join(root, 'src-main', 'core', 'db', 'ddl', `${engine}.ts`), out);
}

// The schema contract (../shared/askbot/schema.*.sql) and the copy the app carries
// (src-main/core/db/ddl/*.ts, so the app and CLI can create demo databases without the shared folder).
//   node scripts/sync-ddl.mjs          copies the contract into the repository (npm run ddl:sync)
//   node scripts/sync-ddl.mjs --check  exits 1 when the copy differs from the contract (npm run ddl:check; .ci/run)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const contractDir = join(root, '..', 'shared', 'askbot');
const check = process.argv.includes('--check');
const names = { sqlite: 'SQLITE_DDL', postgres: 'POSTGRES_DDL' };

if (!existsSync(contractDir)) {
  console.error(`ddl: the schema contract is not beside the repository (${contractDir})`);
  process.exit(1);
}
let differs = 0;
for (const [engine, constName] of Object.entries(names)) {
  const sql = readFileSync(join(contractDir, `schema.${engine}.sql`), 'utf8');
  if (sql.includes('`') || sql.includes('${')) throw new Error(`schema.${engine}.sql contains a backtick or \${`);
  const out = `// The Askbot 0.13 schema (Django 4.2 fresh migrate) for ${engine}, copied verbatim from the schema contract
// (shared/askbot/schema.${engine}.sql) so the app and CLI can create demo databases without the shared folder.
// Regenerate with \`npm run ddl:sync\` when the contract changes; \`npm run ddl:check\` (run by .ci/run) checks they match.
export const ${constName} = String.raw\`${sql}\`;
`;
  const file = join(root, 'src-main', 'core', 'db', 'ddl', `${engine}.ts`);
  if (!check) writeFileSync(file, out);
  else if (!existsSync(file) || readFileSync(file, 'utf8') !== out) {
    console.error(`ddl: ${file} differs from ${join(contractDir, `schema.${engine}.sql`)}: run npm run ddl:sync`);
    differs++;
  }
}
if (check && !differs) console.log('ddl: the DDL the app carries is the schema contract');
process.exit(differs ? 1 : 0);

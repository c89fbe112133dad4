// Lint rules also guard the architecture (DESIGN.md §1): core never imports electron,
// the renderer never imports main-process code, core never reaches up into ipc/ or jobs/, and nothing
// but the preload touches ipcRenderer. Type-aware rules catch what only types reveal: a promise nobody
// awaits (an unhandled rejection, or work that races what follows) and a switch that forgets a new case.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * Forbids imports whose relative path resolves into one of `folders` (paths from the repository root).
 * no-restricted-imports matches the written specifier, which differs with the importing file's depth
 * ('../ipc' or '../../ipc') and cannot tell src-main/jobs/ from core/types/jobs.ts.
 */
const noImportInto = {
  meta: {
    type: 'problem',
    schema: [
      { type: 'object', properties: { folders: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } }, additionalProperties: false },
    ],
  },
  create(context) {
    const { folders, message } = context.options[0];
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = relative(import.meta.dirname, resolve(dirname(context.filename), source.value))
        .split(sep)
        .join('/');
      if (folders.some((f) => target === f || target.startsWith(`${f}/`) || target.startsWith(`${f}.`))) {
        context.report({ node: source, message: `${message} ('${source.value}')` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
const architecture = { rules: { 'no-import-into': noImportInto } };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'src-main/core/db/ddl/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      // Each file is typed by the tsconfig that includes it (tsconfig.node.json or tsconfig.web.json).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      // A switch over a union either names every member or says "anything else" with a `default`.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // Plain JavaScript (the scripts, bin/, this file) is in no tsconfig and has no types to check.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src-main/core/**/*.ts', 'src-main/cli.ts', 'src-main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'core and the CLI must stay Electron-free.' }] }],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    plugins: { architecture },
    rules: {
      'architecture/no-import-into': [
        'error',
        { folders: ['src-main/ipc', 'src-main/jobs'], message: 'core is used by the app, the CLI and the worker: it never imports ipc/ or jobs/.' },
      ],
    },
  },
  {
    // The preload bundles names only: the contract's zod schemas must not reach it (types are fine).
    files: ['src-preload/index.ts', 'src-preload/build-api.ts', 'src-preload/channels.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: './contract', message: 'The preload imports only types from the contract; names come from ./channels.', allowTypeImports: true },
            { name: 'zod', message: 'zod stays in main: the preload bundles the channel names only.' },
          ],
        },
      ],
    },
  },
  {
    // Pure code that every process runs (main, worker, CLI and renderer): it depends on none of them.
    files: ['src-shared/**/*.ts'],
    plugins: { architecture },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'node:*'], message: 'src-shared also runs in the renderer: no Electron, no Node.' }] },
      ],
      'architecture/no-import-into': [
        'error',
        { folders: ['src-main', 'src-preload', 'src-renderer'], message: 'src-shared is imported by every process and imports none of them.' },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.analytics.' }],
          patterns: [
            { group: ['**/src-main/**', '../../src-main/*'], message: 'The renderer must not import main-process code.' },
            { group: ['**/src-preload/index*'], message: 'Import only the contract types.' },
          ],
        },
      ],
    },
  },
);

// Lint rules also guard the architecture (DESIGN.md §1): core never imports electron,
// the renderer never imports main-process code, and nothing but the preload touches ipcRenderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'src-main/core/db/ddl/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-main/core/**/*.ts', 'src-main/cli.ts', 'src-main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'core and the CLI must stay Electron-free.' }] }],
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

// Lint: typescript-eslint (type-aware) plus the import rules of
// ARCHITECTURE.md, which say where code may run:
//   src-shared imports nothing outside itself (and zod);
//   src-renderer imports only src-shared;
//   only src-main/electron imports electron;
//   vault never imports services or sync; sync never imports services;
//   src-server never imports src-main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'Only src-main/electron may import electron.' };
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'tls', 'worker_threads'];

/** Builds a no-restricted-imports rule from forbidden path globs. */
const restrict = (patterns, paths = [noElectron]) => [
  'error',
  { paths, patterns: patterns.map(([group, message]) => ({ group, message })) },
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', '.scratch*/**', 'build/**', 'dist/**', 'bench/results/**', 'docs/**', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'bin/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-imports': restrict([]),
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-console': 'off' },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': restrict([
        [['../../src-*', '../src-*', '**/src-main/**', '**/src-renderer/**', '**/src-server/**'], 'src-shared imports only itself.'],
        [nodeBuiltins, 'src-shared is pure TypeScript: no Node built-ins.'],
        [['react', 'react-dom', 'ws', 'keytar', '@journeyapps/*', 'better-sqlite3', 'pg', 'fastify'], 'src-shared imports only zod.'],
      ]),
    },
  },
  {
    files: ['src-renderer/**'],
    ignores: ['src-renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': restrict([
        [['**/src-main/**', '**/src-server/**'], 'The renderer reaches the main process only through the bridge.'],
        [nodeBuiltins, 'The renderer runs in a sandbox: no Node built-ins.'],
        [['keytar', '@journeyapps/*', 'better-sqlite3', 'ws'], 'The renderer holds no keys and no database.'],
      ]),
      'no-restricted-globals': [
        'error',
        { name: 'localStorage', message: 'The renderer stores no customer data.' },
        { name: 'sessionStorage', message: 'The renderer stores no customer data.' },
        { name: 'indexedDB', message: 'The renderer stores no customer data.' },
        { name: 'caches', message: 'The renderer stores no customer data.' },
      ],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': restrict([], []) },
  },
  {
    files: ['src-main/vault/**', 'src-main/keychain/**'],
    // Tests may prove the vault with the contact repository as a realistic writer.
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict([
        [['**/services/**', '**/sync/**', '../services/*', '../sync/*'], 'The vault never imports services or sync.'],
      ]),
    },
  },
  {
    files: ['src-main/sync/**'],
    rules: {
      'no-restricted-imports': restrict([[['**/services/**'], 'Sync never imports services.']]),
    },
  },
  {
    files: ['src-server/**'],
    rules: {
      'no-restricted-imports': restrict([[['**/src-main/**', '**/src-renderer/**'], 'The server imports src-shared, never src-main.']]),
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);

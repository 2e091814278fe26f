// ESLint (flat config): typescript-eslint's recommended rules, type-aware where they are cheap,
// and the layering of the code base (scripts/lint/layers.mjs: what each folder may import).
// Formatting is Prettier's (npm run format:check), not ESLint's. Import cycles: scripts/lint/cycles.mjs.
// Rules turned off say why beside them.

import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import layers, { CORE_RESTRICTED_GLOBALS } from './scripts/lint/layers.mjs';

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'out/**',
      'media/dist/**',
      'node_modules/**',
      'test-output/**',
      '.vscode-test/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { layers },
    rules: {
      'layers/imports': 'error',
      // Type-aware checks that catch real bugs and cost little: a promise left floating or handed
      // to something that does not wait for it, and awaiting what is not a promise.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      // `return await` only inside try (where it decides whether the catch sees the rejection).
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // A switch over a union names every member or has a default: a member added later is not
      // silently dropped (the formats, the findings' kinds, the panels' messages).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `==` only against null (null or undefined at once).
      eqeqeq: ['error', 'smart'],
      // A method handed on without its object loses `this` (callbacks, event handlers).
      '@typescript-eslint/unbound-method': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `_`-prefixed parameters are kept for a signature's sake (the compiler's noUnused* checks the rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The codebase narrows with `!` where an index is known to be in range (noUncheckedIndexedAccess
      // is on): the assertion says so where it is, and is the house style.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Control characters in a regular expression are the point where they appear: finding them
      // in file content to escape them (messages, terminal output) and stripping ANSI colour codes.
      'no-control-regex': 'off',
    },
  },
  {
    // The core is bytes in, data out: no host, no clock, no I/O. Its imports are the layers rule's;
    // these are the host's globals, which need no import.
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ...CORE_RESTRICTED_GLOBALS] },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests hold a value in a variable and drop it (`kept = undefined`) to measure what garbage
      // collection frees, and keep a wait's result in one variable for the next step to read or not.
      'no-useless-assignment': 'off',
    },
  },
  {
    // The webview's scripts run in the browser.
    files: ['webview/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Build, test and bench scripts (and the example's simulated training run) run in Node.
    files: ['scripts/**/*.mjs', 'examples/**/*.mjs', '*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // The in-editor runner drives a browser: the functions it hands to the page run there.
    files: ['scripts/test-in-vscode.mjs', 'scripts/harness/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);

// The rules of the house (docs/architecture.md) are lint errors here, so a break fails the build.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const builtinPaths = nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not allowed in this room.' }));
const nodePrefix = { group: ['node:*'], message: 'Node built-ins are not allowed in this room.' };

const SHELL_FILES = [
  'electron/main.ts',
  'electron/preload.ts',
  'electron/ipc.ts',
  'electron/protocol.ts',
  'electron/window.ts',
  'electron/notifications.ts',
  'electron/idle.ts',
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'release/**', 'dist/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js', '*.config.ts'],
    languageOptions: { globals: globals.node },
  },
  // shared/ is pure: no Node, no Electron, no database, no React, nothing from the other rooms.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinPaths,
            { name: 'electron', message: 'shared/ must stay pure.' },
            { name: 'better-sqlite3', message: 'shared/ must stay pure.' },
            { name: 'react', message: 'shared/ must stay pure.' },
          ],
          patterns: [nodePrefix, { group: ['**/electron/**', '**/renderer/**', '../electron*', '../renderer*'], message: 'shared/ imports nothing from electron/ or renderer/.' }],
        },
      ],
    },
  },
  // Every text of an API input is made by text() (shared/contract/text.ts), which refuses a NUL or a
  // lone surrogate with its field named; a schema that takes anything unchecked would let them by.
  {
    files: ['shared/contract/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='z'][property.name=/^(string|any|unknown|custom)$/]",
          message: 'Declare text with text() from shared/contract/text.ts: it refuses NUL and lone surrogates.',
        },
      ],
    },
  },
  // renderer/ talks to the back end only through its API client.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // We do not use the React Compiler; TanStack Virtual is fine without it.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinPaths,
            { name: 'electron', message: 'The renderer talks to the back end only through renderer/api.' },
            { name: 'better-sqlite3', message: 'The renderer talks to the back end only through renderer/api.' },
          ],
          patterns: [nodePrefix, { group: ['**/electron/**', '../../electron*', '../electron*'], message: 'The renderer never imports electron/.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/api/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Call the back end through renderer/api/client.' },
        { name: 'XMLHttpRequest', message: 'Call the back end through renderer/api/client.' },
        { name: 'WebSocket', message: 'Subscribe to events through renderer/api/client.' },
      ],
      'no-restricted-properties': ['error', { object: 'window', property: 'rapport', message: 'Use renderer/api/client, not the bridge directly.' }],
    },
  },
  // The back end runs in plain Node: only the desktop shell may import 'electron'.
  {
    files: ['electron/**/*.ts'],
    ignores: SHELL_FILES,
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only the desktop shell (main, preload, ipc, protocol, window) may import electron; the back end runs in plain Node.' }],
          patterns: [{ group: ['**/renderer/**'], message: 'The back end never imports the renderer.' }],
        },
      ],
    },
  },
  // A migration is fixed once it ships: it runs SQL, never live app code that may change later
  // (types only from outside its folder; a search index to rebuild is flagged, see migration 006).
  {
    files: ['electron/db/migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The back end runs in plain Node.' }],
          patterns: [{ group: ['../*', '../../*', '**/renderer/**', '**/shared/**'], allowTypeImports: true, message: 'Migrations are self-contained: SQL only, no live app code (types are fine).' }],
        },
      ],
    },
  },
  // Raw ipcMain only inside the one wrapper that checks the sender and the input.
  {
    files: SHELL_FILES.filter((f) => f !== 'electron/ipc.ts'),
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'Bind handlers through electron/ipc.ts, which checks the sender.' }],
          patterns: [{ group: ['**/renderer/**'], message: 'The shell never imports the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);

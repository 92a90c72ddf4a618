import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

// The shell's features import only from lib/, db/ and themselves (what two features share moves to
// lib/); app/ wires them together and nothing imports app/ or replication/ back.
const SHELL_FEATURES = readdirSync(new URL('./shell/src/features', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const featureBoundaries = SHELL_FEATURES.map((feature) => ({
  files: [`shell/src/features/${feature}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': ['error', { patterns: [
      { group: ['**/app', '**/app/**', '**/replication', '**/replication/**'], message: 'A feature imports only from lib/, db/ and its own folder: app/ and replication/ wire features together, not the other way round.' },
      ...SHELL_FEATURES.filter((other) => other !== feature).map((other) => ({
        group: [`**/features/${other}`, `**/features/${other}/**`, `../${other}`, `../${other}/**`, `../../${other}`, `../../${other}/**`],
        message: `Features do not import each other: move what ${feature} needs from ${other} to shell/src/lib/ (or db/).`,
      })),
    ] }],
  },
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', 'test-results/**', 'playwright-report/**', '**/.vite/**', 'bench/.probe/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The remote links through the shell contract's navigate: react-router is not shared (a shared
    // module ships whole), so a router import here would bring a second, unconnected router.
    files: ['remotes/connect-host/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', 'remotes/connect-host/src/test/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'react-router-dom', message: 'Use ShellLink / useShell().navigate: the remote has no router of its own.' },
        { name: 'react-router', message: 'Use ShellLink / useShell().navigate: the remote has no router of its own.' },
      ] }],
    },
  },
  ...featureBoundaries,
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);

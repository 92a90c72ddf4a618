import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';

// Defined once, used by shell/vitest.config.ts and by the root config: vitest does not nest a
// package's own `projects`, so the root must list these directly.
const root = fileURLToPath(new URL('.', import.meta.url));

const server = (name: string, database: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
  test: {
    name,
    root,
    environment: 'node',
    include: ['server/**/*.test.ts'],
    globalSetup: ['./server/testing/global-setup.ts'],
    env: { BIZ_TEST_DB: database },
    // Each test file gets a database of its own, and the API tests start real servers.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export const shellProjects: TestProjectInlineConfiguration[] = [
  // The Biz API's tests run twice: on PGlite (the embedded default) and on a real Postgres server.
  server('shell-server', 'pglite'),
  server('shell-server-pg', 'postgres'),
  {
    test: {
      name: 'shell-web',
      root,
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['./src/test/setup.ts'],
    },
  },
];

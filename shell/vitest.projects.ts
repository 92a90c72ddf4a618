import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';

// Defined once, used by shell/vitest.config.ts and by the root config: vitest does not nest a
// package's own `projects`, so the root must list these two directly.
const root = fileURLToPath(new URL('.', import.meta.url));

export const shellProjects: TestProjectInlineConfiguration[] = [
  { test: { name: 'shell-server', root, environment: 'node', include: ['server/**/*.test.ts'] } },
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

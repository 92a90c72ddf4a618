import { defineConfig } from 'vitest/config';
import { shellProjects } from './shell/vitest.projects';

// Each package owns its test environment (node for servers and shared/, jsdom for React).
export default defineConfig({
  test: {
    projects: ['shared', 'sandbox/connect', 'sandbox/contract-check', ...shellProjects, 'shell/contract', 'remotes/connect-host', 'bench', { test: { name: 'scripts', environment: 'node', include: ['scripts/**/*.test.mjs'] } }, { test: { name: 'e2e-support', environment: 'node', include: ['e2e/support/**/*.unit.ts'] } }],
  },
});

import { defineConfig } from 'vitest/config';

// Each package owns its test environment (node for servers and shared/, jsdom for React).
export default defineConfig({
  test: {
    projects: ['shared', 'sandbox/connect', 'sandbox/contract-check', 'shell', 'shell/contract', 'remotes/connect-host'],
  },
});

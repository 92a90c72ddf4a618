import { defineConfig } from 'vitest/config';

// Components run in jsdom; serve.ts and the build check run in Node (per-file environment comments).
export default defineConfig({
  test: {
    name: 'connect-host',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts', 'harness/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
  },
});

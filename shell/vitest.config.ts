import { defineConfig } from 'vitest/config';

// Two projects: the edge API runs in Node, the store-app in jsdom with fake IndexedDB.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shell-server', environment: 'node', include: ['server/**/*.test.ts'] } },
      {
        test: {
          name: 'shell-web',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['./src/test/setup.ts'],
        },
      },
    ],
  },
});

import { defineConfig, devices } from '@playwright/test';

const ports = {
  shell: Number(process.env.E2E_SHELL_PORT ?? 6173),
  remote: Number(process.env.E2E_REMOTE_PORT ?? 6174),
  sandbox: Number(process.env.E2E_SANDBOX_PORT ?? 6175),
};
export const E2E = {
  shell: `http://localhost:${ports.shell}`,
  remote: `http://localhost:${ports.remote}`,
  sandbox: `http://localhost:${ports.sandbox}`,
};

// Playwright cannot download browsers here; scripts/e2e.mjs finds Debian's chromium and passes it in.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export default defineConfig({
  testDir: './e2e',
  // One worker: the stack (and the sandbox's state) is shared, and the machine has two cores.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: E2E.shell,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions,
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions } },
    { name: 'phone', use: { ...devices['Pixel 7'], launchOptions }, grep: /@responsive/ },
    { name: 'tablet', use: { ...devices['Galaxy Tab S4'], launchOptions }, grep: /@responsive/ },
  ],
  webServer: {
    command: 'node scripts/serve-stack.mjs',
    url: `${E2E.shell}/runtime-config.json`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: { E2E_SHELL_PORT: String(ports.shell), E2E_REMOTE_PORT: String(ports.remote), E2E_SANDBOX_PORT: String(ports.sandbox) },
  },
});

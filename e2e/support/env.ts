// Where the test stack runs (see playwright.config.ts and scripts/serve-stack.mjs).
export const PORTS = {
  shell: Number(process.env.E2E_SHELL_PORT ?? 6173),
  remote: Number(process.env.E2E_REMOTE_PORT ?? 6174),
  sandbox: Number(process.env.E2E_SANDBOX_PORT ?? 6175),
};
export const SHELL_URL = `http://localhost:${PORTS.shell}`;
export const REMOTE_URL = `http://localhost:${PORTS.remote}`;
export const SANDBOX_URL = `http://localhost:${PORTS.sandbox}`;
export const DEMO_PASSWORD = 'mango-demo-2026';
export const DEMO_STORE_ID = 'store_demo_001';
export const LOGINS = {
  owner: 'owner@demo.mango',
  admin: 'admin@demo.mango',
  manager: 'manager@demo.mango',
  staff: 'staff@demo.mango',
} as const;
export type DemoRole = keyof typeof LOGINS;

/** The two demo stores the server seeds: the salon (every role) and the spa (an owner and a staff member). */
export const STORES = {
  salon: { id: DEMO_STORE_ID, name: 'Mango Demo Salon', owner: LOGINS.owner, staff: LOGINS.staff },
  spa: { id: 'store_demo_002', name: 'Mango Demo Spa', owner: 'spa-owner@demo.mango', staff: 'spa-staff@demo.mango' },
} as const;

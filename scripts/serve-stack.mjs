// Runs the built stack on ports from env (E2E_SHELL_PORT…) until killed: Playwright's webServer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from './lib/stack.mjs';
import { stackEnv } from './lib/demo-env.mjs';

const ports = {
  shell: Number(process.env.E2E_SHELL_PORT ?? 6173),
  remote: Number(process.env.E2E_REMOTE_PORT ?? 6174),
  sandbox: Number(process.env.E2E_SANDBOX_PORT ?? 6175),
};
// Specs that start their own shell (remote outage, redeploy) use ports 6183 and 6193, the fault soak
// its two API instances on the shell port + 40 and + 41 (e2e/fault-soak.spec.ts); the sandbox must
// let their pages in.
const extraOrigins = [6183, 6193, ports.shell + 40, ports.shell + 41].map((p) => `http://localhost:${p}`).join(',');
// Every run starts from a fresh database (its own PGlite directory, removed at the end), and a
// compressed retry schedule (same 8 attempts, seconds instead of hours) so outage specs finish.
const dataDir = mkdtempSync(join(tmpdir(), 'mango-e2e-pglite-'));
const env = stackEnv(ports, { SANDBOX_ADMIN: '1', BIZ_PGLITE_DIR: join(dataDir, 'data'), BIZ_WEBHOOK_RETRY_SCHEDULE_MS: '0,1000,2000,3000,5000,8000,13000,21000' });
env.SANDBOX_ALLOWED_ORIGINS = `${env.SANDBOX_ALLOWED_ORIGINS},${extraOrigins}`;
const stack = await startStack({ ports, env, quiet: !process.env.E2E_VERBOSE });
console.log(`test stack up: shell :${ports.shell}, remote :${ports.remote}, sandbox :${ports.sandbox}`);
const end = async () => {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', end);
process.on('SIGTERM', end);

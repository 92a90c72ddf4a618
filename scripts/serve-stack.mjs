// Runs the built stack on ports from env (E2E_SHELL_PORT…) until killed: Playwright's webServer.
import { startStack } from './lib/stack.mjs';
import { stackEnv } from './lib/demo-env.mjs';

const ports = {
  shell: Number(process.env.E2E_SHELL_PORT ?? 6173),
  remote: Number(process.env.E2E_REMOTE_PORT ?? 6174),
  sandbox: Number(process.env.E2E_SANDBOX_PORT ?? 6175),
};
// Specs that start their own shell (remote outage, redeploy) use ports 6183 and 6193; the sandbox must let their pages in.
const extraOrigins = [6183, 6193].map((p) => `http://localhost:${p}`).join(',');
const env = stackEnv(ports, { SANDBOX_ADMIN: '1' });
env.SANDBOX_ALLOWED_ORIGINS = `${env.SANDBOX_ALLOWED_ORIGINS},${extraOrigins}`;
const stack = await startStack({ ports, env, quiet: !process.env.E2E_VERBOSE });
console.log(`test stack up: shell :${ports.shell}, remote :${ports.remote}, sandbox :${ports.sandbox}`);
const end = () => {
  stack.stop();
  process.exit(0);
};
process.on('SIGINT', end);
process.on('SIGTERM', end);

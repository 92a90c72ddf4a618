// Runs the built stack on ports from env (E2E_SHELL_PORT…) until killed: Playwright's webServer.
import { startStack } from './lib/stack.mjs';
import { stackEnv } from './lib/demo-env.mjs';

const ports = {
  shell: Number(process.env.E2E_SHELL_PORT ?? 6173),
  remote: Number(process.env.E2E_REMOTE_PORT ?? 6174),
  sandbox: Number(process.env.E2E_SANDBOX_PORT ?? 6175),
};
const stack = await startStack({ ports, env: stackEnv(ports, { SANDBOX_ADMIN: '1' }), quiet: !process.env.E2E_VERBOSE });
console.log(`test stack up: shell :${ports.shell}, remote :${ports.remote}, sandbox :${ports.sandbox}`);
const end = () => {
  stack.stop();
  process.exit(0);
};
process.on('SIGINT', end);
process.on('SIGTERM', end);

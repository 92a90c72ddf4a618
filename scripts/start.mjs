// `npm start`: install what is missing, build, start the whole demo, print where to go. Ctrl-C stops all.
import { ensureInstall } from './lib/pnpm.mjs';
import { startStack } from './lib/stack.mjs';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_PORTS, stackEnv } from './lib/demo-env.mjs';

const pnpm = await ensureInstall();
if ((await pnpm(['build'])) !== 0) {
  console.error('Build failed; see the output above.');
  process.exit(1);
}
const ports = {
  shell: Number(process.env.SHELL_PORT ?? DEMO_PORTS.shell),
  remote: Number(process.env.REMOTE_PORT ?? DEMO_PORTS.remote),
  sandbox: Number(process.env.SANDBOX_PORT ?? DEMO_PORTS.sandbox),
};
let stack;
try {
  stack = await startStack({ ports, env: stackEnv(ports, { SANDBOX_ADMIN: process.env.SANDBOX_ADMIN ?? '' }) });
} catch (err) {
  console.error(`Could not start the demo: ${err.message}`);
  console.error('Is another process using the ports? Set SHELL_PORT, REMOTE_PORT or SANDBOX_PORT to move them.');
  process.exit(1);
}
console.log(`
Mango Biz × Connect demo is running.

  Mango Biz (shell):        http://localhost:${ports.shell}
  connect-host remote:      http://localhost:${ports.remote}/mf-manifest.json
  Mango Connect sandbox:    http://localhost:${ports.sandbox}

The store's data lives in ${process.env.DATABASE_URL ? 'the Postgres server DATABASE_URL names' : `PGlite under ${process.env.BIZ_PGLITE_DIR ?? '.data/pglite'} (delete it to start over)`}.

Demo logins (password: ${DEMO_PASSWORD}):
${DEMO_LOGINS.map(([email, what]) => `  ${email.padEnd(22)} ${what}`).join('\n')}

Ctrl-C stops everything.`);
let ending = false;
const end = async () => {
  if (ending) return;
  ending = true;
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', end);
process.on('SIGTERM', end);
for (const c of stack.children) {
  c.on('exit', (code) => {
    if (code !== 0 && code !== null) {
      console.error(`A demo process exited (code ${code}); stopping the rest.`);
      void end();
    }
  });
}

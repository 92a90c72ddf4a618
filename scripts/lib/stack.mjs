// Starts the whole system as real processes: Connect sandbox, connect-host remote, shell + edge API.
// Used by `npm start` and by Playwright's webServer, so the demo and the tests run the same thing.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './pnpm.mjs';

const tsx = join(ROOT, 'node_modules/.bin/tsx');

export const SERVICES = [
  { name: 'sandbox', entry: 'sandbox/connect/src/main.ts', health: (p) => `http://localhost:${p.sandbox}/health` },
  { name: 'remote', entry: 'remotes/connect-host/serve.ts', health: (p) => `http://localhost:${p.remote}/mf-manifest.json` },
  // The Biz API's first start on a new PGlite directory runs initdb, migrations and the demo seed:
  // seconds on an idle machine, much longer on a busy one.
  { name: 'shell', entry: 'shell/server/main.ts', health: (p) => `http://localhost:${p.shell}/readyz`, timeoutMs: 120_000 },
];

async function waitFor(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before answering ${url}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`did not answer ${url} within ${timeoutMs / 1000}s`);
}

/** Starts every service; resolves once all answer their health URL. `stop()` ends them all. */
export async function startStack({ ports, env, only = SERVICES.map((s) => s.name), quiet = false }) {
  const children = [];
  /** Asks every service to stop and resolves once all have exited (a straggler is killed after 10 s). */
  const stop = () =>
    Promise.all(
      children.map(
        (c) =>
          new Promise((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const kill = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
  try {
    for (const svc of SERVICES.filter((s) => only.includes(s.name))) {
      const child = spawn(tsx, [svc.entry], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: quiet ? ['ignore', 'ignore', 'inherit'] : ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      try {
        await waitFor(svc.health(ports), child, svc.timeoutMs ?? 30_000);
      } catch (err) {
        throw new Error(`${svc.name} (${svc.entry}) ${err.message}`);
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { children, stop };
}

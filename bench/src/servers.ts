// The processes a benchmark run needs: the production stack (as `npm start` runs it, on its own
// ports) and a static server for the baseline app.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { stackEnv } from '../../scripts/lib/demo-env.mjs';
import { startStack } from '../../scripts/lib/stack.mjs';

export const ROOT = join(import.meta.dirname, '..', '..');
export const PORTS = { shell: 8173, remote: 8174, sandbox: 8175, baseline: 8176 };
export const URLS = {
  shell: `http://localhost:${PORTS.shell}`,
  remote: `http://localhost:${PORTS.remote}`,
  sandbox: `http://localhost:${PORTS.sandbox}`,
  baseline: `http://localhost:${PORTS.baseline}`,
};

/** Where the builds write what each chunk is made of (vite.config.base.ts): `<package>.html` and `.json`. */
export const BUNDLE_REPORT_DIR = join(ROOT, 'bench/bundle');

/** Production builds of everything, plus the baseline app with the same vite.config.base.ts. */
export function buildAll(): void {
  const pnpm = existsSync(join(ROOT, '.tools/node_modules/.bin/pnpm')) ? join(ROOT, '.tools/node_modules/.bin/pnpm') : 'pnpm';
  const env = { ...process.env, BUNDLE_REPORT_DIR };
  execFileSync(pnpm, ['build'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--config', 'baseline-app/vite.config.ts', '--logLevel', 'warn'], { cwd: join(ROOT, 'bench'), env, stdio: 'inherit' });
}

/** What `--no-build` needs to exist already; a missing one is named with the way to make it. */
const BUILD_OUTPUTS = ['shell/dist/index.html', 'remotes/connect-host/dist/mf-manifest.json', 'bench/baseline-app/dist/index.html'];

export function assertBuilt(): void {
  const missing = BUILD_OUTPUTS.filter((path) => !existsSync(join(ROOT, path)));
  if (missing.length > 0) {
    throw new Error(`--no-build needs production builds, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: run \`pnpm bench\` once without --no-build.`);
  }
}

/** The stack as `npm start` runs it, on the bench's ports, on a fresh PGlite database of its own. */
export async function startBenchStack() {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'mango-bench-pglite-')), 'data');
  const env = stackEnv({ shell: PORTS.shell, remote: PORTS.remote, sandbox: PORTS.sandbox }, { SANDBOX_ADMIN: '1', BIZ_PGLITE_DIR: dataDir });
  return startStack({ ports: PORTS, env, quiet: true });
}

/** Serves the built baseline app with an SPA fallback, as the edge API serves the shell. */
export function startBaselineServer(): { close: () => void } {
  const dist = join(ROOT, 'bench/baseline-app/dist');
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  const app = new Hono();
  app.use('/assets/*', serveStatic({ root: dist }));
  app.get('*', (c) => c.html(index));
  const server = serve({ fetch: app.fetch, port: PORTS.baseline });
  return { close: () => server.close() };
}

/** The sandbox's test-only admin API (SANDBOX_ADMIN=1 in the bench stack). */
export async function sandboxAdmin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${URLS.sandbox}/__admin${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox admin ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

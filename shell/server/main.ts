// Starts the Biz edge API (and the built shell) on Node. The only place that reads process.env
// and wires the Node adapters (scrypt, file serving) into the portable app.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { ConnectConfigError } from '@mango/connect-shared';
import { createEdgeApp } from './app.js';
import { createDemoDirectory } from './auth/demo-members.js';
import { loadConfig } from './config.js';
import { createScryptHasher } from './node/scrypt-hasher.js';
import { shellStaticFiles } from './node/static-files.js';

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConnectConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const hasher = createScryptHasher();
const directory = await createDemoDirectory(hasher);
const shellDist = resolve(config.shellDist ?? fileURLToPath(new URL('../dist', import.meta.url)));
// In `vite dev` the shell is served by Vite (which proxies /api here), so no build is needed.
const hasBuild = existsSync(resolve(shellDist, 'index.html'));
const app = createEdgeApp(config, { directory, hasher, ...(hasBuild ? { staticFiles: shellStaticFiles(shellDist) } : {}) });

const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  const what = hasBuild ? `shell from ${shellDist}` : `API only: no built shell at ${shellDist}`;
  console.log(`Mango Biz edge API listening on http://localhost:${info.port} (${what})`);
});

const close = () => {
  server.close(() => process.exit(0));
  // Keep-alive connections can hold close() open; do not hang the stack's shutdown on them.
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGINT', close);
process.on('SIGTERM', close);

// Serves a built connect-host remote: `pnpm --filter @mango/connect-host serve` (after `build`).
// REMOTE_PORT (default 5174), REMOTE_HOST (default 127.0.0.1: loopback unless told otherwise) and
// REMOTE_DIST (default ./dist beside this file) configure it.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createRemoteApp } from './server/app.js';

const here = dirname(fileURLToPath(import.meta.url));
const distDir = resolve(process.env.REMOTE_DIST ?? resolve(here, 'dist'));
const port = Number(process.env.REMOTE_PORT ?? 5174);
const hostname = process.env.REMOTE_HOST || '127.0.0.1';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`REMOTE_PORT must be a port number; got "${process.env.REMOTE_PORT}".`);
  process.exit(1);
}
if (!existsSync(resolve(distDir, 'remoteEntry.js'))) {
  console.error(`No connect-host build in ${distDir}: run "pnpm --filter @mango/connect-host build" or point REMOTE_DIST at a build.`);
  process.exit(1);
}

const server = serve({ fetch: createRemoteApp(distDir).fetch, port, hostname }, (info) => {
  console.log(`connect-host remote: http://localhost:${info.port}/mf-manifest.json on ${hostname} (serving ${distDir})`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Starts the Biz API (and the built shell) on Node: the only place that reads process.env.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { ConnectConfigError } from '@mango/connect-shared';
import { startBizServer } from './biz-server.js';
import { loadConfig } from './config.js';
import { DatabaseLockedError, DatabaseUnavailableError } from './db/errors.js';
import { shellStaticFiles } from './node/static-files.js';
import { stopOnSignals } from './node/stop-on-signals.js';

const fail = (message: string) => {
  console.error(message);
  process.exit(1);
};

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConnectConfigError) fail(err.message);
  throw err;
}

const shellDist = resolve(config.shellDist ?? fileURLToPath(new URL('../dist', import.meta.url)));
// In `vite dev` the shell is served by Vite (which proxies /api here), so no build is needed.
const hasBuild = existsSync(resolve(shellDist, 'index.html'));
let server;
try {
  server = await startBizServer({
    config,
    defaultPgliteDir: fileURLToPath(new URL('../../.data/pglite', import.meta.url)),
    ...(hasBuild ? { staticFiles: shellStaticFiles(shellDist) } : {}),
  });
} catch (err) {
  if (err instanceof ConnectConfigError || err instanceof DatabaseLockedError || err instanceof DatabaseUnavailableError) fail(err.message);
  throw err;
}
const what = hasBuild ? `shell from ${shellDist}` : `API only: no built shell at ${shellDist}`;
console.log(`Mango Biz API listening on ${server.url} (${what}; data: ${server.database.where}${server.worker ? '; delivery worker on' : ''})`);

stopOnSignals(() => server.stop());

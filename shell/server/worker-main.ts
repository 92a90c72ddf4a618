// `pnpm worker`: webhook delivery workers and the sync runner's recovery, without the HTTP API, for
// deployments that run them apart from the API instances (BIZ_WORKER=0 there) on one Postgres server.
import { ConnectConfigError } from '@mango/connect-shared';
import { loadConfig } from './config.js';
import { DatabaseUnavailableError } from './db/errors.js';
import { stopOnSignals } from './node/stop-on-signals.js';
import { startWorkerProcess } from './worker-process.js';

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
if (!config.databaseUrl) {
  console.error('pnpm worker needs DATABASE_URL (a Postgres server): with PGlite the API process delivers webhooks itself, and a second process may not open its directory.');
  process.exit(1);
}
let worker;
try {
  worker = await startWorkerProcess(config);
} catch (err) {
  if (err instanceof DatabaseUnavailableError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
console.log(`Mango Biz delivery worker ${worker.id} running (data: ${worker.where})`);
stopOnSignals(() => worker.stop());

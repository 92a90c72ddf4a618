// `node scripts/postgres.mjs [--port <n>]`: a throwaway PostgreSQL server for running the API by hand.
// Prints DATABASE_URL; Ctrl-C stops the server and deletes its data.
import { startThrowawayCluster } from './lib/postgres.mjs';

const portFlag = process.argv.indexOf('--port');
const port = portFlag === -1 ? undefined : Number(process.argv[portFlag + 1]);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error('Usage: node scripts/postgres.mjs [--port <1-65535>]');
  process.exit(2);
}

let cluster;
try {
  cluster = await startThrowawayCluster({ port, log: (line) => console.error(line) });
} catch (err) {
  console.error(`Could not start PostgreSQL: ${err.message}`);
  process.exit(1);
}
console.log(`DATABASE_URL=${cluster.url}`);
console.error('Ctrl-C stops the server and deletes its data.');

const end = async () => {
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', end);
process.on('SIGTERM', end);
// Nothing else keeps the event loop busy while the server runs in its own process.
setInterval(() => {}, 1 << 30);

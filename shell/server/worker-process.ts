import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createConnectApiClient } from '@mango/connect-shared/connect-api';
import { Hono } from 'hono';
import type { BizConfig } from './config.js';
import { startDelivery } from './connect/delivery.js';
import { createSyncRunner } from './connect/sync-runner.js';
import { openDatabase, type Database } from './db/database.js';
import { createSignals } from './events/signals.js';
import { createMetrics } from './ops/metrics.js';
import { opsRoutes } from './routes/ops.js';

const jsonLine = (line: Record<string, unknown>) => console.log(JSON.stringify({ at: new Date().toISOString(), ...line }));

export interface WorkerProcessOptions {
  database?: Database;
  fetch?: typeof fetch;
  log?: (line: Record<string, unknown>) => void;
  pollMs?: number;
  resumeEveryMs?: number;
}

/**
 * A delivery worker process: claims and delivers webhook events from the outbox, and resumes sync
 * runs whose process died. Any number run beside any number of API instances on one Postgres
 * server. `stop()` lets the deliveries in flight finish and hands the sync runs it held back.
 */
export async function startWorkerProcess(config: BizConfig, opts: WorkerProcessOptions = {}) {
  const log = opts.log ?? jsonLine;
  const database = opts.database ?? (await openDatabase({ url: config.databaseUrl, poolSize: config.poolSize, onPoolError: (err) => log({ level: 'warn', msg: 'database connection dropped', error: err.message }) }));
  const signals = createSignals(database);
  await signals.start();
  const connect = createConnectApiClient({ apiUrl: config.connect.apiUrl, webhookSecret: config.secrets.connectWebhook, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  const syncRunner = createSyncRunner({ db: database.db, signals, connect, log });
  const metrics = createMetrics(database.db);
  const delivery = await startDelivery(config, { db: database.db, signals, syncRunner, metrics, log, fetch: opts.fetch, pollMs: opts.pollMs, resumeEveryMs: opts.resumeEveryMs });
  // Health and metrics for whoever runs the workers, on a port of their choosing.
  const ops =
    config.workerPort === undefined
      ? null
      : await new Promise<ServerType>((resolve, reject) => {
          const app = new Hono().route('/', opsRoutes({ db: database.db, metrics, devMode: config.devMode, metricsToken: config.metricsToken }));
          const s = serve({ fetch: app.fetch, port: config.workerPort!, hostname: config.host }, () => resolve(s));
          s.once('error', reject);
        });
  let stopped: Promise<void> | null = null;
  return {
    id: delivery.worker.id,
    where: database.where,
    opsPort: ops ? (ops.address() as AddressInfo).port : null,
    worker: delivery.worker,
    syncRunner,
    stop() {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => (ops ? ops.close(() => resolve()) : resolve()));
        await delivery.stop();
        await syncRunner.stop();
        await signals.stop();
        if (!opts.database) await database.close();
      })();
      return stopped;
    },
  };
}

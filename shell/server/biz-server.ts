import { serve, type ServerType } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import type { AddressInfo } from 'node:net';
import { ConnectConfigError } from '@mango/connect-shared';
import { createConnectApiClient } from '@mango/connect-shared/connect-api';
import { createBizApi, type BizDeps } from './app.js';
import { limitHashing } from './auth/hash-gate.js';
import type { PasswordHasher } from './auth/password.js';
import type { BizConfig } from './config.js';
import { startDelivery } from './connect/delivery.js';
import type { DeliveryWorker } from './connect/delivery-worker.js';
import { createSyncRunner, type SyncRunner } from './connect/sync-runner.js';
import { openDatabase, type Database } from './db/database.js';
import { demoStoresPresent, seedDemoStores } from './demo/seed-demo.js';
import { createSignals } from './events/signals.js';
import { createMetrics } from './ops/metrics.js';
import { createScryptHasher } from './node/scrypt-hasher.js';

export interface BizServerOptions {
  config: BizConfig;
  /** An open database; by default one is opened from the config (DATABASE_URL, else PGlite). */
  database?: Database;
  /** PGlite's directory when the config names none. */
  defaultPgliteDir?: string;
  hasher?: PasswordHasher;
  staticFiles?: MiddlewareHandler;
  /** fetch towards Connect (tests inject faults through it). */
  fetch?: typeof fetch;
  /** One structured line per event worth keeping (a delivery attempt, a sync run); default: JSON on stdout. */
  log?: (line: Record<string, unknown>) => void;
  logError?: BizDeps['logError'];
  /** The delivery worker's poll interval (tests shorten it). */
  workerPollMs?: number;
  /** How often stale sync runs are looked for (default 15 s). */
  resumeEveryMs?: number;
  /** 0 = any free port (tests); default: the config's port. */
  port?: number;
}

export interface BizServer {
  url: string;
  port: number;
  database: Database;
  worker: DeliveryWorker | null;
  syncRunner: SyncRunner;
  stop(): Promise<void>;
}

const jsonLine = (line: Record<string, unknown>) => console.log(JSON.stringify({ at: new Date().toISOString(), ...line }));

/**
 * The Biz API process: opens the database (migrations run on open), seeds the demo stores in demo
 * mode, starts the in-process delivery worker unless BIZ_WORKER=0, resumes sync runs a crash cut
 * off, and serves HTTP. `stop()` finishes the deliveries in flight and hands sync runs back.
 */
export async function startBizServer(opts: BizServerOptions): Promise<BizServer> {
  const { config } = opts;
  const log = opts.log ?? jsonLine;
  const hasher = limitHashing(opts.hasher ?? createScryptHasher());
  const database =
    opts.database ??
    (await openDatabase({
      url: config.databaseUrl,
      pgliteDir: config.pgliteDir ?? opts.defaultPgliteDir ?? 'memory',
      poolSize: config.poolSize,
      onPoolError: (err) => log({ level: 'warn', msg: 'database connection dropped', error: err.message }),
    }));
  const { db } = database;
  try {
    if (config.devMode) {
      const seeded = await seedDemoStores(db, hasher);
      if (seeded.length > 0) log({ msg: 'demo stores seeded', stores: seeded });
    } else {
      const demo = await demoStoresPresent(db);
      if (demo.length > 0) {
        throw new ConnectConfigError(
          `The Biz API cannot start in production mode: the database (${database.where}) holds demo stores (${demo.join(', ')}) whose password is published. Use a database of its own for production, or start with BIZ_DEV_MODE=1 for the demo.`,
        );
      }
    }
  } catch (err) {
    await database.close();
    throw err;
  }

  const signals = createSignals(database);
  await signals.start();
  const connect = createConnectApiClient({
    apiUrl: config.connect.apiUrl,
    webhookSecret: config.secrets.connectWebhook,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const syncRunner = createSyncRunner({ db, signals, connect, log });
  const metrics = createMetrics(db);
  // Delivery, with resuming cut-off sync runs and pruning: a deployment that runs workers apart
  // (BIZ_WORKER=0) has `pnpm worker` do all three.
  const delivery = config.worker
    ? await startDelivery(config, { db, signals, syncRunner, metrics, log, fetch: opts.fetch, pollMs: opts.workerPollMs, resumeEveryMs: opts.resumeEveryMs })
    : null;

  const app = createBizApi(config, { db, signals, hasher, connect, syncRunner, metrics, ...(opts.staticFiles ? { staticFiles: opts.staticFiles } : {}), ...(opts.logError ? { logError: opts.logError } : {}) });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let stopped: Promise<void> | null = null;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    database,
    worker: delivery?.worker ?? null,
    syncRunner,
    stop() {
      stopped ??= (async () => {

        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Event streams stay open until the client goes; shutdown must not wait for them.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await delivery?.stop();
        await syncRunner.stop();
        await signals.stop();
        await database.close();
      })();
      return stopped;
    },
  };
}

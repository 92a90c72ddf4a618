import { createConnectApiClient } from '@mango/connect-shared/connect-api';
import type { BizConfig } from './config.js';
import { createDeliveryWorker } from './connect/delivery-worker.js';
import { createSyncRunner } from './connect/sync-runner.js';
import { openDatabase, type Database } from './db/database.js';
import { createSignals } from './events/signals.js';

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
  const worker = createDeliveryWorker({
    db: database.db,
    signals,
    webhookSecret: config.secrets.connectWebhook,
    trustedOrigins: config.connect.trustedOrigins,
    timeoutMs: config.webhookTimeoutMs,
    retrySchedule: config.webhookRetryScheduleMs,
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    log,
  });
  worker.start();
  const resume = () => syncRunner.resumeStale().catch((err: unknown) => log({ level: 'warn', msg: 'looking for interrupted sync runs failed', error: String(err) }));
  await resume();
  const timer = setInterval(resume, opts.resumeEveryMs ?? 15_000);
  timer.unref();
  let stopped: Promise<void> | null = null;
  return {
    id: worker.id,
    where: database.where,
    worker,
    syncRunner,
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        await worker.stop();
        await syncRunner.stop();
        await signals.stop();
        if (!opts.database) await database.close();
      })();
      return stopped;
    },
  };
}

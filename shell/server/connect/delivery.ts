import type { BizConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { Signals } from '../events/signals.js';
import type { Metrics } from '../ops/metrics.js';
import { createDeliveryWorker, type DeliveryWorker } from './delivery-worker.js';
import { startHousekeeping } from './housekeeping.js';
import type { SyncRunner } from './sync-runner.js';

export interface DeliveryOptions {
  db: Db;
  signals: Signals;
  syncRunner: SyncRunner;
  metrics: Metrics;
  log: (line: Record<string, unknown>) => void;
  fetch?: typeof fetch | undefined;
  pollMs?: number | undefined;
  resumeEveryMs?: number | undefined;
}

export interface Delivery {
  worker: DeliveryWorker;
  /** Stops claiming, lets the deliveries in flight finish, stops the background sweeps. */
  stop(): Promise<void>;
}

/**
 * What a process that delivers webhooks runs, whether the API process (BIZ_WORKER=1) or
 * `pnpm worker`: the delivery worker as the config says, and the housekeeping that goes with it
 * (resuming cut-off sync runs, retention), whose first pass is done before this resolves.
 */
export async function startDelivery(config: BizConfig, opts: DeliveryOptions): Promise<Delivery> {
  const worker = createDeliveryWorker({
    db: opts.db,
    signals: opts.signals,
    webhookSecret: config.secrets.connectWebhook,
    trustedOrigins: config.connect.trustedOrigins,
    timeoutMs: config.webhookTimeoutMs,
    retrySchedule: config.webhookRetryScheduleMs,
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    log: opts.log,
    onAttempt: opts.metrics.recordAttempt,
  });
  worker.start();
  const housekeeping = startHousekeeping({ db: opts.db, syncRunner: opts.syncRunner, retentionDays: config.retentionDays, log: opts.log, ...(opts.resumeEveryMs ? { resumeEveryMs: opts.resumeEveryMs } : {}) });
  await housekeeping.first();
  return {
    worker,
    async stop() {
      housekeeping.stop();
      await worker.stop();
    },
  };
}

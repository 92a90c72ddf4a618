import { deliverWebhook, signedRequestHeaders, type DeliveryOutcome } from '@mango/connect-shared';
import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { outbox, webhookDeliveries, webhookSubscriptions } from '../db/schema.js';
import type { Signals } from '../events/signals.js';
import { isTrustedUrl } from '../config.js';
import { decide, deliveryStatusOf, type Decision } from './decide.js';

export interface DeliveryWorkerOptions {
  db: Db;
  signals: Signals;
  webhookSecret: string;
  /** Only URLs on these origins are ever called, whatever a subscription row says. */
  trustedOrigins: readonly string[];
  /** Per-attempt time Connect has to answer (default: the shared 15 s). */
  timeoutMs?: number | undefined;
  /** Replaces the shared retry schedule (a test deploy compresses hours to seconds). */
  retrySchedule?: readonly number[] | undefined;
  /** Events claimed per round (default 50). */
  batchSize?: number;
  /** Deliveries in flight at once (default 4); an entity's events are never in flight together. */
  concurrency?: number;
  /** How long a claim holds an event before another worker may take it (default 60 s). */
  leaseMs?: number;
  /** Longest sleep between rounds when nothing wakes the worker (default 1 s). */
  pollMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  log?: (line: Record<string, unknown>) => void;
}

interface Claimed {
  id: string;
  store_id: string;
  subscription_id: string;
  entity_id: string;
  event: string;
  body: string;
  attempts: number;
  url: string;
}

/**
 * The webhook delivery worker: the outbox row is the job. Each round claims, for every entity, only
 * its oldest pending event (FOR UPDATE SKIP LOCKED, under a lease), so any number of workers keep
 * per-entity order and a crashed worker's events come back when its lease runs out. Each claimed
 * event is signed and POSTed once to its subscription's URL; the attempt is recorded with the
 * event's new state in one transaction. Wakes on commit (signals), polls as a fallback.
 */
export function createDeliveryWorker(opts: DeliveryWorkerOptions) {
  const { db, signals } = opts;
  const id = `worker_${crypto.randomUUID()}`;
  const now = opts.now ?? Date.now;
  const batchSize = opts.batchSize ?? 50;
  const concurrency = opts.concurrency ?? 4;
  const leaseMs = opts.leaseMs ?? Math.max(60_000, (opts.timeoutMs ?? 15_000) * 2);
  const pollMs = opts.pollMs ?? 1_000;
  const log = opts.log ?? (() => {});
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let again = false;
  let stopSignals: (() => void) | null = null;

  async function claim(): Promise<Claimed[]> {
    const at = new Date(now());
    const until = new Date(at.getTime() + leaseMs);
    return rows<Claimed>(
      db,
      sql`
      WITH due AS (
        SELECT o.id FROM outbox o
        JOIN webhook_subscriptions s ON s.id = o.subscription_id AND s.active
        WHERE o.status = 'pending' AND o.next_attempt_at <= ${at}
          AND (o.lease_until IS NULL OR o.lease_until < ${at})
          AND NOT EXISTS (
            SELECT 1 FROM outbox p
            WHERE p.status = 'pending' AND p.store_id = o.store_id AND p.entity_type = o.entity_type
              AND p.entity_id = o.entity_id AND p.seq < o.seq)
        ORDER BY o.next_attempt_at, o.seq
        LIMIT ${batchSize}
        FOR UPDATE OF o SKIP LOCKED)
      UPDATE outbox SET lease_owner = ${id}, lease_until = ${until}
      FROM due, webhook_subscriptions s
      WHERE outbox.id = due.id AND s.id = outbox.subscription_id
      RETURNING outbox.id, outbox.store_id, outbox.subscription_id, outbox.entity_id, outbox.event, outbox.body, outbox.attempts, s.url`,
    );
  }

  async function attempt(e: Claimed): Promise<DeliveryOutcome> {
    if (!isTrustedUrl(e.url, opts.trustedOrigins)) {
      return { ok: false, status: null, attempts: 0, durationMs: 0, retryable: false, bodyExcerpt: '', error: `the webhook URL ${e.url} is not on a trusted Mango Connect origin` };
    }
    const headers = await signedRequestHeaders({ id: e.id, rawBody: e.body, secret: opts.webhookSecret });
    return deliverWebhook({
      url: e.url,
      rawBody: e.body,
      headers,
      policy: { attempts: 1, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) },
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  }

  /** Records one attempt and the event's new state together, so the log and the outbox agree. */
  async function record(e: Claimed, outcome: DeliveryOutcome, sentAt: number, decision: Decision): Promise<void> {
    const at = new Date(now());
    await db.transaction(async (tx) => {
      const ours = and(eq(outbox.id, e.id), eq(outbox.leaseOwner, id));
      const lease = { leaseOwner: null, leaseUntil: null };
      if (decision.kind === 'delivered') {
        await tx.update(outbox).set({ ...lease, status: 'done', attempts: decision.attempts, doneAt: at, lastError: null }).where(ours);
      } else if (decision.kind === 'retry') {
        await tx.update(outbox).set({ ...lease, attempts: decision.attempts, nextAttemptAt: new Date(decision.nextAttemptAt), lastError: decision.reason }).where(ours);
      } else {
        await tx.update(outbox).set({ ...lease, status: 'dead', attempts: decision.attempts, lastError: decision.reason }).where(ours);
      }
      await tx.insert(webhookDeliveries).values({
        id: `dlv_${crypto.randomUUID()}`,
        storeId: e.store_id,
        subscriptionId: e.subscription_id,
        eventId: e.id,
        event: e.event,
        entityId: e.entity_id,
        status: deliveryStatusOf(decision),
        responseCode: outcome.status,
        responseBody: outcome.bodyExcerpt.slice(0, 500),
        sentAt: new Date(sentAt),
        attempt: decision.attempts,
        durationMs: outcome.durationMs,
        error: decision.kind === 'delivered' ? null : decision.reason,
      });
      await tx
        .update(webhookSubscriptions)
        .set({
          failureCount: decision.kind === 'delivered' ? 0 : sql`${webhookSubscriptions.failureCount} + 1`,
          lastDeliveryAt: at,
          updatedAt: at,
          ...(decision.kind === 'dead' && decision.deactivateSubscription ? { active: false, deactivatedReason: decision.reason } : {}),
        })
        .where(eq(webhookSubscriptions.id, e.subscription_id));
      await signals.announce(tx, { storeId: e.store_id, deliveries: true });
    });
    signals.committed({ storeId: e.store_id, deliveries: true });
    log({
      msg: 'webhook delivery attempt',
      eventId: e.id,
      storeId: e.store_id,
      event: e.event,
      attempt: decision.attempts,
      outcome: decision.kind,
      status: outcome.status,
      durationMs: outcome.durationMs,
      ...(decision.kind === 'delivered' ? {} : { reason: decision.reason }),
    });
  }

  async function deliver(e: Claimed): Promise<void> {
    const sentAt = now();
    const outcome = await attempt(e);
    await record(e, outcome, sentAt, decide(e.attempts, outcome, now(), opts.retrySchedule));
  }

  /** Claims and delivers until nothing is due; answers how many attempts were made. */
  async function runOnce(): Promise<number> {
    let made = 0;
    for (;;) {
      const claimed = await claim();
      if (claimed.length === 0) return made;
      const queue = [...claimed];
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
          for (let e = queue.shift(); e; e = queue.shift()) await deliver(e);
        }),
      );
      made += claimed.length;
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function run(): Promise<void> {
    while (running) {
      again = false;
      try {
        await runOnce();
      } catch (err) {
        log({ msg: isDatabaseUnavailable(err) ? 'delivery worker: database unavailable, retrying' : 'delivery worker error', error: err instanceof Error ? err.message : String(err) });
      }
      if (running && !again) await sleep(pollMs);
    }
  }

  return {
    id,
    runOnce,
    start() {
      if (running) return;
      running = true;
      stopSignals = signals.onSignal((s) => {
        if (!s.outbox) return;
        again = true;
        wake?.();
      });
      loop = run();
    },
    /** Stops claiming; resolves once the deliveries in flight have been recorded. */
    async stop(): Promise<void> {
      running = false;
      stopSignals?.();
      stopSignals = null;
      wake?.();
      await loop;
      loop = null;
    },
  };
}
export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;

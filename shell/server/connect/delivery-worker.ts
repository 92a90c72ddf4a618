import { deliverWebhook, signedRequestHeaders, type DeliveryOutcome } from '@mango/connect-shared';
import { and, eq, gt, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { outbox, webhookDeliveries, webhookSubscriptions } from '../db/schema.js';
import type { Signals } from '../events/signals.js';
import { isTrustedUrl } from '../config.js';
import { DEFAULT_CIRCUIT_POLICY, isUnreachable, stepCircuit, type Circuit, type CircuitPolicy } from './circuit.js';
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
  /** Events claimed at most per claim (default 50). */
  batchSize?: number;
  /** Deliveries in flight at once (default 4); an entity's events are never in flight together. */
  concurrency?: number;
  /**
   * How long a claim holds an event before another worker may take it (default: twice the attempt
   * timeout, at least 10 s). Renewed just before each send, so it only has to cover one attempt.
   */
  leaseMs?: number;
  /** Longest sleep between rounds when nothing wakes the worker (default 1 s). */
  pollMs?: number;
  /** When a destination's circuit opens and how often it is probed. */
  circuit?: CircuitPolicy;
  fetch?: typeof fetch;
  now?: () => number;
  log?: (line: Record<string, unknown>) => void;
  /** Told of every attempt's outcome and duration (the process's metrics). */
  onAttempt?: (outcome: 'delivered' | 'retry' | 'dead' | 'probe_failed', durationMs: number) => void;
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
  /** Sent to test an open circuit's destination: its failure is the destination's, not the event's. */
  probe?: boolean;
}

/**
 * The webhook delivery worker: the outbox row is the job. Each round claims, for every entity, only
 * its oldest pending event (FOR UPDATE SKIP LOCKED, under a lease), so any number of workers keep
 * per-entity order and a crashed worker's events come back when its lease runs out. Each claimed
 * event is signed and POSTed once to its subscription's URL; the attempt is recorded with the
 * event's new state in one transaction. Wakes on commit (signals), polls as a fallback.
 *
 * Each destination (subscription) has a circuit breaker: after repeated failures it opens and only
 * one probe goes out every few seconds (a probe's failure costs its event no attempt); the moment
 * the destination answers again — a probe or any delivery — every event waiting in backoff for it is
 * due at once, so the backlog of an outage that ended goes out in seconds, not on the schedule.
 */
export function createDeliveryWorker(opts: DeliveryWorkerOptions) {
  const { db, signals } = opts;
  const id = `worker_${crypto.randomUUID()}`;
  const now = opts.now ?? Date.now;
  const batchSize = opts.batchSize ?? 50;
  const concurrency = opts.concurrency ?? 4;
  const leaseMs = opts.leaseMs ?? Math.max(10_000, (opts.timeoutMs ?? 15_000) * 2);
  const pollMs = opts.pollMs ?? 1_000;
  const circuitPolicy = opts.circuit ?? DEFAULT_CIRCUIT_POLICY;
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
        JOIN webhook_subscriptions s ON s.id = o.subscription_id AND s.active AND s.circuit = 'closed'
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

  /**
   * For each destination whose circuit is open and due a probe (or whose probe was lost with its
   * worker), marks it half-open and claims its oldest waiting head event, whatever its backoff: the
   * probe tests the destination, so any event will do, and the oldest is what a recovery needs first.
   */
  async function claimProbes(): Promise<Claimed[]> {
    const at = new Date(now());
    const until = new Date(at.getTime() + leaseMs);
    const probed = await rows<{ id: string }>(
      db,
      sql`
      UPDATE webhook_subscriptions SET circuit = 'half_open', probe_at = ${until}
      WHERE id IN (
        SELECT id FROM webhook_subscriptions
        WHERE active AND circuit <> 'closed' AND probe_at <= ${at}
        FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    );
    const claimed: Claimed[] = [];
    for (const { id: subscriptionId } of probed) {
      const [event] = await rows<Claimed>(
        db,
        sql`
        WITH head AS (
          SELECT o.id FROM outbox o
          WHERE o.subscription_id = ${subscriptionId} AND o.status = 'pending'
            AND (o.lease_until IS NULL OR o.lease_until < ${at})
            AND NOT EXISTS (
              SELECT 1 FROM outbox p
              WHERE p.status = 'pending' AND p.store_id = o.store_id AND p.entity_type = o.entity_type
                AND p.entity_id = o.entity_id AND p.seq < o.seq)
          ORDER BY o.seq
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED)
        UPDATE outbox SET lease_owner = ${id}, lease_until = ${until}
        FROM head, webhook_subscriptions s
        WHERE outbox.id = head.id AND s.id = outbox.subscription_id
        RETURNING outbox.id, outbox.store_id, outbox.subscription_id, outbox.entity_id, outbox.event, outbox.body, outbox.attempts, s.url`,
      );
      if (event) claimed.push({ ...event, probe: true });
      // Nothing waits for this destination: nothing to probe with, and nothing to hold back.
      else await db.update(webhookSubscriptions).set({ circuit: 'closed', probeAt: null, probeIntervalMs: 0 }).where(eq(webhookSubscriptions.id, subscriptionId));
    }
    return claimed;
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

  /**
   * Records one attempt, the event's new state and the destination's health together, so the log,
   * the outbox and the circuit agree; when the destination answered again after trouble, every
   * event waiting in backoff for it becomes due now.
   */
  async function record(e: Claimed, outcome: DeliveryOutcome, sentAt: number, decision: Decision): Promise<void> {
    const at = new Date(now());
    // A failed probe says the destination is still down; the event keeps its attempts and backoff.
    const probeFailed = e.probe === true && decision.kind !== 'delivered' && isUnreachable(outcome);
    let healed = false;
    await db.transaction(async (tx) => {
      if (isUnreachable(outcome)) {
        // Trouble: the breaker needs the destination's state, under a lock, to count this failure.
        const [sub] = await tx
          .select({ circuit: webhookSubscriptions.circuit, failures: webhookSubscriptions.failureCount, probeAt: webhookSubscriptions.probeAt, probeIntervalMs: webhookSubscriptions.probeIntervalMs })
          .from(webhookSubscriptions)
          .where(eq(webhookSubscriptions.id, e.subscription_id))
          .for('update');
        const current: Circuit = sub ? { state: sub.circuit, failures: sub.failures, probeAt: sub.probeAt?.getTime() ?? null, probeIntervalMs: sub.probeIntervalMs } : { state: 'closed', failures: 0, probeAt: null, probeIntervalMs: 0 };
        const { next } = stepCircuit(e.probe ? { ...current, state: 'half_open' } : current, outcome, at.getTime(), circuitPolicy);
        await tx
          .update(webhookSubscriptions)
          .set({ failureCount: next.failures, circuit: next.state, probeAt: next.probeAt === null ? null : new Date(next.probeAt), probeIntervalMs: next.probeIntervalMs, updatedAt: at })
          .where(eq(webhookSubscriptions.id, e.subscription_id));
      } else {
        // The destination answered. Only a destination that had trouble is written (and locked):
        // on the healthy path every delivery would otherwise queue on its subscription's row.
        const recovered = await tx
          .update(webhookSubscriptions)
          .set({ failureCount: 0, circuit: 'closed', probeAt: null, probeIntervalMs: 0, updatedAt: at })
          .where(and(eq(webhookSubscriptions.id, e.subscription_id), sql`(${webhookSubscriptions.failureCount} > 0 OR ${webhookSubscriptions.circuit} <> 'closed')`))
          .returning({ id: webhookSubscriptions.id });
        healed = recovered.length > 0;
        if (decision.kind === 'dead' && decision.deactivateSubscription) {
          await tx.update(webhookSubscriptions).set({ active: false, deactivatedReason: decision.reason, updatedAt: at }).where(eq(webhookSubscriptions.id, e.subscription_id));
        }
      }
      const ours = and(eq(outbox.id, e.id), eq(outbox.leaseOwner, id));
      const lease = { leaseOwner: null, leaseUntil: null };
      if (probeFailed) {
        await tx.update(outbox).set({ ...lease, lastError: `probe: ${decision.reason}` }).where(ours);
      } else if (decision.kind === 'delivered') {
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
        status: probeFailed ? 'retrying' : deliveryStatusOf(decision),
        responseCode: outcome.status,
        responseBody: outcome.bodyExcerpt.slice(0, 500),
        sentAt: new Date(sentAt),
        attempt: probeFailed ? e.attempts : decision.attempts,
        durationMs: outcome.durationMs,
        error: decision.kind === 'delivered' ? null : probeFailed ? `probe of a destination that is down: ${decision.reason}` : decision.reason,
      });
      if (healed) {
        await tx.execute(sql`UPDATE outbox SET next_attempt_at = ${at} WHERE subscription_id = ${e.subscription_id} AND status = 'pending' AND next_attempt_at > ${at}`);
      }
      await signals.announce(tx, { storeId: e.store_id, deliveries: true, ...(healed ? { outbox: true } : {}) });
    });
    signals.committed({ storeId: e.store_id, deliveries: true, ...(healed ? { outbox: true } : {}) });
    opts.onAttempt?.(probeFailed ? 'probe_failed' : decision.kind, outcome.durationMs);
    log({
      msg: 'webhook delivery attempt',
      eventId: e.id,
      storeId: e.store_id,
      event: e.event,
      attempt: probeFailed ? e.attempts : decision.attempts,
      outcome: probeFailed ? 'probe_failed' : decision.kind,
      status: outcome.status,
      durationMs: outcome.durationMs,
      ...(decision.kind === 'delivered' ? {} : { reason: decision.reason }),
      ...(healed ? { healed: true } : {}),
    });
  }

  /**
   * Renews this worker's lease on an event just before sending it, and answers false when the lease
   * was lost (this worker stalled past it and another took the event): sending then could put the
   * event after a later one of its entity that the other worker has already sent.
   */
  async function stillOurs(e: Claimed): Promise<boolean> {
    const at = new Date(now());
    const renewed = await db
      .update(outbox)
      .set({ leaseUntil: new Date(at.getTime() + leaseMs) })
      .where(and(eq(outbox.id, e.id), eq(outbox.leaseOwner, id), eq(outbox.status, 'pending'), gt(outbox.leaseUntil, at)))
      .returning({ id: outbox.id });
    return renewed.length === 1;
  }

  async function deliver(e: Claimed): Promise<void> {
    if (!(await stillOurs(e))) {
      log({ level: 'warn', msg: 'webhook lease lost before sending; another worker has the event', eventId: e.id, storeId: e.store_id });
      return;
    }
    const sentAt = now();
    const outcome = await attempt(e);
    await record(e, outcome, sentAt, decide(e.attempts, outcome, now(), opts.retrySchedule));
  }

  /**
   * Claims and delivers until nothing is due; answers how many attempts were made. Lanes refill as
   * they free up: one slow attempt (a timeout) holds up only its own lane, and an entity's next
   * event is claimable the moment its previous one is recorded.
   */
  async function runOnce(): Promise<number> {
    let made = 0;
    let inFlight = 0;
    const queue: Claimed[] = [];
    let claiming: Promise<number> | null = null;
    // Lanes with nothing to do wait here for a delivery in another lane to finish: its entity's
    // next event may be claimable then.
    let settled: () => void = () => {};
    let nextSettle = new Promise<void>((r) => (settled = r));
    const refill = () =>
      (claiming ??= (async () => {
        const claimed = [...(await claimProbes()), ...(await claim())];
        queue.push(...claimed);
        return claimed.length;
      })().finally(() => {
        claiming = null;
      }));
    let failure: unknown = null;
    const lane = async () => {
      while (failure === null) {
        const e = queue.shift();
        if (!e) {
          let found: number;
          try {
            found = await refill();
          } catch (err) {
            failure ??= err;
            return;
          }
          if (found > 0) continue;
          if (inFlight === 0) return;
          await nextSettle;
          continue;
        }
        inFlight++;
        try {
          await deliver(e);
          made++;
        } catch (err) {
          // The database failed under us: every lane stops; the loop tries again after a pause,
          // and events left claimed come back when their lease runs out.
          failure ??= err;
        } finally {
          inFlight--;
          const wake = settled;
          nextSettle = new Promise<void>((r) => (settled = r));
          wake();
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    if (failure !== null) throw failure;
    return made;
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
      const stopOutbox = signals.onSignal((s) => {
        if (!s.outbox) return;
        again = true;
        wake?.();
      });
      const stopResync = signals.onResync(() => {
        again = true;
        wake?.();
      });
      stopSignals = () => {
        stopOutbox();
        stopResync();
      };
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

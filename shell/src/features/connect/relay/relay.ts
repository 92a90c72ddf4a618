import type { OutboxEvent, WebhookDelivery } from '@mango/connect-shared';
import { getMany, type BizDb } from '../../../db/db';
import type { OutboxRecord } from '../../../db/types';
import { readConnectRecord } from '../integration-record';
import { notifyOutbox } from '../outbox/signal';
import { createBatchGate } from '@mango/connect-shared/webhooks';
import { applyDecision, decide, deliveryStatusOf, selectDue, nextWakeAt, toBatches, type Decision, type SendResult } from './decide';

/** Hands one event to the edge API for signing and delivery. Never throws: failures are values. */
export type SendEvent = (event: OutboxEvent, webhookUrl: string) => Promise<SendResult>;

/**
 * Hands several events (of different entities) to the edge API in one request; answers one result
 * per event, in order. Never throws: a failed request is one api-error result per event.
 */
export type SendEvents = (events: OutboxEvent[], webhookUrl: string) => Promise<SendResult[]>;

export interface RelayDeps {
  db: BizDb;
  storeId: string;
  /** Batch sender (the edge API's batch route). */
  sendBatch?: SendEvents;
  /** Single-event sender; used, one event after another, when there is no `sendBatch`. */
  send?: SendEvent;
  now?: () => number;
  /** Requests in flight at once; each entity stays strictly sequential. */
  concurrency?: number;
  isOnline?: () => boolean;
  /** The retry schedule in force (from the runtime config); undefined = the shared default. */
  retrySchedule?: () => readonly number[] | undefined;
  /**
   * Least time between the starts of two rounds (real time; default 0). While writes keep coming,
   * a round that follows at once would find one new event each time and pay a request and a
   * transaction for it; a small gap lets each round carry what was written meanwhile.
   */
  roundGapMs?: number;
  /** Told once per recorded batch, with its attempts, so the deliveries log can refresh. */
  onAttempt?: (attempts: readonly { decision: Decision; event: OutboxRecord }[]) => void;
}

const EXCERPT = 500;

/** The wire shape the edge API validates: the event without the relay's bookkeeping. */
export function toWireEvent(e: OutboxRecord): OutboxEvent {
  return { id: e.id, entityType: e.entityType, entityId: e.entityId, seq: e.seq, payload: e.payload };
}

/** A batch sender made of a single-event one, with the edge API's stop rules (the shared batch gate). */
export function sequentialBatch(send: SendEvent): SendEvents {
  return async (events, webhookUrl) => {
    const results: SendResult[] = [];
    const gate = createBatchGate(Date.now());
    for (const event of events) {
      const skip = gate.check(Date.now());
      if (skip) {
        results.push({ type: 'skipped', ...skip });
        continue;
      }
      const result = await send(event, webhookUrl);
      if (result.type === 'outcome') gate.record(result.outcome);
      results.push(result);
    }
    return results;
  };
}

const utf8 = new TextEncoder();
const wireBytes = (e: OutboxRecord) => utf8.encode(JSON.stringify(toWireEvent(e))).length;

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(size, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  });
  await Promise.all(workers);
}

interface Attempt {
  event: OutboxRecord;
  result: SendResult;
  decision: Decision;
}

function deliveryRecord(a: Attempt & { decision: Exclude<Decision, { kind: 'postponed' }> }, subscriptionId: string, sentAt: number, now: number): WebhookDelivery {
  const { event, result, decision } = a;
  const answered = result.type === 'outcome';
  return {
    id: crypto.randomUUID(),
    subscriptionId,
    eventId: event.id,
    event: event.payload.event,
    entityId: event.entityId,
    status: deliveryStatusOf(decision),
    responseCode: answered ? result.outcome.status : result.type === 'api-error' ? result.status : null,
    responseBody: (answered ? result.outcome.bodyExcerpt : result.type === 'api-error' ? result.message : result.reason).slice(0, EXCERPT),
    sentAt: new Date(sentAt).toISOString(),
    attempt: decision.attempts,
    durationMs: answered ? result.outcome.durationMs : now - sentAt,
    ...(decision.kind === 'delivered' ? {} : { error: decision.reason }),
  };
}

/**
 * Records a batch's attempts and applies their decisions in one transaction, so state and log
 * agree. Postponed events (not attempted) get no delivery record and keep their attempt count.
 */
async function recordBatch(deps: RelayDeps, attempts: readonly Attempt[], subscriptionId: string, sentAt: number): Promise<void> {
  const { db } = deps;
  const now = deps.now?.() ?? Date.now();
  const nowIso = new Date(now).toISOString();
  const made = attempts.filter((a): a is Attempt & { decision: Exclude<Decision, { kind: 'postponed' }> } => a.decision.kind !== 'postponed');
  await db.write(['outbox', 'webhookDeliveries', 'webhookSubscriptions'], async (tx) => {
    const deliveries = tx.objectStore('webhookDeliveries');
    const outbox = tx.objectStore('outbox');
    // Every request of the batch goes out before the first wait: the outbox stays locked for one
    // round of requests, and every change made meanwhile waits behind it (pnpm bench).
    // Re-read inside the transaction rather than trusting the copy from before the send.
    const [current, sub] = await Promise.all([
      getMany(tx, 'outbox', attempts.map((a) => a.event.id)),
      made.length > 0 ? tx.objectStore('webhookSubscriptions').get(subscriptionId) : undefined,
      Promise.all(made.map((a) => deliveries.add(deliveryRecord(a, subscriptionId, sentAt, now)))),
    ]);
    await Promise.all(attempts.flatMap(({ decision }, i) => (current[i] ? [outbox.put(applyDecision(current[i], decision, nowIso))] : [])));
    if (made.length === 0 || !sub) return;
    // Consecutive failures, in the order the attempts were made.
    const failureCount = made.reduce((n, a) => (a.decision.kind === 'delivered' ? 0 : n + 1), sub.failureCount);
    const gone = made.find((a) => a.decision.kind === 'dead' && a.decision.deactivateSubscription);
    await tx.objectStore('webhookSubscriptions').put({
      ...sub,
      failureCount,
      lastDeliveryAt: nowIso,
      updatedAt: nowIso,
      ...(gone && gone.decision.kind === 'dead' ? { active: false, deactivatedReason: gone.decision.reason } : {}),
    });
  });
  if (made.length > 0) deps.onAttempt?.(made);
}

/**
 * Sends every due event until nothing is due, oldest first, one event per entity at a time.
 * Returns how many attempts were made. Safe to call again at any time: all state is in IndexedDB, so
 * an attempt cut off by a reload is simply repeated with the same event id (at-least-once).
 */
export async function runRelayOnce(deps: RelayDeps): Promise<number> {
  return (await runRelay(deps)).attempts;
}

/**
 * runRelayOnce, also answering when the relay should look again (the earliest scheduled retry, or
 * null), from the outbox read that found nothing due — so the runner needs no second full read.
 * Due events go out in batches (one request carries up to 50 events of different entities), so
 * a backlog costs one browser round trip and one transaction per batch, not per event.
 */
export async function runRelay(deps: RelayDeps): Promise<{ attempts: number; nextWakeAt: number | null }> {
  const { db, storeId } = deps;
  const concurrency = deps.concurrency ?? 4;
  const sendBatch = deps.sendBatch ?? (deps.send ? sequentialBatch(deps.send) : null);
  if (!sendBatch) throw new Error('The outbox relay needs a sender (sendBatch or send).');
  const clock = () => deps.now?.() ?? Date.now();
  const gap = deps.roundGapMs ?? 0;
  let attempts = 0;
  let roundStartedAt = 0;
  for (;;) {
    const wait = roundStartedAt + gap - Date.now();
    if (roundStartedAt > 0 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    roundStartedAt = Date.now();
    if (deps.isOnline && !deps.isOnline()) return { attempts, nextWakeAt: null };
    const integration = await readConnectRecord(db, storeId);
    const subId = integration?.config.enabled ? integration.config.webhookSubscriptionId : undefined;
    if (!subId) return { attempts, nextWakeAt: null };
    const sub = await db.get('webhookSubscriptions', subId);
    if (!sub?.active) return { attempts, nextWakeAt: null };
    const pending = await db.getAllFromIndex('outbox', 'status', 'pending');
    const due = selectDue(pending, clock());
    if (due.length === 0) return { attempts, nextWakeAt: nextWakeAt(pending) };
    let deactivated = false;
    await pool(toBatches(due, concurrency, wireBytes), concurrency, async (batch) => {
      // A 410 within this round stops the rest of it: the endpoint is gone for every entity.
      if (deactivated) return;
      const sentAt = clock();
      const results = await sendBatch(batch.map(toWireEvent), sub.url);
      const now = clock();
      const decided: Attempt[] = batch.map((event, i) => {
        const result: SendResult = results[i] ?? { type: 'api-error', status: null, retryable: true, message: 'The Mango Biz server answered fewer results than events sent.' };
        return { event, result, decision: decide(event, result, now, deps.retrySchedule?.()) };
      });
      // Skipped after silence: wait as long as the attempts that found Connect silent. Skipped for
      // time: due again at once, in the next round.
      const wait = Math.max(now, ...decided.map((a) => (a.decision.kind === 'retry' ? a.decision.nextAttemptAt : now)));
      const settled = decided.map((a) =>
        a.decision.kind === 'postponed' && a.result.type === 'skipped' && a.result.kind === 'silence' ? { ...a, decision: { ...a.decision, nextAttemptAt: wait } } : a,
      );
      attempts += settled.filter((a) => a.decision.kind !== 'postponed').length;
      if (settled.some((a) => a.decision.kind === 'dead' && a.decision.deactivateSubscription)) deactivated = true;
      await recordBatch(deps, settled, sub.id, sentAt);
    });
  }
}

/** Puts a dead-lettered event back in the outbox, due now, and wakes the relay. */
export async function redeliver(db: BizDb, eventId: string, now = Date.now()): Promise<void> {
  const event = await db.write(['outbox'], async (tx) => {
    const found = await tx.objectStore('outbox').get(eventId);
    if (found?.status === 'dead') {
      const { lastError: _dropped, ...rest } = found;
      await tx.objectStore('outbox').put({ ...rest, status: 'pending', attempts: 0, nextAttemptAt: now });
      return null;
    }
    return found ?? undefined;
  });
  if (event !== null) {
    throw new Error(event ? `Event ${eventId} is ${event.status === 'done' ? 'already delivered' : 'already waiting to be sent'}; nothing to redeliver.` : `Event ${eventId} is not in this store's outbox.`);
  }
  notifyOutbox();
}

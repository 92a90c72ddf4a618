import type { OutboxEvent, WebhookDelivery } from '@mango/connect-shared';
import type { BizDb } from '../../../db/db';
import type { OutboxRecord } from '../../../db/types';
import { readConnectRecord } from '../integration-record';
import { notifyOutbox } from '../outbox/signal';
import { decide, deliveryStatusOf, selectDue, nextWakeAt, type Decision, type SendResult } from './decide';

/** Hands one event to the edge API for signing and delivery. Never throws: failures are values. */
export type SendEvent = (event: OutboxEvent, webhookUrl: string) => Promise<SendResult>;

export interface RelayDeps {
  db: BizDb;
  storeId: string;
  send: SendEvent;
  now?: () => number;
  /** Events of different entities in flight at once; each entity stays strictly sequential. */
  concurrency?: number;
  isOnline?: () => boolean;
  /** The retry schedule in force (from the runtime config); undefined = the shared default. */
  retrySchedule?: () => readonly number[] | undefined;
  /** Told after each recorded attempt, so the deliveries log can refresh. */
  onAttempt?: (decision: Decision, event: OutboxRecord) => void;
}

const EXCERPT = 500;

/** The wire shape the edge API validates: the event without the relay's bookkeeping. */
export function toWireEvent(e: OutboxRecord): OutboxEvent {
  return { id: e.id, entityType: e.entityType, entityId: e.entityId, seq: e.seq, payload: e.payload };
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(size, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  });
  await Promise.all(workers);
}

/** Records the attempt and applies the decision in one transaction, so state and log agree. */
async function record(deps: RelayDeps, event: OutboxRecord, subscriptionId: string, result: SendResult, decision: Decision, sentAt: number): Promise<void> {
  const { db } = deps;
  const now = deps.now?.() ?? Date.now();
  const delivery: WebhookDelivery = {
    id: crypto.randomUUID(),
    subscriptionId,
    eventId: event.id,
    event: event.payload.event,
    entityId: event.entityId,
    status: deliveryStatusOf(decision),
    responseCode: result.type === 'outcome' ? result.outcome.status : result.status,
    responseBody: (result.type === 'outcome' ? result.outcome.bodyExcerpt : result.message).slice(0, EXCERPT),
    sentAt: new Date(sentAt).toISOString(),
    attempt: decision.attempts,
    durationMs: result.type === 'outcome' ? result.outcome.durationMs : now - sentAt,
    ...(decision.kind === 'delivered' ? {} : { error: decision.reason }),
  };
  await db.transaction('rw', [db.outbox, db.webhookDeliveries, db.webhookSubscriptions], async () => {
    await db.webhookDeliveries.add(delivery);
    const nowIso = new Date(now).toISOString();
    if (decision.kind === 'delivered') {
      await db.outbox.update(event.id, { status: 'done', attempts: decision.attempts, doneAt: nowIso, lastError: undefined });
    } else if (decision.kind === 'retry') {
      await db.outbox.update(event.id, { attempts: decision.attempts, nextAttemptAt: decision.nextAttemptAt, lastError: decision.reason });
    } else {
      await db.outbox.update(event.id, { status: 'dead', attempts: decision.attempts, lastError: decision.reason });
    }
    const sub = await db.webhookSubscriptions.get(subscriptionId);
    if (sub) {
      await db.webhookSubscriptions.put({
        ...sub,
        failureCount: decision.kind === 'delivered' ? 0 : sub.failureCount + 1,
        lastDeliveryAt: nowIso,
        updatedAt: nowIso,
        ...(decision.kind === 'dead' && decision.deactivateSubscription ? { active: false, deactivatedReason: decision.reason } : {}),
      });
    }
  });
  deps.onAttempt?.(decision, event);
}

/**
 * Sends every due event until nothing is due, oldest first, one event per entity at a time.
 * Returns how many attempts were made. Safe to call again at any time: all state is in Dexie, so
 * an attempt cut off by a reload is simply repeated with the same event id (at-least-once).
 */
export async function runRelayOnce(deps: RelayDeps): Promise<number> {
  return (await runRelay(deps)).attempts;
}

/**
 * runRelayOnce, also answering when the relay should look again (the earliest scheduled retry, or
 * null), from the outbox read that found nothing due — so the runner needs no second full read.
 */
export async function runRelay(deps: RelayDeps): Promise<{ attempts: number; nextWakeAt: number | null }> {
  const { db, storeId } = deps;
  const concurrency = deps.concurrency ?? 4;
  let attempts = 0;
  for (;;) {
    if (deps.isOnline && !deps.isOnline()) return { attempts, nextWakeAt: null };
    const integration = await readConnectRecord(db, storeId);
    const subId = integration?.config.enabled ? integration.config.webhookSubscriptionId : undefined;
    if (!subId) return { attempts, nextWakeAt: null };
    const sub = await db.webhookSubscriptions.get(subId);
    if (!sub?.active) return { attempts, nextWakeAt: null };
    const pending = await db.outbox.where('status').equals('pending').toArray();
    const due = selectDue(pending, deps.now?.() ?? Date.now());
    if (due.length === 0) return { attempts, nextWakeAt: nextWakeAt(pending) };
    let deactivated = false;
    await pool(due, concurrency, async (event) => {
      // A 410 within this round stops the rest of it: the endpoint is gone for every entity.
      if (deactivated) return;
      const sentAt = deps.now?.() ?? Date.now();
      const result = await deps.send(toWireEvent(event), sub.url);
      const decision = decide(event, result, deps.now?.() ?? Date.now(), deps.retrySchedule?.());
      attempts += 1;
      if (decision.kind === 'dead' && decision.deactivateSubscription) deactivated = true;
      await record(deps, event, sub.id, result, decision, sentAt);
    });
  }
}

/** Puts a dead-lettered event back in the outbox, due now, and wakes the relay. */
export async function redeliver(db: BizDb, eventId: string, now = Date.now()): Promise<void> {
  const changed = await db.outbox.where('id').equals(eventId).and((e) => e.status === 'dead').modify({ status: 'pending', attempts: 0, nextAttemptAt: now, lastError: undefined });
  if (changed === 0) {
    const event = await db.outbox.get(eventId);
    throw new Error(event ? `Event ${eventId} is ${event.status === 'done' ? 'already delivered' : 'already waiting to be sent'}; nothing to redeliver.` : `Event ${eventId} is not in this store's outbox.`);
  }
  notifyOutbox();
}

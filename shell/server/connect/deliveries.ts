import type { DeliveriesResponse, DeliveryStatus, WaitingResponse, WebhookDelivery, WebhookEvent } from '@mango/connect-shared';
import { and, asc, count, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { outbox, webhookDeliveries, webhookSubscriptions } from '../db/schema.js';
import type { Signals } from '../events/signals.js';
import { HttpError } from '../http-error.js';

export interface DeliveryQuery {
  status?: DeliveryStatus | undefined;
  event?: WebhookEvent | undefined;
  limit?: number | undefined;
  /** The `next` of the previous page. */
  before?: string | undefined;
}

const encodeCursor = (sentAt: Date, id: string) => Buffer.from(`${sentAt.toISOString()}|${id}`).toString('base64url');

function decodeCursor(cursor: string): { sentAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const sentAt = new Date(at ?? '');
  if (!id || Number.isNaN(sentAt.getTime())) throw new HttpError(400, 'invalid_request', 'before: not a cursor this API gave out; pass the `next` of the previous page.');
  return { sentAt, id };
}

/** One page of the store's delivery log, newest first, read from the database page by page. */
export async function listDeliveries(db: Db, storeId: string, query: DeliveryQuery): Promise<DeliveriesResponse> {
  const limit = query.limit ?? 100;
  const where: (SQL | undefined)[] = [eq(webhookDeliveries.storeId, storeId)];
  if (query.status) where.push(eq(webhookDeliveries.status, query.status));
  if (query.event) where.push(eq(webhookDeliveries.event, query.event));
  if (query.before) {
    const { sentAt, id } = decodeCursor(query.before);
    where.push(or(lt(webhookDeliveries.sentAt, sentAt), and(eq(webhookDeliveries.sentAt, sentAt), lt(webhookDeliveries.id, id))));
  }
  const found = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.sentAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  const page = found.slice(0, limit);
  const deliveries: WebhookDelivery[] = page.map((d) => ({
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    event: d.event as WebhookEvent,
    entityId: d.entityId,
    status: d.status,
    responseCode: d.responseCode,
    responseBody: d.responseBody,
    sentAt: d.sentAt.toISOString(),
    attempt: d.attempt,
    durationMs: d.durationMs,
    ...(d.error ? { error: d.error } : {}),
  }));
  const last = page.at(-1);
  return { deliveries, next: found.length > limit && last ? encodeCursor(last.sentAt, last.id) : null };
}

/** Puts a dead-lettered event of the store back in the outbox, due now, and wakes the workers. */
export async function redeliver(db: Db, signals: Signals, storeId: string, eventId: string, now = new Date()): Promise<void> {
  const [event] = await db
    .select({ status: outbox.status, active: webhookSubscriptions.active })
    .from(outbox)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, outbox.subscriptionId))
    .where(and(eq(outbox.storeId, storeId), eq(outbox.id, eventId)));
  if (!event) throw new HttpError(404, 'not_found', `Event ${eventId} is not in this store's outbox.`);
  if (event.status !== 'dead') {
    throw new HttpError(409, 'not_dead', `Event ${eventId} is ${event.status === 'done' ? 'already delivered' : 'already waiting to be sent'}; nothing to redeliver.`);
  }
  if (!event.active) throw new HttpError(409, 'subscription_inactive', `Event ${eventId} was for a webhook subscription that is no longer active (Mango Connect was turned off or re-enabled); the initial sync sends Connect the current data instead.`);
  await db.transaction(async (tx) => {
    await tx.update(outbox).set({ status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, leaseOwner: null, leaseUntil: null }).where(and(eq(outbox.storeId, storeId), eq(outbox.id, eventId), eq(outbox.status, 'dead')));
    await signals.announce(tx, { storeId, outbox: true });
  });
  signals.committed({ storeId, outbox: true });
}

const WAITING_PAGE = 100;

/**
 * The events of the store that have not reached Connect yet (pending: due, in backoff, or held
 * behind an earlier event of their entity), soonest first, with the destination's health.
 */
export async function listWaiting(db: Db, storeId: string): Promise<WaitingResponse> {
  const [sub] = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.storeId, storeId), eq(webhookSubscriptions.integrationType, 'mango_connect')))
    .orderBy(desc(webhookSubscriptions.active), desc(webhookSubscriptions.createdAt))
    .limit(1);
  const pending = and(eq(outbox.storeId, storeId), eq(outbox.status, 'pending'));
  const [rows, [counted]] = await Promise.all([
    db.select().from(outbox).where(pending).orderBy(asc(outbox.nextAttemptAt), asc(outbox.seq)).limit(WAITING_PAGE),
    db.select({ n: count() }).from(outbox).where(pending),
  ]);
  return {
    destination: sub ? { state: sub.circuit, failures: sub.failureCount, probeAt: sub.probeAt?.toISOString() ?? null, active: sub.active } : null,
    waiting: rows.map((e) => ({ eventId: e.id, event: e.event as WebhookEvent, entityId: e.entityId, attempts: e.attempts, nextAttemptAt: e.nextAttemptAt.toISOString(), lastError: e.lastError })),
    total: counted?.n ?? 0,
  };
}

/** "Retry now": one waiting event of the store (or all of them) due at once; the workers are woken. */
export async function retryNow(db: Db, signals: Signals, storeId: string, eventId: string | undefined, now = new Date()): Promise<number> {
  const where = and(eq(outbox.storeId, storeId), eq(outbox.status, 'pending'), ...(eventId ? [eq(outbox.id, eventId)] : []));
  const made = await db.transaction(async (tx) => {
    const updated = await tx.update(outbox).set({ nextAttemptAt: now }).where(where).returning({ id: outbox.id });
    // An owner asking to try now also asks to probe a destination held open.
    await tx
      .update(webhookSubscriptions)
      .set({ probeAt: now })
      .where(and(eq(webhookSubscriptions.storeId, storeId), eq(webhookSubscriptions.active, true), eq(webhookSubscriptions.circuit, 'open')));
    await signals.announce(tx, { storeId, outbox: true });
    return updated.length;
  });
  if (eventId && made === 0) throw new HttpError(404, 'not_found', `Event ${eventId} is not waiting in this store's outbox (it may have been delivered meanwhile).`);
  signals.committed({ storeId, outbox: true });
  return made;
}

import { createWebhookPayload, serializePayload, type AppointmentData, type ClientData, type EntityType, type WebhookEvent } from '@mango/connect-shared';
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/database.js';
import { outbox, webhookSubscriptions } from '../db/schema.js';

export interface EventToAppend {
  storeId: string;
  /** The store's change sequence of the change this event reports; orders an entity's events. */
  seq: number;
  event: WebhookEvent;
  entityType: EntityType;
  entityId: string;
  data: ClientData | AppointmentData;
  now: Date;
}

/** The store's live Connect subscription, if any. */
export async function activeSubscription(q: Queryable, storeId: string) {
  const [sub] = await q
    .select({ id: webhookSubscriptions.id, events: webhookSubscriptions.events, url: webhookSubscriptions.url })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.storeId, storeId), eq(webhookSubscriptions.integrationType, 'mango_connect'), eq(webhookSubscriptions.active, true)))
    .limit(1);
  return sub ?? null;
}

/**
 * Appends the webhook event for a change, inside the change's own transaction, when the store's
 * Connect subscription is active and subscribed to that event. Answers the event id, or null when
 * no event was due. The body is built and checked against the contract here, so a change whose
 * payload would break the contract fails whole, and it is stored as the exact bytes every attempt
 * signs and sends.
 */
export async function appendEvent(q: Queryable, e: EventToAppend): Promise<string | null> {
  const sub = await activeSubscription(q, e.storeId);
  if (!sub || !sub.events.includes(e.event)) return null;
  const id = `evt_${crypto.randomUUID()}`;
  const body = serializePayload(createWebhookPayload(e.event, e.storeId, e.data, e.now));
  await q.insert(outbox).values({
    id,
    storeId: e.storeId,
    subscriptionId: sub.id,
    entityType: e.entityType,
    entityId: e.entityId,
    seq: e.seq,
    event: e.event,
    body,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: e.now,
    createdAt: e.now,
  });
  return id;
}

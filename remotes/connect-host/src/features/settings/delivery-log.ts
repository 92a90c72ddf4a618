import type { DeliveryStatus, WebhookDelivery, WebhookEvent } from '@mango/connect-shared';
import type { DeliveryFilter } from '@mango/shell-contract';

// Mirrors WEBHOOK_EVENTS from @mango/connect-shared (delivery-log.test.ts keeps them equal), so the
// remote's bundle takes only types from the shared package: importing WEBHOOK_EVENTS brought
// valibot along (+8 KB minified, session 8).
export const WEBHOOK_EVENT_OPTIONS: readonly WebhookEvent[] = [
  'client.created',
  'client.updated',
  'appointment.created',
  'appointment.updated',
  'appointment.cancelled',
];
export const DELIVERY_STATUS_OPTIONS: readonly DeliveryStatus[] = ['delivered', 'retrying', 'failed', 'dead'];

export const STATUS_LABELS: Record<DeliveryStatus, string> = {
  delivered: 'Delivered',
  retrying: 'Retrying',
  failed: 'Failed',
  dead: 'Dead letter',
};

export const DELIVERY_LOG_LIMIT = 100;

/** The service filter for the selects' values; '' means "all". */
export function toDeliveryFilter(status: string, event: string): DeliveryFilter {
  const filter: DeliveryFilter = { limit: DELIVERY_LOG_LIMIT };
  if ((DELIVERY_STATUS_OPTIONS as readonly string[]).includes(status)) filter.status = status as DeliveryStatus;
  if ((WEBHOOK_EVENT_OPTIONS as readonly string[]).includes(event)) filter.event = event as WebhookEvent;
  return filter;
}

/** Newest attempt first, whatever order the service answered in. */
export function newestFirst(deliveries: readonly WebhookDelivery[]): WebhookDelivery[] {
  return [...deliveries].sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt));
}

/** A single-line excerpt of a response body, at most `max` characters. */
export function bodyExcerpt(body: string, max = 120): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

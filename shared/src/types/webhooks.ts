import { z } from './zod.js';

export const WEBHOOK_EVENTS = [
  'client.created',
  'client.updated',
  'appointment.created',
  'appointment.updated',
  'appointment.cancelled',
] as const;
export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

export const ClientDataSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  notes: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ClientData = z.infer<typeof ClientDataSchema>;

export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show'] as const;
export const AppointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);
export type AppointmentStatus = z.infer<typeof AppointmentStatusSchema>;

/** Appointment payload: the appointment plus the client's contact info. */
export const AppointmentDataSchema = z.object({
  id: z.string().check(z.minLength(1)),
  clientId: z.string().check(z.minLength(1)),
  clientName: z.string(),
  clientEmail: z.string(),
  clientPhone: z.string(),
  scheduledAt: z.string(),
  duration: z.int().check(z.positive()),
  serviceName: z.string(),
  staffName: z.string(),
  status: AppointmentStatusSchema,
});
export type AppointmentData = z.infer<typeof AppointmentDataSchema>;

/** The webhook body, exactly `{ event, storeId, timestamp, data }`. */
export const WebhookPayloadSchema = z.discriminatedUnion('event', [
  z.strictObject({ event: z.literal('client.created'), storeId: z.string().check(z.minLength(1)), timestamp: z.iso.datetime(), data: ClientDataSchema }),
  z.strictObject({ event: z.literal('client.updated'), storeId: z.string().check(z.minLength(1)), timestamp: z.iso.datetime(), data: ClientDataSchema }),
  z.strictObject({ event: z.literal('appointment.created'), storeId: z.string().check(z.minLength(1)), timestamp: z.iso.datetime(), data: AppointmentDataSchema }),
  z.strictObject({ event: z.literal('appointment.updated'), storeId: z.string().check(z.minLength(1)), timestamp: z.iso.datetime(), data: AppointmentDataSchema }),
  z.strictObject({ event: z.literal('appointment.cancelled'), storeId: z.string().check(z.minLength(1)), timestamp: z.iso.datetime(), data: AppointmentDataSchema }),
]);
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export type EntityType = 'client' | 'appointment';
export const entityOfEvent = (e: WebhookEvent): EntityType => (e.startsWith('client.') ? 'client' : 'appointment');

/**
 * An outbox event as the browser stores it and hands it to the edge API. `id` is the stable
 * event id (also `webhook-id`), repeated on every retry; `seq` orders events per entity.
 */
export const OutboxEventSchema = z.object({
  id: z.string().check(z.minLength(8), z.maxLength(128)),
  entityType: z.enum(['client', 'appointment']),
  entityId: z.string().check(z.minLength(1)),
  seq: z.int().check(z.nonnegative()),
  payload: WebhookPayloadSchema,
});
export type OutboxEvent = z.infer<typeof OutboxEventSchema>;

/** Most outbox events one request to the edge API's batch route may carry. */
export const WEBHOOK_BATCH_LIMIT = 50;

export interface WebhookSubscription {
  id: string;
  storeId: string;
  integrationType: 'mango_connect';
  url: string;
  events: WebhookEvent[];
  active: boolean;
  failureCount: number;
  lastDeliveryAt?: string;
  deactivatedReason?: string;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'delivered' | 'failed' | 'retrying' | 'dead';

/** One delivery attempt, as the relay records it. */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  event: WebhookEvent;
  entityId: string;
  status: DeliveryStatus;
  responseCode: number | null;
  responseBody: string;
  sentAt: string;
  attempt: number;
  durationMs: number;
  error?: string;
}

/** What the edge API answers for POST /api/connect/webhooks: the delivery outcome as a value. */
export interface DeliveryOutcome {
  ok: boolean;
  status: number | null;
  attempts: number;
  durationMs: number;
  retryable: boolean;
  /** Seconds the receiver asked us to wait (Retry-After), when it said so. */
  retryAfterSeconds?: number;
  bodyExcerpt: string;
  error?: string;
  /** 410 Gone: the endpoint is gone, deactivate the subscription. */
  gone?: boolean;
}

import * as v from 'valibot';
import { integer, nonEmptyString } from './validation.js';

export const WEBHOOK_EVENTS = [
  'client.created',
  'client.updated',
  'appointment.created',
  'appointment.updated',
  'appointment.cancelled',
] as const;
export const WebhookEventSchema = v.picklist(WEBHOOK_EVENTS);
export type WebhookEvent = v.InferOutput<typeof WebhookEventSchema>;

export const ClientDataSchema = v.object({
  id: nonEmptyString(),
  name: v.string(),
  email: v.string(),
  phone: v.string(),
  notes: v.string(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type ClientData = v.InferOutput<typeof ClientDataSchema>;

export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show'] as const;
export const AppointmentStatusSchema = v.picklist(APPOINTMENT_STATUSES);
export type AppointmentStatus = v.InferOutput<typeof AppointmentStatusSchema>;

/** Appointment payload: the appointment plus the client's contact info. */
export const AppointmentDataSchema = v.object({
  id: nonEmptyString(),
  clientId: nonEmptyString(),
  clientName: v.string(),
  clientEmail: v.string(),
  clientPhone: v.string(),
  scheduledAt: v.string(),
  duration: v.pipe(integer(), v.minValue(1)),
  serviceName: v.string(),
  staffName: v.string(),
  status: AppointmentStatusSchema,
});
export type AppointmentData = v.InferOutput<typeof AppointmentDataSchema>;

/** An ISO 8601 instant in UTC (`2026-12-01T09:30:00.000Z`), as `Date#toISOString` writes it. */
const utcTimestamp = () => v.pipe(v.string(), v.isoTimestamp(), v.endsWith('Z', 'Invalid timestamp: must be in UTC, ending in "Z"'));

const payloadOf = <E extends WebhookEvent, D extends typeof ClientDataSchema | typeof AppointmentDataSchema>(event: E, data: D) =>
  v.strictObject({ event: v.literal(event), storeId: nonEmptyString(), timestamp: utcTimestamp(), data });

/** The webhook body, exactly `{ event, storeId, timestamp, data }`. */
export const WebhookPayloadSchema = v.variant('event', [
  payloadOf('client.created', ClientDataSchema),
  payloadOf('client.updated', ClientDataSchema),
  payloadOf('appointment.created', AppointmentDataSchema),
  payloadOf('appointment.updated', AppointmentDataSchema),
  payloadOf('appointment.cancelled', AppointmentDataSchema),
]);
export type WebhookPayload = v.InferOutput<typeof WebhookPayloadSchema>;

export type EntityType = 'client' | 'appointment';

export const DELIVERY_STATUSES = ['delivered', 'failed', 'retrying', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One delivery attempt, as the delivery worker records it and the delivery log shows it. */
export const WebhookDeliverySchema = v.object({
  id: v.string(),
  subscriptionId: v.string(),
  eventId: v.string(),
  event: WebhookEventSchema,
  entityId: v.string(),
  status: v.picklist(DELIVERY_STATUSES),
  responseCode: v.nullable(v.number()),
  responseBody: v.string(),
  sentAt: v.string(),
  attempt: v.number(),
  durationMs: v.number(),
  error: v.optional(v.string()),
});
export type WebhookDelivery = v.InferOutput<typeof WebhookDeliverySchema>;

/** One delivery attempt's outcome as a value (deliverWebhook answers it; the delivery worker decides on it). */
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

import * as v from 'valibot';
import { ConnectValidationError } from '../errors.js';
import { toEpochMs } from '../internal/bytes.js';
import {
  WebhookPayloadSchema,
  type AppointmentData,
  type ClientData,
  type WebhookEvent,
  type WebhookPayload,
} from '../types/webhooks.js';
import { describeIssues } from '../types/validation.js';

/**
 * Builds the webhook body `{ event, storeId, timestamp, data }` and validates it against the
 * contract, so a client event can never carry appointment data (or stray fields) to Connect.
 * Throws ConnectValidationError listing what is wrong.
 */
export function createWebhookPayload<E extends WebhookEvent>(
  event: E,
  storeId: string,
  data: ClientData | AppointmentData,
  now?: Date | number,
): WebhookPayload {
  const candidate = { event, storeId, timestamp: new Date(toEpochMs(now)).toISOString(), data };
  const parsed = v.safeParse(WebhookPayloadSchema, candidate);
  if (!parsed.success) {
    throw new ConnectValidationError(`Webhook payload for ${event} does not match the contract`, describeIssues(parsed.issues), { cause: new v.ValiError(parsed.issues) });
  }
  return parsed.output;
}

/**
 * The exact raw body that is signed and sent. Keys are written in contract order so the bytes
 * are the same on every retry (the signature covers bytes, not meaning).
 */
export function serializePayload(payload: WebhookPayload): string {
  const { event, storeId, timestamp, data } = payload;
  return JSON.stringify({ event, storeId, timestamp, data });
}

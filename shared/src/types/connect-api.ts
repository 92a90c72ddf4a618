import * as v from 'valibot';
import { nonEmptyString, nonNegativeInteger } from './validation.js';
import { AppointmentDataSchema, ClientDataSchema } from './webhooks.js';

export const ProvisionRequestSchema = v.object({
  storeId: nonEmptyString(),
  storeName: nonEmptyString(),
  tenantId: nonEmptyString(),
  ownerEmail: v.pipe(v.string(), v.email()),
  ownerName: nonEmptyString(),
});
export type ProvisionRequest = v.InferOutput<typeof ProvisionRequestSchema>;

function isAbsoluteHttpUrl(s: string): boolean {
  try {
    const { protocol } = new URL(s);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** An absolute http(s) URL: something Biz may POST to (`v.url()` alone would let `javascript:` or `ftp:` through). */
const httpUrl = () => v.pipe(v.string('must be a string'), v.check(isAbsoluteHttpUrl, 'must be an absolute http(s) URL'));

/**
 * The provisioning answer as Biz reads it: exactly the four fields the PRD pins. Anything else
 * Connect adds is dropped (a valibot object keeps only its own keys), so a richer answer never fails.
 */
export const ProvisionResponseSchema = v.object({
  connectTenantId: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
  connectTenantSlug: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
  webhookUrl: httpUrl(),
  apiUrl: httpUrl(),
});
export type ProvisionResponse = v.InferOutput<typeof ProvisionResponseSchema>;

export const SYNC_BATCH_LIMIT = 100;

/** One bulk-sync batch: at most 100 items of one entity. Upsert by id. */
export const SyncRequestSchema = v.variant('entity', [
  v.object({ storeId: nonEmptyString(), batchId: nonEmptyString(), entity: v.literal('clients'), items: v.pipe(v.array(ClientDataSchema), v.minLength(1), v.maxLength(SYNC_BATCH_LIMIT)) }),
  v.object({ storeId: nonEmptyString(), batchId: nonEmptyString(), entity: v.literal('appointments'), items: v.pipe(v.array(AppointmentDataSchema), v.minLength(1), v.maxLength(SYNC_BATCH_LIMIT)) }),
]);
export type SyncRequest = v.InferOutput<typeof SyncRequestSchema>;
export type SyncEntity = SyncRequest['entity'];

/**
 * The counts answer Biz recommends for a sync batch (the sandbox sends it). Biz does not require
 * it: any 2xx is success, and `syncBatch` reads whichever of these counts are present.
 */
export const SyncResponseSchema = v.object({
  batchId: v.string(),
  entity: v.picklist(['clients', 'appointments']),
  received: nonNegativeInteger(),
  created: nonNegativeInteger(),
  updated: nonNegativeInteger(),
  unchanged: nonNegativeInteger(),
});
export type SyncResponse = v.InferOutput<typeof SyncResponseSchema>;

/**
 * One item's result in a sync answer: the optional per-item shape Biz recommends to Connect
 * (`{ results: [{ id, ok, error? }] }`). Connect need not send it; when it does, the items with
 * `ok: false` are reported as failed.
 */
export interface SyncItemResult {
  id: string;
  ok: boolean;
  error?: string;
}

/** Counts a sync answer may carry (our proposed counts answer); each one only when Connect sent it. */
export interface SyncCounts {
  received?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
}

/**
 * One bulk-sync batch Connect answered with a 2xx: sent and accepted. `failedItems` are the items
 * Connect's per-item results marked as failed (empty when it sent none); `counts` is present when
 * the answer carried any count.
 */
export interface SyncBatchOutcome {
  batchId: string;
  entity: SyncEntity;
  /** Items in the batch. */
  sent: number;
  failedItems: { id: string; message: string }[];
  counts?: SyncCounts;
}

/**
 * What probing `GET {apiUrl}/health` tells: 'up' (a 2xx); 'unknown' (Connect has no such endpoint:
 * 404, 405 or 501, so nothing is known either way); 'down' (any other answer, no answer, or none in time).
 */
export type ConnectApiHealthState = 'up' | 'down' | 'unknown';

export interface ConnectApiHealth {
  state: ConnectApiHealthState;
  /** `state === 'up'`. */
  ok: boolean;
  latencyMs: number;
  /** The answer's status; null when none came. */
  status: number | null;
}

/** JSON error body every Biz and Connect endpoint answers with. */
export const ApiErrorBodySchema = v.object({ error: v.object({ code: v.string(), message: v.string() }) });
export type ApiErrorBody = v.InferOutput<typeof ApiErrorBodySchema>;

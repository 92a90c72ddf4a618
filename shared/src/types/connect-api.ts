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

export const ProvisionResponseSchema = v.object({
  connectTenantId: nonEmptyString(),
  connectTenantSlug: nonEmptyString(),
  webhookUrl: v.pipe(v.string(), v.url()),
  apiUrl: v.pipe(v.string(), v.url()),
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
 * Batches per browser → Biz edge request during a sync. The edge API forwards them to Connect one
 * after another, so Connect sees the same batches and the same concurrency; the browser pays its
 * per-request cost (a round trip over shop Wi-Fi, Chromium's fetch machinery) once per five.
 */
export const SYNC_BATCHES_PER_REQUEST = 5;

export const SyncBatchesRequestSchema = v.object({
  batches: v.pipe(v.array(SyncRequestSchema), v.minLength(1), v.maxLength(SYNC_BATCHES_PER_REQUEST)),
});
export type SyncBatchesRequest = v.InferOutput<typeof SyncBatchesRequestSchema>;

export const SyncBatchesResponseSchema = v.object({ results: v.array(SyncResponseSchema) });
export type SyncBatchesResponse = v.InferOutput<typeof SyncBatchesResponseSchema>;

/** Result of a whole sync run for one entity. */
export interface SyncReport {
  total: number;
  synced: number;
  failed: number;
  errors: { batchIndex: number; message: string }[];
}

/** JSON error body every Biz and Connect endpoint answers with. */
export const ApiErrorBodySchema = v.object({ error: v.object({ code: v.string(), message: v.string() }) });
export type ApiErrorBody = v.InferOutput<typeof ApiErrorBodySchema>;

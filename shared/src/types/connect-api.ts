import { z } from './zod.js';
import { AppointmentDataSchema, ClientDataSchema } from './webhooks.js';

export const ProvisionRequestSchema = z.object({
  storeId: z.string().check(z.minLength(1)),
  storeName: z.string().check(z.minLength(1)),
  tenantId: z.string().check(z.minLength(1)),
  ownerEmail: z.email(),
  ownerName: z.string().check(z.minLength(1)),
});
export type ProvisionRequest = z.infer<typeof ProvisionRequestSchema>;

export const ProvisionResponseSchema = z.object({
  connectTenantId: z.string().check(z.minLength(1)),
  connectTenantSlug: z.string().check(z.minLength(1)),
  webhookUrl: z.url(),
  apiUrl: z.url(),
});
export type ProvisionResponse = z.infer<typeof ProvisionResponseSchema>;

export const SYNC_BATCH_LIMIT = 100;

/** One bulk-sync batch: at most 100 items of one entity. Upsert by id. */
export const SyncRequestSchema = z.discriminatedUnion('entity', [
  z.object({ storeId: z.string().check(z.minLength(1)), batchId: z.string().check(z.minLength(1)), entity: z.literal('clients'), items: z.array(ClientDataSchema).check(z.minLength(1), z.maxLength(SYNC_BATCH_LIMIT)) }),
  z.object({ storeId: z.string().check(z.minLength(1)), batchId: z.string().check(z.minLength(1)), entity: z.literal('appointments'), items: z.array(AppointmentDataSchema).check(z.minLength(1), z.maxLength(SYNC_BATCH_LIMIT)) }),
]);
export type SyncRequest = z.infer<typeof SyncRequestSchema>;
export type SyncEntity = SyncRequest['entity'];

export const SyncResponseSchema = z.object({
  batchId: z.string(),
  entity: z.enum(['clients', 'appointments']),
  received: z.int().check(z.nonnegative()),
  created: z.int().check(z.nonnegative()),
  updated: z.int().check(z.nonnegative()),
  unchanged: z.int().check(z.nonnegative()),
});
export type SyncResponse = z.infer<typeof SyncResponseSchema>;

/**
 * Batches per browser → Biz edge request during a sync. The edge API forwards them to Connect one
 * after another, so Connect sees the same batches and the same concurrency; the browser pays its
 * per-request cost (a round trip over shop Wi-Fi, Chromium's fetch machinery) once per five.
 */
export const SYNC_BATCHES_PER_REQUEST = 5;

export const SyncBatchesRequestSchema = z.object({
  batches: z.array(SyncRequestSchema).check(z.minLength(1), z.maxLength(SYNC_BATCHES_PER_REQUEST)),
});
export type SyncBatchesRequest = z.infer<typeof SyncBatchesRequestSchema>;

export const SyncBatchesResponseSchema = z.object({ results: z.array(SyncResponseSchema) });
export type SyncBatchesResponse = z.infer<typeof SyncBatchesResponseSchema>;

/** Result of a whole sync run for one entity. */
export interface SyncReport {
  total: number;
  synced: number;
  failed: number;
  errors: { batchIndex: number; message: string }[];
}

/** JSON error body every Biz and Connect endpoint answers with. */
export const ApiErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

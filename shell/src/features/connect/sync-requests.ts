import type { SyncRequest } from '@mango/connect-shared';
import { packInOrder } from '../../lib/pack';

/**
 * The JSON a grouped sync request stays under: half the edge API's 1 MB body limit, as for
 * webhook batches, so a group of clients with long notes is split rather than refused.
 */
export const SYNC_REQUEST_MAX_BYTES = 512 * 1024;

const utf8 = new TextEncoder();

/**
 * Packs consecutive batches into requests of at most `maxBatches` and `maxBytes` of JSON, in
 * order. A batch too big on its own travels alone and meets the edge API's limit by itself.
 */
export function packSyncRequests(
  batches: readonly SyncRequest[],
  opts: { maxBatches: number; maxBytes?: number; sizeOf?: (batch: SyncRequest) => number },
): SyncRequest[][] {
  const maxBytes = opts.maxBytes ?? SYNC_REQUEST_MAX_BYTES;
  const sizeOf = opts.sizeOf ?? ((b: SyncRequest) => utf8.encode(JSON.stringify(b)).length);
  return packInOrder(batches, { maxCount: opts.maxBatches, maxBytes }, sizeOf);
}

import { SYNC_BATCH_LIMIT } from '../types/connect-api.js';

/** Splits items into consecutive batches of at most `size` (the sync contract allows 100). */
export function chunk<T>(items: readonly T[], size: number = SYNC_BATCH_LIMIT): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer (got ${size})`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

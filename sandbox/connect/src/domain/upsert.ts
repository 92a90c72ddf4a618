import type { UpsertResult } from './types.js';

/**
 * Upsert by id. Items arrive already parsed by a valibot schema, so their keys are in schema order
 * and JSON equality is a faithful "nothing changed" test — a batch sent twice changes nothing.
 */
export function upsertById<T extends { id: string }>(store: Map<string, T>, item: T): UpsertResult {
  const existing = store.get(item.id);
  if (existing && JSON.stringify(existing) === JSON.stringify(item)) return 'unchanged';
  store.set(item.id, item);
  return existing ? 'updated' : 'created';
}

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export function upsertAll<T extends { id: string }>(store: Map<string, T>, items: readonly T[]): UpsertCounts {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const item of items) counts[upsertById(store, item)] += 1;
  return counts;
}

import type { SyncRequest } from '@mango/connect-shared';
import { describe, expect, it } from 'vitest';
import { SYNC_REQUEST_MAX_BYTES, packSyncRequests } from './sync-requests';

const at = new Date('2026-11-25T10:00:00Z').toISOString();
const batch = (n: number, notes = ''): SyncRequest => ({
  storeId: 's1',
  batchId: `run:clients:${n}`,
  entity: 'clients',
  items: [{ id: `c${n}`, name: 'A', email: '', phone: '', notes, createdAt: at, updatedAt: at }],
});
const ids = (requests: SyncRequest[][]) => requests.map((r) => r.map((b) => b.batchId.split(':').at(-1)));

describe('packSyncRequests', () => {
  it('groups consecutive batches up to maxBatches, in order', () => {
    const batches = Array.from({ length: 12 }, (_, i) => batch(i));
    expect(ids(packSyncRequests(batches, { maxBatches: 5 }))).toEqual([
      ['0', '1', '2', '3', '4'],
      ['5', '6', '7', '8', '9'],
      ['10', '11'],
    ]);
    expect(packSyncRequests([], { maxBatches: 5 })).toEqual([]);
  });

  it('splits a group whose JSON would pass the byte budget, measuring real UTF-8 bytes', () => {
    // 150,000 three-byte characters: 450 KB of UTF-8 but only 150,000 UTF-16 code units.
    const heavy = '€'.repeat(150_000);
    const batches = [batch(0, heavy), batch(1, heavy), batch(2)];
    const requests = packSyncRequests(batches, { maxBatches: 5 });
    expect(ids(requests)).toEqual([['0'], ['1', '2']]);
    for (const r of requests.filter((x) => x.length > 1)) {
      expect(new TextEncoder().encode(JSON.stringify({ batches: r })).length).toBeLessThanOrEqual(SYNC_REQUEST_MAX_BYTES);
    }
  });

  it('sends a batch bigger than the budget alone rather than dropping it', () => {
    const requests = packSyncRequests([batch(0), batch(1, 'x'.repeat(600_000)), batch(2)], { maxBatches: 5 });
    expect(ids(requests)).toEqual([['0'], ['1'], ['2']]);
  });
});

import { describe, expect, it } from 'vitest';
import { upsertAll, upsertById } from './upsert.js';

describe('upsertById', () => {
  it('creates, then reports unchanged for an identical item, then updated for a changed one', () => {
    const store = new Map<string, { id: string; name: string }>();
    expect(upsertById(store, { id: 'c1', name: 'Ana' })).toBe('created');
    expect(upsertById(store, { id: 'c1', name: 'Ana' })).toBe('unchanged');
    expect(upsertById(store, { id: 'c1', name: 'Ana Lima' })).toBe('updated');
    expect(store.get('c1')?.name).toBe('Ana Lima');
  });

  it('counts a whole batch, and the same batch twice changes nothing', () => {
    const store = new Map<string, { id: string; n: number }>();
    const batch = [
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ];
    expect(upsertAll(store, batch)).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(upsertAll(store, batch)).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(store.size).toBe(2);
  });
});

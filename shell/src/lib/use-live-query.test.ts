import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { freshDb } from '../features/connect/test-helpers';
import type { ClientRecord } from '../db/types';
import { useLiveQuery } from './use-live-query';

const client = (id: string, name: string): ClientRecord => ({ id, name, email: '', phone: '', notes: '', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z' });

describe('useLiveQuery', () => {
  it('answers the query, then again after a write to a table it read', async () => {
    const db = freshDb();
    await db.clients.put(client('c1', 'Ada'));
    const { result } = renderHook(() => useLiveQuery(() => db.clients.orderBy('name').toArray(), [db]));
    expect(result.current).toBeUndefined();
    await waitFor(() => expect(result.current?.map((c) => c.name)).toEqual(['Ada']));
    await act(async () => {
      await db.clients.put(client('c2', 'Bea'));
    });
    await waitFor(() => expect(result.current?.map((c) => c.name)).toEqual(['Ada', 'Bea']));
  });

  it('answers undefined, not the old result, while the result for new deps loads', async () => {
    const db = freshDb();
    await db.clients.bulkPut([client('c1', 'Ada'), client('c2', 'Bea')]);
    const { result, rerender } = renderHook(({ name }) => useLiveQuery(() => db.clients.where('name').equals(name).toArray(), [db, name]), { initialProps: { name: 'Ada' } });
    await waitFor(() => expect(result.current?.map((c) => c.id)).toEqual(['c1']));
    rerender({ name: 'Bea' });
    // The first render with the new deps must not show Ada's row under Bea's name.
    expect(result.current).toBeUndefined();
    await waitFor(() => expect(result.current?.map((c) => c.id)).toEqual(['c2']));
  });
});

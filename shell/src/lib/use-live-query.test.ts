import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openBizDb, type BizDb } from '../db/db';
import { clientRow, freshDb, putRows } from '../test/db';
import { useLiveQuery } from './use-live-query';

const client = (id: string, name: string) => clientRow(id, name);
const CLIENTS = ['clients'] as const;

/** A live read of every client that counts its runs; resolves once the first (empty) answer is in. */
async function renderCountedClients(db: BizDb) {
  let runs = 0;
  const { result } = renderHook(() =>
    useLiveQuery(db, CLIENTS, () => {
      runs++;
      return db.getAll('clients');
    }, []),
  );
  await waitFor(() => expect(result.current).toEqual([]));
  return { result, runs: () => runs };
}

describe('useLiveQuery', () => {
  it('answers the query, then again after a write to a store it read', async () => {
    const db = freshDb();
    await db.put('clients', client('c1', 'Ada'));
    const { result } = renderHook(() => useLiveQuery(db, CLIENTS, () => db.getAllFromIndex('clients', 'name'), []));
    expect(result.current).toBeUndefined();
    await waitFor(() => expect(result.current?.map((c) => c.name)).toEqual(['Ada']));
    await act(async () => {
      await db.put('clients', client('c2', 'Bea'));
    });
    await waitFor(() => expect(result.current?.map((c) => c.name)).toEqual(['Ada', 'Bea']));
  });

  it('answers again after a write made through another connection (another tab)', async () => {
    const storeId = `live-${crypto.randomUUID()}`;
    const here = openBizDb(storeId);
    const otherTab = openBizDb(storeId);
    await here.put('clients', client('c1', 'Ada'));
    const { result } = renderHook(() => useLiveQuery(here, CLIENTS, () => here.getAllFromIndex('clients', 'name'), []));
    await waitFor(() => expect(result.current?.map((c) => c.name)).toEqual(['Ada']));
    await act(async () => {
      await otherTab.put('clients', client('c2', 'Bea'));
    });
    await waitFor(() => expect(result.current?.map((c) => c.name)).toEqual(['Ada', 'Bea']));
    here.dispose();
    otherTab.dispose();
  });

  it('does not run again for a write to a store it did not read', async () => {
    const db = freshDb();
    const { result, runs } = await renderCountedClients(db);
    await act(async () => {
      await db.put('meta', { key: 'cursor', value: 1 });
      await db.put('clients', client('c1', 'Ada'));
    });
    await waitFor(() => expect(result.current?.map((c) => c.id)).toEqual(['c1']));
    expect(runs()).toBe(2);
  });

  it('reads once more after a burst of writes, not once per write', async () => {
    const db = freshDb();
    const { result, runs } = await renderCountedClients(db);
    await act(async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => db.put('clients', client(`c${i}`, `Client ${i}`))));
    });
    await waitFor(() => expect(result.current).toHaveLength(20));
    // The first read, then at most one per write that landed while none was running.
    expect(runs()).toBeLessThan(20);
  });

  it('answers undefined, not the old result, while the result for new deps loads', async () => {
    const db = freshDb();
    await putRows(db, { clients: [client('c1', 'Ada'), client('c2', 'Bea')] });
    const { result, rerender } = renderHook(({ name }) => useLiveQuery(db, CLIENTS, () => db.getAllFromIndex('clients', 'name', name), [name]), { initialProps: { name: 'Ada' } });
    await waitFor(() => expect(result.current?.map((c) => c.id)).toEqual(['c1']));
    rerender({ name: 'Bea' });
    // The first render with the new deps must not show Ada's row under Bea's name.
    expect(result.current).toBeUndefined();
    await waitFor(() => expect(result.current?.map((c) => c.id)).toEqual(['c2']));
  });
});

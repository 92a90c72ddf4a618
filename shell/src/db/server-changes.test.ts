import type { ConnectState, PushResult } from '@mango/connect-shared';
import { describe, expect, it } from 'vitest';
import { appointmentRow, clientRow, freshDb, putRows } from '../test/db';
import { createClient, updateClient } from './local-changes';
import { applyChanges, applyPushResults, readConnectState, readCursor, readPendingBatch } from './server-changes';

const connectOff: ConnectState = { integration: null, sync: null, counts: { clients: 0, appointments: 0 } };
const ada = { name: 'Ada', email: '', phone: '', notes: '' };

describe('applying the change feed', () => {
  it('merges rows, and moves the cursor and the Connect state with them', async () => {
    const db = freshDb();
    await putRows(db, { clients: [clientRow('c1', 'Ada', 3)] });
    await applyChanges(db, { cursor: 9, reset: false, clients: [clientRow('c1', 'Ada King', 8), clientRow('c2', 'Bea', 9)], appointments: [appointmentRow('a1', 'c2', 5)], connect: connectOff });
    expect((await db.getAllFromIndex('clients', 'name')).map((c) => c.name)).toEqual(['Ada King', 'Bea']);
    expect(await db.count('appointments')).toBe(1);
    expect(await readCursor(db)).toBe(9);
    expect(await readConnectState(db)).toEqual(connectOff);
  });

  it('does not overwrite the row of an entity whose change is still pending', async () => {
    const db = freshDb();
    await putRows(db, { clients: [clientRow('c1', 'Ada', 3)] });
    await updateClient({ db }, 'c1', { ...ada, name: 'Ada (edited here)' });
    await applyChanges(db, { cursor: 4, reset: false, clients: [clientRow('c1', 'Ada (edited elsewhere)', 4)], appointments: [] });
    expect((await db.get('clients', 'c1'))?.name).toBe('Ada (edited here)');
    expect(await readCursor(db)).toBe(4);
  });

  it('never replaces a row with an older version of it', async () => {
    const db = freshDb();
    await putRows(db, { clients: [clientRow('c1', 'Ada v12', 12)] });
    await applyChanges(db, { cursor: 10, reset: false, clients: [clientRow('c1', 'Ada v10', 10)], appointments: [] });
    expect((await db.get('clients', 'c1'))?.name).toBe('Ada v12');
  });

  it('leaves the cursor and Connect state alone for a page older than the cache (another tab got further)', async () => {
    const db = freshDb();
    await applyChanges(db, { cursor: 20, reset: false, clients: [], appointments: [], connect: connectOff });
    const on = { ...connectOff, counts: { clients: 1, appointments: 0 } };
    await applyChanges(db, { cursor: 15, reset: false, clients: [clientRow('c9', 'Late', 14)], appointments: [], connect: on });
    expect(await readCursor(db)).toBe(20);
    expect(await readConnectState(db)).toEqual(connectOff);
    expect(await db.get('clients', 'c9')).toBeDefined();
  });

  it('replaces the cache on a reset, keeping only rows with pending changes', async () => {
    const db = freshDb();
    await putRows(db, { clients: [clientRow('gone', 'Removed on the server', 50), clientRow('c1', 'Ada', 3)], appointments: [appointmentRow('a-gone', 'gone', 51)] });
    const mine = await createClient({ db }, { ...ada, name: 'Made offline' });
    await applyChanges(db, { cursor: 2, reset: true, clients: [clientRow('c1', 'Ada (server)', 1)], appointments: [], connect: connectOff });
    expect((await db.getAllFromIndex('clients', 'name')).map((c) => c.name)).toEqual(['Ada (server)', 'Made offline']);
    expect(await db.count('appointments')).toBe(0);
    // A reset may move the cursor back: the server's database was replaced.
    expect(await readCursor(db)).toBe(2);
    expect(await db.get('clients', mine.id)).toBeDefined();
  });
});

describe('applying the answers to a push', () => {
  it('removes answered mutations and stores the server’s row', async () => {
    const db = freshDb();
    const row = await createClient({ db }, ada);
    const sent = await readPendingBatch(db, 50);
    const results: PushResult[] = [{ id: sent[0]!.mutation.id, status: 'applied', seq: 31, entity: 'client', row: { ...row, seq: 31, createdAt: 'server-time' } }];
    expect(await applyPushResults(db, sent, results)).toEqual([]);
    expect(await db.count('pending')).toBe(0);
    expect(await db.get('clients', row.id)).toMatchObject({ seq: 31, createdAt: 'server-time' });
  });

  it('keeps the optimistic row while a later change of the same entity is still queued', async () => {
    const db = freshDb();
    const row = await createClient({ db }, ada);
    await updateClient({ db }, row.id, { ...ada, name: 'Ada v2' });
    const [first] = await readPendingBatch(db, 1);
    await applyPushResults(db, [first!], [{ id: first!.mutation.id, status: 'applied', seq: 5, entity: 'client', row: { ...row, seq: 5 } }]);
    expect((await db.get('clients', row.id))?.name).toBe('Ada v2');
    expect(await db.count('pending')).toBe(1);
  });

  it('drops a refused mutation and hands it back with the server’s reason; unanswered ones stay queued', async () => {
    const db = freshDb();
    await createClient({ db }, ada);
    await createClient({ db }, { ...ada, name: 'Bea' });
    const sent = await readPendingBatch(db, 50);
    const refused = await applyPushResults(db, sent, [{ id: sent[0]!.mutation.id, status: 'refused', error: { code: 'validation', message: 'Name is required' } }]);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ queued: { label: 'save client “Ada”' }, error: { message: 'Name is required' } });
    expect((await db.getAll('pending')).map((p) => p.label)).toEqual(['save client “Bea”']);
  });
});

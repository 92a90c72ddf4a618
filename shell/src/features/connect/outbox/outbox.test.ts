import { describe, expect, it, vi } from 'vitest';
import { enableConnectForTest, freshDb, TEST_STORE } from '../test-helpers';
import { cancelAppointment, createAppointment, createClient, updateAppointment, updateClient } from './outbox';

const input = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 555 0100', notes: '' };

describe('transactional outbox', () => {
  it('writes the client and its client.created event together when Connect is enabled', async () => {
    const db = freshDb();
    await enableConnectForTest(db);
    const onCommitted = vi.fn();
    const client = await createClient({ db, storeId: TEST_STORE, onCommitted }, input);
    const events = await db.getAll('outbox');
    expect(await db.get('clients', client.id)).toMatchObject(input);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entityType: 'client', entityId: client.id, seq: 0, status: 'pending', attempts: 0 });
    expect(events[0]!.payload).toMatchObject({ event: 'client.created', storeId: TEST_STORE, data: { id: client.id, name: 'Ada Lovelace' } });
    expect(onCommitted).toHaveBeenCalledOnce();
  });

  it('appends no event, and wakes no relay, when Connect is not enabled for the store', async () => {
    const db = freshDb();
    const onCommitted = vi.fn();
    const client = await createClient({ db, storeId: TEST_STORE, onCommitted }, input);
    await updateClient({ db, storeId: TEST_STORE, onCommitted }, client.id, { name: 'Ada King' });
    expect((await db.get('clients', client.id))?.name).toBe('Ada King');
    expect(await db.count('outbox')).toBe(0);
    expect(onCommitted).not.toHaveBeenCalled();
  });

  it('numbers events per entity: seq 0, 1, 2 for one client, 0 again for another', async () => {
    const db = freshDb();
    await enableConnectForTest(db);
    const deps = { db, storeId: TEST_STORE, onCommitted: () => {} };
    const a = await createClient(deps, input);
    await updateClient(deps, a.id, { name: 'Ada King' });
    await updateClient(deps, a.id, { phone: '+1 555 0199' });
    const b = await createClient(deps, { ...input, name: 'Grace Hopper' });
    const seqs = (await db.getAll('outbox')).map((e) => [e.entityId === a.id ? 'a' : 'b', e.seq, e.payload.event]);
    expect(seqs).toEqual(expect.arrayContaining([['a', 0, 'client.created'], ['a', 1, 'client.updated'], ['a', 2, 'client.updated'], ['b', 0, 'client.created']]));
    expect(b.id).not.toBe(a.id);
  });

  it('rolls back the entity when the outbox write fails', async () => {
    const db = freshDb();
    await enableConnectForTest(db);
    const first = await createClient({ db, storeId: TEST_STORE, onCommitted: () => {} }, input);
    const [taken] = await db.getAll('outbox');
    // The second client's event gets the first one's id, so IndexedDB refuses to add it.
    vi.spyOn(crypto, 'randomUUID').mockReturnValueOnce('00000000-0000-4000-8000-000000000002').mockReturnValueOnce(taken!.id as ReturnType<typeof crypto.randomUUID>);
    const onCommitted = vi.fn();
    await expect(createClient({ db, storeId: TEST_STORE, onCommitted }, { ...input, name: 'Bea' })).rejects.toThrow(/ConstraintError|exists|unique/i);
    vi.restoreAllMocks();
    expect((await db.getAll('clients')).map((c) => c.id)).toEqual([first.id]);
    expect(await db.count('outbox')).toBe(1);
    expect(onCommitted).not.toHaveBeenCalled();
  });

  it('rolls back an appointment update whose event would break the contract', async () => {
    const db = freshDb();
    await enableConnectForTest(db);
    const deps = { db, storeId: TEST_STORE, onCommitted: () => {} };
    const client = await createClient(deps, input);
    const appt = await createAppointment(deps, { clientId: client.id, scheduledAt: '2026-12-01T10:00:00.000Z', duration: 45, serviceName: 'Haircut', staffName: 'Sam Staff' });
    await expect(updateAppointment(deps, appt.id, { duration: 0 })).rejects.toThrow();
    expect((await db.get('appointments', appt.id))!.duration).toBe(45);
    expect((await db.getAll('outbox')).filter((e) => e.entityId === appt.id)).toHaveLength(1);
  });

  it('appointment events carry the client contact info; cancel sends appointment.cancelled', async () => {
    const db = freshDb();
    await enableConnectForTest(db);
    const deps = { db, storeId: TEST_STORE, onCommitted: () => {} };
    const client = await createClient(deps, input);
    const appt = await createAppointment(deps, { clientId: client.id, scheduledAt: '2026-12-01T10:00:00.000Z', duration: 45, serviceName: 'Haircut', staffName: 'Sam Staff' });
    await cancelAppointment(deps, appt.id);
    const events = (await db.getAll('outbox')).filter((e) => e.entityId === appt.id).sort((x, y) => x.seq - y.seq);
    expect(events.map((e) => e.payload.event)).toEqual(['appointment.created', 'appointment.cancelled']);
    expect(events[1]!.payload.data).toMatchObject({ clientName: 'Ada Lovelace', clientEmail: 'ada@example.com', clientPhone: '+1 555 0100', status: 'cancelled' });
    expect((await db.get('appointments', appt.id))!.status).toBe('cancelled');
  });
});

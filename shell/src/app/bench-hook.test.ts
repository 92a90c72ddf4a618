import { describe, expect, it, vi } from 'vitest';
import type { SyncRunResult } from '@mango/shell-contract';
import { enableConnectForTest, freshDb, TEST_STORE } from '../features/connect/test-helpers';
import { generateBenchDataset } from './bench-dataset';
import { createBenchHook } from './bench-hook';

describe('generateBenchDataset', () => {
  it('makes the asked-for counts, every appointment within the next 30 days and owned by a known client', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const { clients, appointments } = generateBenchDataset({ clients: 250, appointments: 90, now });
    expect(clients).toHaveLength(250);
    expect(new Set(clients.map((c) => c.id)).size).toBe(250);
    expect(appointments).toHaveLength(90);
    const ids = new Set(clients.map((c) => c.id));
    for (const a of appointments) {
      const t = Date.parse(a.scheduledAt) - now.getTime();
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThan(30 * 86_400_000);
      expect(ids.has(a.clientId)).toBe(true);
    }
  });
});

describe('the bench hook', () => {
  const noSync = () => Promise.reject(new Error('not used here')) as Promise<SyncRunResult>;

  it('creates and renames clients through the outbox, one event per change', async () => {
    const db = freshDb();
    await enableConnectForTest(db);
    const hook = createBenchHook({ db, storeId: TEST_STORE, syncNow: noSync });
    const [id] = await hook.createClients(['Bench Bea', 'Bench Bo']);
    await hook.renameClient(id!, 'Bench Bea v2');
    const events = (await db.getAll('outbox')).sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    expect(events.map((e) => e.payload.event)).toEqual(['client.created', 'client.created', 'client.updated']);
    expect(await hook.pendingOutbox()).toBe(3);
    expect((await db.get('clients', id!))?.name).toBe('Bench Bea v2');
  });

  it('books, changes and cancels appointments through the outbox, and lists the outbox and delivery log', async () => {
    const db = freshDb();
    await enableConnectForTest(db);
    const hook = createBenchHook({ db, storeId: TEST_STORE, syncNow: noSync });
    const [clientId] = await hook.createClients(['Bench Cleo']);
    const id = await hook.createAppointment({ clientId: clientId!, scheduledAt: '2026-12-01T10:00:00.000Z', duration: 45, serviceName: 'Cut', staffName: 'Sam' });
    await hook.updateAppointment(id, { scheduledAt: '2026-12-01T11:00:00.000Z' });
    await hook.cancelAppointment(id);
    const events = (await hook.outboxEvents()).filter((e) => e.entityId === id).sort((a, b) => a.seq - b.seq);
    expect(events.map((e) => e.payload.event)).toEqual(['appointment.created', 'appointment.updated', 'appointment.cancelled']);
    expect((await db.get('appointments', id))?.status).toBe('cancelled');
    expect(await hook.deliveries()).toEqual([]);
  });

  it('replaces the store data with the data set without writing outbox events, and syncs through the given function', async () => {
    const db = freshDb();
    await enableConnectForTest(db);
    const result = { finishedAt: 'x' } as unknown as SyncRunResult;
    const syncNow = vi.fn(() => Promise.resolve(result));
    const hook = createBenchHook({ db, storeId: TEST_STORE, syncNow });
    await hook.loadDataset({ clients: 120, appointments: 40 });
    expect(await db.count('clients')).toBe(120);
    expect(await db.count('appointments')).toBe(40);
    expect(await db.count('outbox')).toBe(0);
    expect(await hook.syncNow()).toBe(result);
  });
});

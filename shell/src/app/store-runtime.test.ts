import type { ConnectState, Session } from '@mango/connect-shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetCacheStatus, useCacheStatus } from '../db/cache-status';
import { getBizDb } from '../db/db';
import { createClient } from '../db/local-changes';
import { applyChanges } from '../db/server-changes';
import { resetConnectStore, useConnectStore } from '../features/connect/connect-store';
import { apiRequest } from '../lib/http';
import { createBizApi } from '../lib/biz-api';
import { createFakeBizServer, type FakeBizServer } from '../test/fake-biz-api';
import { FakeEventSource } from '../test/fake-event-source';
import { createStoreRuntime, refusedMessage, type StoreRuntime } from './store-runtime';

const sessionFor = (storeId: string): Session => ({
  store: { storeId, tenantId: 'tenant_1', storeName: 'Test Salon' },
  member: { memberId: 'm1', email: 'owner@test.example', name: 'Olive Owner', role: 'owner', permissions: [] },
});

const running: StoreRuntime[] = [];

function startRuntime(server: FakeBizServer, storeId = `store_${crypto.randomUUID()}`) {
  const notify = vi.fn();
  const onSessionLost = vi.fn();
  const runtime = createStoreRuntime(sessionFor(storeId), { notify, onSessionLost, api: createBizApi(server.fetch), createEventSource: (url) => new FakeEventSource(url) });
  runtime.start();
  running.push(runtime);
  return { runtime, notify, onSessionLost, events: FakeEventSource.latest() };
}

/** Another device of the same store, talking to the same server. */
const otherDevice = (server: FakeBizServer) => (path: string, method: 'POST' | 'PATCH', body: unknown = {}) => apiRequest(path, { method, body, fetch: server.fetch });

afterEach(() => {
  for (const r of running.splice(0)) r.stop();
  resetConnectStore();
  resetCacheStatus();
});

describe('the store runtime', () => {
  it('shows a change made on another device within 2 seconds, without a reload', async () => {
    const server = createFakeBizServer();
    const { runtime, events } = startRuntime(server);
    await vi.waitFor(() => expect(useCacheStatus.getState().firstPull).toBe('done'));
    server.putClient({ id: 'c-elsewhere', name: 'Made on the front desk', email: '', phone: '', notes: '' });
    events.emit('change', { seq: server.seq() });
    await vi.waitFor(async () => expect((await runtime.db.get('clients', 'c-elsewhere'))?.name).toBe('Made on the front desk'), { timeout: 2000 });
  });

  it('pushes a change made here at once', async () => {
    const server = createFakeBizServer();
    const { runtime } = startRuntime(server);
    const row = await createClient({ db: runtime.db }, { name: 'Ada', email: '', phone: '', notes: '' });
    await vi.waitFor(() => expect(server.clients().map((c) => c.id)).toEqual([row.id]), { timeout: 2000 });
    await vi.waitFor(async () => expect(await runtime.db.count('pending')).toBe(0));
  });

  it('follows Connect being turned on and off on another device: tab, AI button and token', async () => {
    const server = createFakeBizServer();
    const { runtime, events } = startRuntime(server);
    await vi.waitFor(() => expect(useCacheStatus.getState().firstPull).toBe('done'));
    expect(useConnectStore.getState().integration).toBeNull();

    await otherDevice(server)('/api/connect/enable', 'POST');
    events.emit('change', { seq: server.seq() });
    await vi.waitFor(() => expect(useConnectStore.getState().integration?.enabled).toBe(true), { timeout: 2000 });
    await vi.waitFor(() => expect(runtime.tokens.store.getState().token).toMatch(/^ey/));

    await otherDevice(server)('/api/connect/disable', 'POST');
    events.emit('change', { seq: server.seq() });
    await vi.waitFor(() => expect(useConnectStore.getState().integration?.enabled).toBe(false), { timeout: 2000 });
    expect(runtime.tokens.store.getState().token).toBeNull();
  });

  it('shows the Connect state the cache holds before the server answers (offline start)', async () => {
    const server = createFakeBizServer();
    const storeId = `store_${crypto.randomUUID()}`;
    const cached: ConnectState = { integration: { enabled: true, connectTenantId: 't', connectTenantSlug: 's', webhookUrl: 'u', apiUrl: 'a', sdkUrl: 'k', features: { conversations: true, aiAssistant: false, campaigns: false } }, sync: null, counts: { clients: 3, appointments: 1 } };
    await applyChanges(getBizDb(storeId), { cursor: 7, reset: false, clients: [], appointments: [], connect: cached });
    server.failNext('/api/', 'network', 10);
    startRuntime(server, storeId);
    await vi.waitFor(() => expect(useConnectStore.getState().integration?.features.conversations).toBe(true));
    expect(useConnectStore.getState().sync.counts).toEqual({ clients: 3, appointments: 1 });
  });

  it('tells the person once about a refused change, and undoes it with the server’s state', async () => {
    const server = createFakeBizServer();
    server.refuse((m) => (m.type === 'client.create' ? { code: 'validation', message: 'Email must look like name@example.com' } : null));
    const { runtime, notify } = startRuntime(server);
    await vi.waitFor(() => expect(useCacheStatus.getState().firstPull).toBe('done'));
    const row = await createClient({ db: runtime.db }, { name: 'Ana', email: '', phone: '', notes: '' });
    await vi.waitFor(() => expect(notify).toHaveBeenCalledWith('Could not save client “Ana”: Email must look like name@example.com. The change was undone.', 'error'));
    await vi.waitFor(async () => expect(await runtime.db.get('clients', row.id)).toBeUndefined());
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('makes an open delivery log re-query when the server records deliveries', async () => {
    const server = createFakeBizServer();
    const { events } = startRuntime(server);
    const before = useConnectStore.getState().deliveriesVersion;
    events.emit('deliveries');
    expect(useConnectStore.getState().deliveriesVersion).toBe(before + 1);
  });

  it('reports a lost session once, when the event stream and the pulls get 401', async () => {
    const server = createFakeBizServer();
    const { onSessionLost, events } = startRuntime(server);
    await vi.waitFor(() => expect(useCacheStatus.getState().firstPull).toBe('done'));
    server.signOut();
    events.fail();
    await vi.waitFor(() => expect(onSessionLost).toHaveBeenCalledOnce());
  });

  it('words a refused change with the person’s own action and the server’s reason', () => {
    const queued = { n: 1, mutation: { id: 'm-00000001', type: 'appointment.cancel' as const, entityId: 'a1' }, entity: 'appointment' as const, entityId: 'a1', label: 'cancel “Haircut” for Ana', queuedAt: '' };
    expect(refusedMessage({ queued, error: { code: 'not_found', message: 'This appointment does not exist in this store.' } })).toBe(
      'Could not cancel “Haircut” for Ana: This appointment does not exist in this store. The change was undone.',
    );
  });
});

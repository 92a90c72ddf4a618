import type { Session } from '@mango/connect-shared';
import type { ConnectServices } from '@mango/shell-contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getBizDb } from '../db/db';
import { createClient, updateClient } from '../features/connect/outbox/outbox';
import { notifyOutbox } from '../features/connect/outbox/signal';
import { enableConnectForTest } from '../features/connect/test-helpers';
import type { ConnectRuntime } from './connect-runtime';
import { resetConnectStore, useConnectStore } from './connect-store';
import type { RuntimeConfig } from './runtime-config';
import { ConnectCodeLoadError, createStoreRuntime, type ConnectRuntimeModule, type StoreRuntime } from './store-runtime';

const config: RuntimeConfig = {
  remotes: { connectHost: { name: 'connectHost', entry: 'http://localhost:5174/mf-manifest.json', type: 'module' } },
  connect: { sdkUrl: 'http://localhost:5175/sdk/mango-connect-sdk.js', apiUrl: 'http://localhost:5175' },
};

const sessionFor = (storeId: string): Session => ({
  store: { storeId, tenantId: 'tenant_1', storeName: 'Test Salon' },
  member: { memberId: 'm1', email: 'owner@test.example', name: 'Olive Owner', role: 'owner', permissions: [] },
});

/** A stand-in for the Connect chunk that records what the store runtime asks of it. */
function fakeConnectChunk() {
  const started = vi.fn();
  const stopped = vi.fn();
  const getIntegration = vi.fn(async () => null);
  const runtime = { api: {}, services: { getIntegration } as unknown as ConnectServices, start: started, stop: stopped } as unknown as ConnectRuntime;
  const load = vi.fn(async (): Promise<ConnectRuntimeModule> => ({ createConnectRuntime: () => runtime }));
  return { load, started, stopped, getIntegration };
}

const running: StoreRuntime[] = [];
function startRuntime(storeId: string, load: () => Promise<ConnectRuntimeModule>, notify = vi.fn()) {
  const runtime = createStoreRuntime(sessionFor(storeId), { getRuntimeConfig: async () => config, notify, loadConnectRuntime: load });
  runtime.start();
  running.push(runtime);
  return runtime;
}

/** Lets the runtime's start-up reads (fake IndexedDB) and any chunk load settle. */
const settle = () => new Promise((r) => setTimeout(r, 50));
const store = () => `store_${crypto.randomUUID()}`;

afterEach(() => {
  for (const r of running.splice(0)) r.stop();
  resetConnectStore();
});

describe('store runtime: the Connect chunk loads only for a store that uses Connect', () => {
  it('never loads it for a store without Connect, even as staff change clients', async () => {
    const storeId = store();
    const chunk = fakeConnectChunk();
    const runtime = startRuntime(storeId, chunk.load);
    await settle();
    const client = await createClient({ db: runtime.db, storeId }, { name: 'Ada', email: '', phone: '', notes: '' });
    await updateClient({ db: runtime.db, storeId }, client.id, { name: 'Ada King' });
    await settle();
    expect(chunk.load).not.toHaveBeenCalled();
    expect(useConnectStore.getState().integration).toBeNull();
  });

  it('loads and starts it at start-up when the stored integration is on', async () => {
    const storeId = store();
    await enableConnectForTest(getBizDb(storeId), storeId);
    const chunk = fakeConnectChunk();
    startRuntime(storeId, chunk.load);
    await vi.waitFor(() => expect(chunk.started).toHaveBeenCalled());
    expect(chunk.load).toHaveBeenCalledOnce();
    expect(useConnectStore.getState().integration?.enabled).toBe(true);
  });

  it('loads it when events wait in the outbox, even with Connect turned off since', async () => {
    const storeId = store();
    const db = getBizDb(storeId);
    await enableConnectForTest(db, storeId);
    await createClient({ db, storeId, onCommitted: () => {} }, { name: 'Ada', email: '', phone: '', notes: '' });
    const record = (await db.getAll('integrations'))[0]!;
    await db.put('integrations', { ...record, config: { ...record.config, enabled: false } });
    const chunk = fakeConnectChunk();
    startRuntime(storeId, chunk.load);
    await vi.waitFor(() => expect(chunk.started).toHaveBeenCalled());
    expect(chunk.load).toHaveBeenCalledOnce();
  });

  it('loads it when a tab appends an event, so this tab can take over delivery', async () => {
    const chunk = fakeConnectChunk();
    startRuntime(store(), chunk.load);
    await settle();
    expect(chunk.load).not.toHaveBeenCalled();
    notifyOutbox();
    await vi.waitFor(() => expect(chunk.started).toHaveBeenCalled());
    expect(chunk.load).toHaveBeenCalledOnce();
  });

  it('loads it on the first service call (the settings page) and once only', async () => {
    const chunk = fakeConnectChunk();
    const runtime = startRuntime(store(), chunk.load);
    await settle();
    await Promise.all([runtime.services.getIntegration(), runtime.services.getIntegration()]);
    expect(chunk.load).toHaveBeenCalledOnce();
    expect(chunk.getIntegration).toHaveBeenCalledTimes(2);
  });

  it('stops the loaded runtime on stop, and a service call after a failed download tries again', async () => {
    const chunk = fakeConnectChunk();
    const load = vi.fn<() => Promise<ConnectRuntimeModule>>().mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module')).mockImplementation(chunk.load);
    const runtime = startRuntime(store(), load);
    await settle();
    const err = await runtime.services.getIntegration().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectCodeLoadError);
    expect((err as Error).message).toMatch(/Could not load Mango Connect .*Failed to fetch.*try again or reload/);
    await expect(runtime.services.getIntegration()).resolves.toBeNull();
    runtime.stop();
    await vi.waitFor(() => expect(chunk.stopped).toHaveBeenCalled());
  });
});

import type { AppointmentData, Session, SyncRequest, SyncResponse } from '@mango/connect-shared';
import { describe, expect, it, vi } from 'vitest';
import { generateDemoData } from '../../db/seed';
import type { ConnectApi } from './api';
import { ConnectIntegrationError, createIntegrationService } from './integration-service';
import { runConnectSync } from './sync';
import { freshDb, patch, putAll, TEST_STORE } from './test-helpers';
import type { RuntimeConfig } from '../../app/runtime-config';

const runtime: RuntimeConfig = {
  remotes: { connectHost: { name: 'connectHost', entry: 'http://localhost:5174/mf-manifest.json', type: 'module' } },
  connect: { sdkUrl: 'http://localhost:5175/sdk/mango-connect-sdk.js', apiUrl: 'http://localhost:5175' },
};
const NOW = new Date('2026-11-25T10:00:00Z');

const session = (role: Session['member']['role'] = 'owner'): Session => ({
  store: { storeId: TEST_STORE, tenantId: 'tenant_1', storeName: 'Test Salon' },
  member: { memberId: 'm1', email: 'owner@demo.mango', name: 'Olivia Owner', role, permissions: [] },
});

/**
 * `syncBatch` answers for one Connect batch, as the edge API does for each batch of a group: in
 * order, and the first that throws fails the rest of the request. `batches` lists the batches that
 * reached it, `requests` the groups as the browser sent them.
 */
function fakeApi({ syncBatch, ...over }: Partial<ConnectApi> & { syncBatch?: (req: SyncRequest) => Promise<SyncResponse> } = {}) {
  const batches: SyncRequest[] = [];
  const requests: SyncRequest[][] = [];
  const api: ConnectApi = {
    provision: async () => ({ connectTenantId: 'ct_9', connectTenantSlug: 'test-salon', webhookUrl: 'http://localhost:5175/webhooks/mango-biz', apiUrl: 'http://localhost:5175' }),
    syncBatches: async (group) => {
      requests.push(group);
      const results: SyncResponse[] = [];
      for (const req of group) {
        if (syncBatch) {
          results.push(await syncBatch(req));
          continue;
        }
        batches.push(req);
        results.push({ batchId: req.batchId, entity: req.entity, received: req.items.length, created: req.items.length, updated: 0, unchanged: 0 });
      }
      return results;
    },
    health: async () => ({ ok: true, latencyMs: 3, status: 200 }),
    token: async () => ({ token: 't', expiresAt: 0 }),
    sendWebhook: async () => ({ type: 'api-error', status: null, retryable: true, message: 'unused' }),
    sendWebhooks: async (events) => events.map(() => ({ type: 'api-error', status: null, retryable: true, message: 'unused' })),
    ...over,
  };
  return { api, batches, requests };
}

async function seeded() {
  const db = freshDb();
  const data = generateDemoData({ now: NOW, clients: 250, appointments: 400 });
  await putAll(db, 'clients', data.clients);
  await putAll(db, 'appointments', data.appointments);
  return { db, data };
}

describe('integration service', () => {
  it('enables: provisions, stores the tenant with default features, creates an active subscription, runs the initial sync', async () => {
    const { db, data } = await seeded();
    const { api, batches } = fakeApi();
    const onChange = vi.fn();
    const service = createIntegrationService({ db, session: session(), api, getRuntimeConfig: async () => runtime, now: () => NOW, onChange });
    const progress = vi.fn();
    const { integration, sync } = await service.enableConnectIntegration(progress);

    expect(integration).toMatchObject({ enabled: true, connectTenantId: 'ct_9', sdkUrl: runtime.connect.sdkUrl, apiUrl: runtime.connect.apiUrl, features: { conversations: true, aiAssistant: true, campaigns: true }, lastSyncAt: NOW.toISOString() });
    const sub = await db.get('webhookSubscriptions', integration.webhookSubscriptionId!);
    expect(sub).toMatchObject({ active: true, url: 'http://localhost:5175/webhooks/mango-biz', failureCount: 0 });
    expect(sub!.events).toHaveLength(5);

    const upcoming = data.appointments.filter((a) => a.scheduledAt >= NOW.toISOString() && Date.parse(a.scheduledAt) <= NOW.getTime() + 30 * 86_400_000);
    expect(sync!.clients).toMatchObject({ total: 250, synced: 250, failed: 0 });
    expect(sync!.appointments).toMatchObject({ total: upcoming.length, synced: upcoming.length });
    expect(batches.every((b) => b.items.length <= 100)).toBe(true);
    expect(batches.filter((b) => b.entity === 'clients')).toHaveLength(3);
    const appt = batches.find((b) => b.entity === 'appointments')!.items[0]!;
    expect(appt).toHaveProperty('clientEmail');
    expect(progress).toHaveBeenCalledWith(expect.objectContaining({ entity: 'clients', done: 250, total: 250 }));
    expect(await service.getSyncCounts()).toEqual({ clients: 250, appointments: upcoming.length });
    expect(onChange).toHaveBeenCalled();
  });

  it('leaves Connect disabled and says why when provisioning fails', async () => {
    const { db } = await seeded();
    const { api, batches } = fakeApi({ provision: async () => { throw new Error('Mango Connect answered 502'); } });
    const service = createIntegrationService({ db, session: session(), api, getRuntimeConfig: async () => runtime });
    const err = await service.enableConnectIntegration().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectIntegrationError);
    expect((err as Error).message).toMatch(/provisioning failed \(Mango Connect answered 502\)/);
    expect(await service.isConnectEnabled()).toBe(false);
    expect(await db.count('webhookSubscriptions')).toBe(0);
    expect(batches).toHaveLength(0);
  });

  it('disables: deactivates the subscription and turns the integration off', async () => {
    const { db } = await seeded();
    const service = createIntegrationService({ db, session: session('admin'), api: fakeApi().api, getRuntimeConfig: async () => runtime });
    const { integration } = await service.enableConnectIntegration();
    await service.disableConnectIntegration();
    expect(await service.isConnectEnabled()).toBe(false);
    expect(await db.get('webhookSubscriptions', integration.webhookSubscriptionId!)).toMatchObject({ active: false });
  });

  it('updates feature toggles without touching the rest', async () => {
    const { db } = await seeded();
    const service = createIntegrationService({ db, session: session(), api: fakeApi().api, getRuntimeConfig: async () => runtime });
    await service.enableConnectIntegration();
    const next = await service.updateConnectConfig({ features: { aiAssistant: false } });
    expect(next.features).toEqual({ conversations: true, aiAssistant: false, campaigns: true });
    expect(next.enabled).toBe(true);
  });

  it('refuses staff with a sentence that says who may', async () => {
    const { db } = await seeded();
    const service = createIntegrationService({ db, session: session('staff'), api: fakeApi().api, getRuntimeConfig: async () => runtime });
    await expect(service.enableConnectIntegration()).rejects.toThrow(/owner or admin/);
  });
});

describe('initial sync batches', () => {
  it('sends every client of the run exactly once, in key order, and none added inside a batch range mid-run', async () => {
    const { db, data } = await seeded();
    const ids = data.clients.map((c) => c.id).sort();
    // Sorts right after the first id of batch 1, so it falls inside that batch's key range.
    const intruderId = `${ids[100]}\u0000`;
    const { api, batches } = fakeApi({
      syncBatch: async (req) => {
        if (req.entity === 'clients' && req.batchId.endsWith(':0')) await db.put('clients', { ...data.clients[0]!, id: intruderId, name: 'Added mid-run' });
        batches.push(req);
        return { batchId: req.batchId, entity: req.entity, received: req.items.length, created: req.items.length, updated: 0, unchanged: 0 };
      },
    });
    // One batch per request, so batch 1 is read after batch 0 has been sent.
    const result = await runConnectSync({ db, storeId: TEST_STORE, api, now: () => NOW, concurrency: 1, batchesPerRequest: 1 });
    const sent = batches.filter((b) => b.entity === 'clients').flatMap((b) => b.items.map((c) => (c as { id: string }).id));
    expect(sent).toEqual(ids);
    expect(result.clients).toMatchObject({ total: 250, synced: 250, failed: 0 });
    // What was sent is the stored record, not just its id.
    const byId = new Map(data.clients.map((c) => [c.id, c]));
    for (const b of batches.filter((x) => x.entity === 'clients')) for (const item of b.items) expect(item).toEqual(byId.get((item as { id: string }).id));
  });

  it('skips a client deleted after the run began', async () => {
    const { db, data } = await seeded();
    const ids = data.clients.map((c) => c.id).sort();
    const { api, batches } = fakeApi({
      syncBatch: async (req) => {
        if (req.entity === 'clients' && req.batchId.endsWith(':0')) await db.delete('clients', ids[150]!);
        batches.push(req);
        return { batchId: req.batchId, entity: req.entity, received: req.items.length, created: req.items.length, updated: 0, unchanged: 0 };
      },
    });
    await runConnectSync({ db, storeId: TEST_STORE, api, now: () => NOW, concurrency: 1, batchesPerRequest: 1 });
    const sent = batches.filter((b) => b.entity === 'clients').flatMap((b) => b.items.map((c) => (c as { id: string }).id));
    expect(sent).toEqual(ids.filter((id) => id !== ids[150]));
  });
});

describe('initial sync appointments', () => {
  it('sends every upcoming appointment once, in time order, with its client’s details as they are when it is sent', async () => {
    const { db, data } = await seeded();
    const to = new Date(NOW.getTime() + 30 * 86_400_000).toISOString();
    const upcoming = data.appointments.filter((a) => a.scheduledAt >= NOW.toISOString() && a.scheduledAt <= to);
    const renamed = upcoming[upcoming.length - 1]!.clientId;
    const { api, batches } = fakeApi({
      syncBatch: async (req) => {
        // The clients are all sent; the appointments are not yet read. A rename now, as the
        // client form makes one, must reach the appointments' payloads.
        if (req.entity === 'clients' && req.batchId.endsWith(':2')) await patch(db, 'clients', renamed, { name: 'Renamed Mid-Sync', updatedAt: new Date().toISOString() });
        batches.push(req);
        return { batchId: req.batchId, entity: req.entity, received: req.items.length, created: req.items.length, updated: 0, unchanged: 0 };
      },
    });
    const result = await runConnectSync({ db, storeId: TEST_STORE, api, now: () => NOW, concurrency: 1, batchesPerRequest: 1 });
    const sent = batches.filter((b) => b.entity === 'appointments').flatMap((b) => b.items as AppointmentData[]);
    expect(result.appointments).toMatchObject({ total: upcoming.length, synced: upcoming.length, failed: 0 });
    expect(sent.map((a) => a.id).sort()).toEqual(upcoming.map((a) => a.id).sort());
    expect(sent.map((a) => a.scheduledAt)).toEqual([...sent.map((a) => a.scheduledAt)].sort());
    const clients = new Map(data.clients.map((c) => [c.id, c]));
    for (const a of sent) {
      const c = clients.get(a.clientId)!;
      expect(a.clientName).toBe(a.clientId === renamed ? 'Renamed Mid-Sync' : c.name);
      expect([a.clientEmail, a.clientPhone]).toEqual([c.email, c.phone]);
    }
    expect(sent.some((a) => a.clientId === renamed)).toBe(true);
  });
});

describe('initial sync checkpoint', () => {
  it('resumes an interrupted run with the same batch ids, skipping batches already sent', async () => {
    const { db } = await seeded();
    let calls = 0;
    const first = fakeApi({
      syncBatch: async (req) => {
        calls += 1;
        if (req.entity === 'clients' && req.batchId.endsWith(':2')) throw new Error('connection reset');
        return { batchId: req.batchId, entity: req.entity, received: req.items.length, created: 0, updated: 0, unchanged: req.items.length };
      },
    });
    const interrupted = await runConnectSync({ db, storeId: TEST_STORE, api: first.api, now: () => NOW, retryDelayMs: 0, batchesPerRequest: 1 });
    expect(interrupted.clients.failed).toBe(50);
    expect(calls).toBeGreaterThan(0);

    const second = fakeApi();
    const resumed = await runConnectSync({ db, storeId: TEST_STORE, api: second.api, now: () => NOW });
    const clientBatches = second.batches.filter((b) => b.entity === 'clients');
    expect(clientBatches.map((b) => b.batchId.split(':').at(-1))).toEqual(['2']);
    expect(resumed.clients).toMatchObject({ synced: 250, failed: 0 });
    // Same run: the batch ids of the resumed run share the interrupted run's id.
    expect(clientBatches[0]!.batchId.split(':')[0]).toBe((await db.get('syncState', 'current'))!.runId);
    expect((await db.get('syncState', 'current'))!.finished).toBe(true);
  });

  it('resumes after a reload mid-run from per-batch progress, without rewriting the large checkpoint per batch', async () => {
    const { db } = await seeded();
    let calls = 0;
    const first = fakeApi({
      syncBatch: async (req) => {
        calls += 1;
        // The tab goes away while batch 2 is in flight: it never answers.
        if (req.entity === 'clients' && req.batchId.endsWith(':2')) return new Promise(() => undefined);
        return { batchId: req.batchId, entity: req.entity, received: req.items.length, created: 0, updated: 0, unchanged: req.items.length };
      },
    });
    void runConnectSync({ db, storeId: TEST_STORE, api: first.api, now: () => NOW, concurrency: 1, batchesPerRequest: 1 });
    await vi.waitFor(async () => {
      expect(calls).toBe(3);
      expect(((await db.get('meta', `sync-progress:${(await db.get('syncState', 'current'))!.runId}`))?.value as { clients: number[] }).clients).toEqual([0, 1]);
    });
    expect((await db.get('syncState', 'current'))!.completed.clients).toEqual([]);

    const second = fakeApi();
    const resumed = await runConnectSync({ db, storeId: TEST_STORE, api: second.api, now: () => NOW });
    expect(second.batches.filter((b) => b.entity === 'clients').map((b) => b.batchId.split(':').at(-1))).toEqual(['2']);
    expect(resumed.clients).toMatchObject({ synced: 250, failed: 0 });
    const runId = (await db.get('syncState', 'current'))!.runId;
    expect(await db.get('meta', `sync-progress:${runId}`)).toBeUndefined();
  });
});

describe('initial sync requests', () => {
  const tail = (b: SyncRequest) => b.batchId.split(':').at(-1);

  it('sends batches of 100 five to a request, numbered across the run', async () => {
    const { db } = await seeded();
    const { api, requests } = fakeApi();
    const result = await runConnectSync({ db, storeId: TEST_STORE, api, now: () => NOW });
    const clientRequests = requests.filter((r) => r[0]!.entity === 'clients');
    expect(clientRequests.map((r) => r.map(tail))).toEqual([['0', '1', '2']]);
    expect(clientRequests[0]!.map((b) => b.items.length)).toEqual([100, 100, 50]);
    expect(requests.every((r) => r.length <= 5 && r.every((b) => b.entity === r[0]!.entity))).toBe(true);
    expect(result.clients).toMatchObject({ total: 250, synced: 250, failed: 0 });
    expect((await db.get('syncState', 'current'))!.groupSize).toBe(5);
  });

  it('retries and checkpoints a group as a whole: a batch Connect refuses fails its group, a resume resends that group only', async () => {
    const { db } = await seeded();
    let refuse = true;
    const first = fakeApi({
      syncBatch: async (req) => {
        if (refuse && req.entity === 'clients' && tail(req) === '1') throw new Error('Mango Connect answered 503');
        first.batches.push(req);
        return { batchId: req.batchId, entity: req.entity, received: req.items.length, created: 0, updated: 0, unchanged: req.items.length };
      },
    });
    const interrupted = await runConnectSync({ db, storeId: TEST_STORE, api: first.api, now: () => NOW, retryDelayMs: 0, batchesPerRequest: 2 });
    // Groups [0, 1] and [2]: the first fails (200 clients), the second lands.
    expect(interrupted.clients).toMatchObject({ synced: 50, failed: 200 });
    // The failing group is tried three times (two retries), each time whole; the other once.
    const sent = first.requests.filter((r) => r[0]!.entity === 'clients').map((r) => r.map(tail).join(','));
    expect(sent.filter((g) => g === '0,1')).toHaveLength(3);
    expect(sent.filter((g) => g !== '0,1')).toEqual(['2']);
    expect((await db.get('syncState', 'current'))!.finished).toBe(false);

    refuse = false;
    const second = fakeApi();
    // A resume keeps the grouping the run began with, whatever this call asks for.
    const resumed = await runConnectSync({ db, storeId: TEST_STORE, api: second.api, now: () => NOW, batchesPerRequest: 5 });
    expect(second.requests.filter((r) => r[0]!.entity === 'clients').map((r) => r.map(tail))).toEqual([['0', '1']]);
    const runId = (await db.get('syncState', 'current'))!.runId;
    expect(second.batches.filter((b) => b.entity === 'clients').every((b) => b.batchId.startsWith(`${runId}:clients:`))).toBe(true);
    expect(resumed.clients).toMatchObject({ synced: 250, failed: 0 });
    expect((await db.get('syncState', 'current'))!.finished).toBe(true);
  });

  it('resumes a run begun before grouping (no groupSize) by single batches, as its checkpoint counted them', async () => {
    const { db } = await seeded();
    const clientIds = (await db.getAllKeys('clients'));
    await db.put('syncState', { id: 'current', runId: 'legacy-run', startedAt: NOW.toISOString(), completed: { clients: [0, 1], appointments: [] }, itemIds: { clients: clientIds, appointments: [] }, finished: false });
    const { api, requests } = fakeApi();
    const result = await runConnectSync({ db, storeId: TEST_STORE, api, now: () => NOW });
    expect(requests.map((r) => r.map((b) => b.batchId))).toEqual([['legacy-run:clients:2']]);
    expect(requests[0]![0]!.items.map((c) => (c as { id: string }).id)).toEqual(clientIds.slice(200));
    expect(result.clients).toMatchObject({ total: 250, synced: 250, failed: 0 });
  });
});

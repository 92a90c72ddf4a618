import type { SyncProgress } from '@mango/shell-contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBizApi } from '../../lib/biz-api';
import { createFakeBizServer, type FakeBizServer } from '../../test/fake-biz-api';
import { createConnectServices, toConnectionCheck, type ConnectServicesHandle } from './connect-services';
import { applyConnectState, resetConnectStore, useConnectStore } from './connect-store';

const handles: ConnectServicesHandle[] = [];

/**
 * The services over the fake server. What the change feed does in the app (bring the server's
 * Connect state to the store) is done here by `refresh`, which the services call while they wait.
 */
function servicesFor(server: FakeBizServer) {
  const api = createBizApi(server.fetch);
  const refresh = vi.fn(() => void api.connectState().then(applyConnectState));
  const handle = createConnectServices({ api, refresh, pollMs: 10 });
  handles.push(handle);
  return { services: handle.services, refresh };
}

afterEach(() => {
  for (const h of handles.splice(0)) h.dispose();
  resetConnectStore();
});

describe('ConnectServices over the Biz API', () => {
  it('enable turns Connect on, waits for the server’s initial sync and reports its progress', async () => {
    const server = createFakeBizServer();
    server.putClient({ id: 'c1', name: 'Ada', email: '', phone: '', notes: '' });
    const { services } = servicesFor(server);
    const progress: SyncProgress[] = [];
    let settled = false;
    const enabled = services.enable((p) => progress.push(p)).finally(() => (settled = true));

    // The store shows Connect on as soon as the server said so, before the sync ends.
    await vi.waitFor(() => expect(useConnectStore.getState().integration?.enabled).toBe(true));
    expect(useConnectStore.getState().sync.running).toBe(true);
    server.progressSync({ entity: 'clients', done: 0, total: 1, failed: 0 });
    await vi.waitFor(() => expect(progress).toHaveLength(1));
    server.progressSync({ entity: 'clients', done: 1, total: 1, failed: 0 });
    await vi.waitFor(() => expect(progress).toHaveLength(2));
    expect(settled).toBe(false);
    server.finishSync('done');

    const result = await enabled;
    expect(progress).toEqual([
      { entity: 'clients', done: 0, total: 1, failed: 0 },
      { entity: 'clients', done: 1, total: 1, failed: 0 },
    ]);
    expect(result.integration.enabled).toBe(true);
    expect(result.sync).toMatchObject({ clients: { total: 1, synced: 1 }, appointments: { total: 0 } });
    expect(useConnectStore.getState().sync).toMatchObject({ running: false, counts: { clients: 1, appointments: 0 }, error: null });
  });

  it('enable resolves with no sync result when the initial sync fails, and the state says why', async () => {
    const server = createFakeBizServer();
    const { services } = servicesFor(server);
    const enabled = services.enable();
    await vi.waitFor(() => expect(useConnectStore.getState().sync.running).toBe(true));
    server.finishSync('failed', 'Mango Connect is unreachable');
    await expect(enabled).resolves.toMatchObject({ integration: { enabled: true }, sync: null });
    expect(useConnectStore.getState().sync.error).toBe('Mango Connect is unreachable');
  });

  it('syncNow follows the run already running instead of starting another', async () => {
    const server = createFakeBizServer();
    const { services } = servicesFor(server);
    void services.enable();
    await vi.waitFor(() => expect(useConnectStore.getState().sync.running).toBe(true));
    const runId = server.connectState().sync!.id;
    const synced = services.syncNow();
    await vi.waitFor(() => expect(server.requests).toContain('POST /api/connect/sync'));
    expect(server.connectState().sync!.id).toBe(runId);
    server.finishSync('done');
    await expect(synced).resolves.toMatchObject({ clients: { total: 0 }, appointments: { total: 0 } });
  });

  it('syncNow rejects with the run’s own reason when it fails', async () => {
    const server = createFakeBizServer();
    const { services } = servicesFor(server);
    void services.enable();
    await vi.waitFor(() => expect(useConnectStore.getState().sync.running).toBe(true));
    server.finishSync('done');
    await vi.waitFor(() => expect(useConnectStore.getState().sync.running).toBe(false));
    const synced = services.syncNow();
    await vi.waitFor(() => expect(useConnectStore.getState().sync.running).toBe(true));
    server.finishSync('failed', 'Mango Connect is unreachable');
    await expect(synced).rejects.toThrow('Mango Connect is unreachable');
  });

  it('stops waiting on dispose (sign-out) with a reason', async () => {
    const server = createFakeBizServer();
    const api = createBizApi(server.fetch);
    const handle = createConnectServices({ api, refresh: () => undefined });
    const enabled = handle.services.enable();
    await vi.waitFor(() => expect(useConnectStore.getState().sync.running).toBe(true));
    handle.dispose();
    await expect(enabled).rejects.toThrow(/signed out/);
  });

  it('disable and updateFeatures change the store’s state for this tab at once', async () => {
    const server = createFakeBizServer();
    const { services } = servicesFor(server);
    const enabling = services.enable();
    await vi.waitFor(() => expect(useConnectStore.getState().integration?.enabled).toBe(true));
    server.finishSync('done');
    await enabling;
    await expect(services.updateFeatures({ aiAssistant: false })).resolves.toMatchObject({ features: { aiAssistant: false, conversations: true } });
    expect(useConnectStore.getState().integration?.features.aiAssistant).toBe(false);
    await services.disable();
    expect(useConnectStore.getState().integration?.enabled).toBe(false);
    expect(await services.getIntegration()).toMatchObject({ enabled: false });
  });

  it('lists deliveries with the filter as the query, and a redelivery makes the log re-query', async () => {
    const server = createFakeBizServer();
    const { services } = servicesFor(server);
    await services.listDeliveries({ status: 'dead', event: 'client.updated', limit: 100 });
    expect(server.requests).toContain('GET /api/connect/deliveries?status=dead&event=client.updated&limit=100');
    const before = useConnectStore.getState().deliveriesVersion;
    await services.redeliver('evt_1');
    expect(useConnectStore.getState().deliveriesVersion).toBe(before + 1);
  });

  it('lists what waits for Connect, soonest next attempt first, with the destination’s circuit', async () => {
    const server = createFakeBizServer();
    server.destination = { state: 'open', failures: 5, probeAt: '2026-11-25T10:05:00.000Z', active: true };
    server.waiting = [
      { eventId: 'evt_2', event: 'appointment.created', entityId: 'a1', attempts: 3, nextAttemptAt: '2026-11-25T10:30:00.000Z', lastError: 'Connect answered 503' },
      { eventId: 'evt_1', event: 'client.updated', entityId: 'c1', attempts: 4, nextAttemptAt: '2026-11-25T10:05:00.000Z', lastError: null },
    ];
    const { services } = servicesFor(server);
    const answer = await services.listWaiting!();
    expect(server.requests).toContain('GET /api/connect/waiting');
    expect(answer.destination).toEqual({ state: 'open', failures: 5, probeAt: '2026-11-25T10:05:00.000Z', active: true });
    expect(answer.waiting.map((e) => e.eventId)).toEqual(['evt_1', 'evt_2']);
    expect(answer.total).toBe(2);
  });

  it('retryNow makes one waiting event due, or every one, and says how many', async () => {
    const now = new Date('2026-11-25T10:00:00.000Z');
    const server = createFakeBizServer({ now: () => now });
    server.destination = { state: 'open', failures: 5, probeAt: '2026-11-25T10:05:00.000Z', active: true };
    server.waiting = [
      { eventId: 'evt_1', event: 'client.updated', entityId: 'c1', attempts: 4, nextAttemptAt: '2026-11-25T10:05:00.000Z', lastError: null },
      { eventId: 'evt_2', event: 'client.updated', entityId: 'c2', attempts: 4, nextAttemptAt: '2026-11-25T10:30:00.000Z', lastError: null },
    ];
    const { services } = servicesFor(server);
    await expect(services.retryNow!('evt_2')).resolves.toBe(1);
    expect(server.waiting.map((e) => e.nextAttemptAt)).toEqual(['2026-11-25T10:05:00.000Z', now.toISOString()]);
    expect(server.destination.probeAt).toBe(now.toISOString());
    await expect(services.retryNow!()).resolves.toBe(2);
    expect(server.waiting.every((e) => e.nextAttemptAt === now.toISOString())).toBe(true);
  });

  it('retryNow rejects with the server’s sentence when the event no longer waits', async () => {
    const server = createFakeBizServer();
    const { services } = servicesFor(server);
    await expect(services.retryNow!('evt_gone')).rejects.toThrow(/evt_gone is not waiting/);
  });

  it('refuses a waiting list that does not match the wire schema', async () => {
    const server = createFakeBizServer();
    const broken: typeof fetch = async (input, init) =>
      String(input).endsWith('/api/connect/waiting') ? new Response(JSON.stringify({ destination: null, waiting: [{ eventId: 'evt_1' }], total: 1 }), { status: 200 }) : server.fetch(input, init);
    const handle = createConnectServices({ api: createBizApi(broken), refresh: () => undefined });
    handles.push(handle);
    await expect(handle.services.listWaiting!()).rejects.toMatchObject({ name: 'ApiRequestError', kind: 'invalid_response' });
  });

  it('reports a Connect without a health check as not checked, not as down', async () => {
    const server = createFakeBizServer();
    const { services } = servicesFor(server);
    await expect(services.checkConnection()).resolves.toMatchObject({ ok: false, state: 'unknown' });
    expect(toConnectionCheck({ state: 'up', latencyMs: 40, status: 200, message: '' })).toEqual({ ok: true, state: 'connected', message: 'Mango Connect answered in 40 ms.', latencyMs: 40 });
    expect(toConnectionCheck({ state: 'down', latencyMs: 5000, status: null, message: 'Mango Connect did not answer within 5 s' })).toMatchObject({ ok: false, state: 'unreachable', message: 'Mango Connect did not answer within 5 s' });
  });

  it('rejects with the server’s message when it refuses', async () => {
    const server = createFakeBizServer();
    const { services } = servicesFor(server);
    await expect(services.syncNow()).rejects.toThrow('Enable Mango Connect first');
  });
});

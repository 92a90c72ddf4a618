import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.js';
import { admin, client, postSigned, provision, start, STORE_ID } from '../../test/helpers.js';

describe('admin API without SANDBOX_ADMIN', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await start({ SANDBOX_ADMIN: '0' });
  });
  afterAll(() => sb.close());

  it('answers 404 on every admin path', async () => {
    for (const [method, path] of [
      ['GET', '/webhooks'],
      ['GET', '/tenants'],
      ['POST', '/reset'],
      ['POST', '/faults'],
      ['POST', '/expire-tokens'],
      ['POST', '/sdk-mode'],
      ['POST', '/profile'],
    ] as const) {
      const res = await admin(sb.url, path, method === 'POST' ? {} : undefined, method);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});

describe('fault injection', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await start();
  });
  afterAll(() => sb.close());
  beforeEach(async () => {
    await admin(sb.url, '/reset');
    await provision(sb.url);
  });
  afterEach(() => admin(sb.url, '/faults', undefined, 'DELETE'));

  const webhook = () =>
    postSigned(sb.url, '/webhook-mango-biz', { event: 'client.created', storeId: STORE_ID, timestamp: new Date().toISOString(), data: client('c1', 'Ana') });

  it('answers the injected status with Retry-After and a JSON error', async () => {
    expect((await admin(sb.url, '/faults', { route: 'webhook', status: 503, retryAfterSeconds: 7 })).status).toBe(201);
    const res = await webhook();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('fault_injected');
  });

  it('fires only for the next N requests when count is set', async () => {
    await admin(sb.url, '/faults', { route: 'webhook', status: 429, count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await webhook()).status);
    expect(statuses).toEqual([429, 429, 200]);
  });

  it('fires on a deterministic share of requests with rate', async () => {
    await admin(sb.url, '/faults', { route: 'webhook', status: 500, rate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await webhook()).status);
    expect(statuses).toEqual([200, 500, 200, 500]);
  });

  it('drops the connection so the caller sees a network error', async () => {
    await admin(sb.url, '/faults', { route: 'sync', drop: true, count: 1 });
    await expect(postSigned(sb.url, '/api-mango-biz-sync', { storeId: STORE_ID, batchId: 'b', entity: 'clients', items: [client('c1', 'A')] })).rejects.toThrow();
    const ok = await postSigned(sb.url, '/api-mango-biz-sync', { storeId: STORE_ID, batchId: 'b', entity: 'clients', items: [client('c1', 'A')] });
    expect(ok.status).toBe(200);
  });

  it('lists the webhook log from a cursor with ?since, answering the next cursor as total', async () => {
    for (let i = 0; i < 3; i++) await webhook();
    const all = (await (await admin(sb.url, '/webhooks', undefined, 'GET')).json()) as { webhooks: { id: string }[]; total: number };
    expect(all.total).toBe(3);
    const tail = (await (await admin(sb.url, '/webhooks?since=2', undefined, 'GET')).json()) as { webhooks: { id: string }[]; total: number };
    expect(tail).toEqual({ webhooks: [all.webhooks[2]], total: 3 });
    const none = (await (await admin(sb.url, '/webhooks?since=99', undefined, 'GET')).json()) as { webhooks: unknown[] };
    expect(none.webhooks).toEqual([]);
  });

  it('leaves other routes and the admin API alone, and DELETE clears faults', async () => {
    await admin(sb.url, '/faults', { route: '*', status: 500 });
    expect((await admin(sb.url, '/webhooks', undefined, 'GET')).status).toBe(200);
    expect((await fetch(`${sb.url}/health`)).status).toBe(500);
    await admin(sb.url, '/faults', undefined, 'DELETE');
    expect((await fetch(`${sb.url}/health`)).status).toBe(200);
  });

  it('a latency-only fault delays but still lets the request through', async () => {
    await admin(sb.url, '/faults', { route: 'webhook', latencyMs: 20 });
    expect((await webhook()).status).toBe(200);
    const { faults } = (await (await admin(sb.url, '/faults', undefined, 'GET')).json()) as { faults: { fired: number }[] };
    expect(faults[0]?.fired).toBe(1);
  });

  it('a body fault answers exactly that body with its status, as a broken Connect would', async () => {
    await admin(sb.url, '/faults', { route: 'provision', body: '{"connectTenantId": oops', count: 1 });
    const res = await postSigned(sb.url, '/provision-mango-biz-tenant', { storeId: 'store_body', storeName: 'B', tenantId: 't', ownerEmail: 'o@x.test', ownerName: 'O' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"connectTenantId": oops');
  });

  it('rejects a fault with nothing to do with 400', async () => {
    const res = await admin(sb.url, '/faults', { route: 'webhook' });
    expect(res.status).toBe(400);
  });
});

describe('reset and tenants', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await start();
  });
  afterAll(() => sb.close());

  it('lists tenants with counts and forgets everything on reset', async () => {
    await provision(sb.url);
    await postSigned(sb.url, '/webhook-mango-biz', { event: 'client.created', storeId: STORE_ID, timestamp: new Date().toISOString(), data: client('c1', 'Ana') });
    const before = (await (await admin(sb.url, '/tenants', undefined, 'GET')).json()) as { tenants: Record<string, unknown>[] };
    expect(before.tenants).toEqual([expect.objectContaining({ storeId: STORE_ID, clientCount: 1, appointmentCount: 0 })]);
    await admin(sb.url, '/reset');
    const after = (await (await admin(sb.url, '/tenants', undefined, 'GET')).json()) as { tenants: unknown[] };
    expect(after.tenants).toEqual([]);
    expect(((await (await admin(sb.url, '/webhooks', undefined, 'GET')).json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
  });

  it('answers health with the version', async () => {
    expect(await (await fetch(`${sb.url}/health`)).json()).toEqual({ ok: true, version: expect.any(String) });
  });
});

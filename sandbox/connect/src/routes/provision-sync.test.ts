import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.js';
import { admin, appointment, client, postSigned, provision, provisionBody, start, STORE_ID } from '../../test/helpers.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());
beforeEach(() => admin(sb.url, '/reset'));

describe('POST /provision-mango-biz-tenant', () => {
  it('creates a tenant and answers its ids with the public webhook and API URLs', async () => {
    const res = await postSigned(sb.url, '/provision-mango-biz-tenant', provisionBody());
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toEqual({
      connectTenantId: expect.stringMatching(/^ct_[0-9a-f]{12}$/),
      connectTenantSlug: expect.stringMatching(/^mango-nails-spa-[0-9a-f]{6}$/),
      webhookUrl: 'http://connect.test/webhook-mango-biz',
      apiUrl: 'http://connect.test',
    });
  });

  it('is idempotent per storeId: a repeat answers the same tenant and creates no second one', async () => {
    const first = await provision(sb.url);
    const second = await provision(sb.url);
    expect(second).toEqual(first);
    const res = await admin(sb.url, '/tenants', undefined, 'GET');
    expect(((await res.json()) as { tenants: unknown[] }).tenants).toHaveLength(1);
  });

  it('rejects an unsigned request with 401', async () => {
    const res = await fetch(`${sb.url}/provision-mango-biz-tenant`, { method: 'POST', body: JSON.stringify(provisionBody()) });
    expect(res.status).toBe(401);
  });

  it('rejects a stale request with timestamp_stale', async () => {
    const res = await postSigned(sb.url, '/provision-mango-biz-tenant', provisionBody(), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('timestamp_stale');
  });

  it('rejects a bad body with 400 naming the field', async () => {
    const res = await postSigned(sb.url, '/provision-mango-biz-tenant', { ...provisionBody(), ownerEmail: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('ownerEmail');
  });
});

describe('POST /api-mango-biz-sync', () => {
  const clients = Array.from({ length: 3 }, (_, i) => client(`c${i}`, `Client ${i}`));
  const batch = (items: unknown[], batchId = 'b1') => ({ storeId: STORE_ID, batchId, entity: 'clients', items });

  it('upserts by id: the same batch twice changes nothing, a changed item counts as updated', async () => {
    await provision(sb.url);
    const first = await postSigned(sb.url, '/api-mango-biz-sync', batch(clients));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ batchId: 'b1', entity: 'clients', received: 3, created: 3, updated: 0, unchanged: 0 });
    const again = await postSigned(sb.url, '/api-mango-biz-sync', batch(clients));
    expect(await again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    const changed = await postSigned(sb.url, '/api-mango-biz-sync', batch([{ ...clients[0]!, name: 'Renamed' }, clients[1]], 'b2'));
    expect(await changed.json()).toMatchObject({ batchId: 'b2', received: 2, created: 0, updated: 1, unchanged: 1 });
    const tenants = (await (await admin(sb.url, '/tenants', undefined, 'GET')).json()) as { tenants: { clientCount: number }[] };
    expect(tenants.tenants[0]?.clientCount).toBe(3);
  });

  it('syncs appointments', async () => {
    await provision(sb.url);
    const res = await postSigned(sb.url, '/api-mango-biz-sync', { storeId: STORE_ID, batchId: 'ba', entity: 'appointments', items: [appointment('a1', clients[0]!)] });
    expect(await res.json()).toMatchObject({ entity: 'appointments', created: 1 });
  });

  it('rejects 101 items with 413 batch_too_large', async () => {
    await provision(sb.url);
    const items = Array.from({ length: 101 }, (_, i) => client(`c${i}`, `Client ${i}`));
    const res = await postSigned(sb.url, '/api-mango-biz-sync', batch(items));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('batch_too_large');
  });

  it('accepts exactly 100 items', async () => {
    await provision(sb.url);
    const items = Array.from({ length: 100 }, (_, i) => client(`c${i}`, `Client ${i}`));
    const res = await postSigned(sb.url, '/api-mango-biz-sync', batch(items));
    expect(await res.json()).toMatchObject({ received: 100, created: 100 });
  });

  it('answers 404 tenant_unknown before provisioning and records accepted batches for the admin API', async () => {
    const early = await postSigned(sb.url, '/api-mango-biz-sync', batch(clients));
    expect(early.status).toBe(404);
    await provision(sb.url);
    await postSigned(sb.url, '/api-mango-biz-sync', batch(clients), { id: 'req_1' });
    const res = await admin(sb.url, '/sync-batches', undefined, 'GET');
    expect(((await res.json()) as { batches: unknown[] }).batches).toEqual([
      expect.objectContaining({ seq: 1, requestId: 'req_1', batchId: 'b1', storeId: STORE_ID, entity: 'clients', created: 3 }),
    ]);
  });

  it('rejects a forged signature with 401', async () => {
    await provision(sb.url);
    const res = await postSigned(sb.url, '/api-mango-biz-sync', batch(clients), { secret: 'z'.repeat(40) });
    expect(res.status).toBe(401);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.js';
import { admin, client, postSigned, provisionBody, start, STORE_ID } from '../../test/helpers.js';

const batch = { storeId: STORE_ID, batchId: 'b1', entity: 'clients', items: [client('c1', 'Ana'), client('c2', 'Bo')] };

describe('the minimal profile (SANDBOX_PROFILE=minimal): a Connect built from the PRD alone', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await start({ SANDBOX_PROFILE: 'minimal' });
  });
  afterAll(() => sb.close());
  beforeEach(() => admin(sb.url, '/reset'));

  it('answers provisioning with the four PRD fields plus fields Biz does not know', async () => {
    const res = await postSigned(sb.url, '/provision-mango-biz-tenant', provisionBody());
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      connectTenantId: expect.stringMatching(/^ct_/),
      connectTenantSlug: expect.any(String),
      webhookUrl: 'http://connect.test/webhook-mango-biz',
      apiUrl: 'http://connect.test',
    });
    expect(Object.keys(body).sort()).toEqual(['apiUrl', 'connectTenantId', 'connectTenantSlug', 'createdAt', 'dashboardUrl', 'webhookUrl']);
  });

  it('answers a sync batch {"ok": true} and still applies it', async () => {
    await postSigned(sb.url, '/provision-mango-biz-tenant', provisionBody());
    const res = await postSigned(sb.url, '/api-mango-biz-sync', batch);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const clients = (await (await admin(sb.url, `/tenants/${STORE_ID}/clients`, undefined, 'GET')).json()) as { clients: { id: string }[] };
    expect(clients.clients.map((c) => c.id).sort()).toEqual(['c1', 'c2']);
  });

  it('has no /health', async () => {
    const res = await fetch(`${sb.url}/health`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('still refuses an unsigned sync batch', async () => {
    const res = await fetch(`${sb.url}/api-mango-biz-sync`, { method: 'POST', body: JSON.stringify(batch) });
    expect(res.status).toBe(401);
  });
});

describe('switching profiles with the admin API', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await start();
  });
  afterAll(() => sb.close());
  beforeEach(() => admin(sb.url, '/reset'));

  it('starts in the full profile, with counts and /health', async () => {
    expect(await (await admin(sb.url, '/profile', undefined, 'GET')).json()).toEqual({ profile: 'full' });
    await postSigned(sb.url, '/provision-mango-biz-tenant', provisionBody());
    expect(await (await postSigned(sb.url, '/api-mango-biz-sync', batch)).json()).toEqual({ batchId: 'b1', entity: 'clients', received: 2, created: 2, updated: 0, unchanged: 0 });
    expect((await fetch(`${sb.url}/health`)).status).toBe(200);
  });

  it('switches to minimal and back at run time', async () => {
    const set = await admin(sb.url, '/profile', { profile: 'minimal' });
    expect(await set.json()).toEqual({ profile: 'minimal' });
    expect((await fetch(`${sb.url}/health`)).status).toBe(404);
    await postSigned(sb.url, '/provision-mango-biz-tenant', provisionBody());
    expect(await (await postSigned(sb.url, '/api-mango-biz-sync', batch)).json()).toEqual({ ok: true });

    await admin(sb.url, '/profile', { profile: 'full' });
    expect((await fetch(`${sb.url}/health`)).status).toBe(200);
    expect(await (await postSigned(sb.url, '/api-mango-biz-sync', batch)).json()).toMatchObject({ received: 2, unchanged: 2 });
  });

  it('returns to the configured profile on reset', async () => {
    await admin(sb.url, '/profile', { profile: 'minimal' });
    await admin(sb.url, '/reset');
    expect(await (await admin(sb.url, '/profile', undefined, 'GET')).json()).toEqual({ profile: 'full' });
  });

  it('refuses an unknown profile with 400 naming the choices', async () => {
    const res = await admin(sb.url, '/profile', { profile: 'lenient' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('full, minimal');
  });
});

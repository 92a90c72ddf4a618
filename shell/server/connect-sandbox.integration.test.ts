// The edge API against the real Connect sandbox, both as real servers over HTTP: the Biz side's
// contract with Connect (token, webhooks, provisioning, sync) checked by the other side's code.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { generateConnectToken } from '@mango/connect-shared';
import { DEMO_MEMBERS, DEMO_STORE } from './auth/demo-members.js';
import { TEST_SECRETS, call, login, startEdge, testEnv, type RunningEdge } from './testing/edge-server.js';
import { clientCreatedEvent } from './testing/fixtures.js';
import { freePort } from './testing/free-port.js';
import { startSandboxProcess } from './testing/processes.js';

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let edge: RunningEdge;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startSandboxProcess(TEST_SECRETS);
  edge = await startEdge(testEnv({ MANGO_CONNECT_API_URL: sandbox.url }));
  for (const role of ['owner', 'admin', 'staff']) cookies[role] = (await login(edge.url, `${role}@demo.mango`)).cookie;
}, 60_000);
afterAll(async () => {
  await edge?.stop();
  await sandbox?.stop();
});
beforeEach(async () => {
  await sandbox.admin('DELETE', '/faults');
  await sandbox.admin('POST', '/reset');
});

const authAtConnect = (token: string) =>
  fetch(`${sandbox.url}/auth-mango-biz`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

const provision = async (role = 'owner') => {
  const res = await call(edge.url, cookies[role]!, 'POST', '/api/connect/provision');
  return { res, body: await res.json() };
};

describe('Connect token', { timeout: 20_000 }, () => {
  it('a token minted by the edge API is accepted by Connect’s /auth-mango-biz for that member', async () => {
    const { token } = await (await call(edge.url, cookies.admin!, 'POST', '/api/connect/token')).json();
    const res = await authAtConnect(token);
    expect(res.status).toBe(200);
    const { session } = await res.json();
    expect(session.storeId).toBe('store_demo_001');
    expect(session.member).toMatchObject({ memberId: 'member_admin_001', email: 'admin@demo.mango', name: 'Adam Admin', role: 'admin' });
  });

  it('Connect rejects a token forged with another secret', async () => {
    const forged = await generateConnectToken(DEMO_STORE, DEMO_MEMBERS[0]!, 'someone-elses-secret-that-is-long-enough-42');
    const res = await authAtConnect(forged);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('token_invalid');
  });

  it('Connect rejects an expired token signed with the right secret', async () => {
    const twoHoursAgo = Date.now() - 2 * 3600 * 1000;
    const expired = await generateConnectToken(DEMO_STORE, DEMO_MEMBERS[0]!, TEST_SECRETS.MANGO_CONNECT_JWT_SECRET, { now: twoHoursAgo });
    const res = await authAtConnect(expired);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('token_expired');
  });

  it('Connect rejects an alg=none token claiming to be the owner', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { storeId: 'store_demo_001', tenantId: 'tenant_demo_001', memberId: 'm', memberEmail: 'owner@demo.mango', memberName: 'O', role: 'owner', permissions: ['*'], iat: now, exp: now + 3600 };
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const res = await authAtConnect(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`);
    expect(res.status).toBe(401);
    // And a well-formed HS256 token lacking the Biz claims is refused too.
    const bare = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRETS.MANGO_CONNECT_JWT_SECRET));
    expect((await authAtConnect(bare)).status).toBe(401);
  });
});

describe('provisioning', { timeout: 20_000 }, () => {
  it('provisions the store once: a second call answers the same tenant and Connect holds one', async () => {
    const first = await provision('owner');
    expect(first.res.status).toBe(200);
    expect(first.body.webhookUrl.startsWith(sandbox.url)).toBe(true);
    const second = await provision('admin');
    expect(second.res.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const { tenants } = await sandbox.admin('GET', '/tenants');
    expect(tenants).toHaveLength(1);
    expect(tenants[0]).toMatchObject({ storeId: 'store_demo_001', storeName: 'Mango Demo Salon', tenantId: 'tenant_demo_001', ownerEmail: 'owner@demo.mango' });
  });

  it('staff gets 403 and Connect never hears of it', async () => {
    const { res, body } = await provision('staff');
    expect(res.status).toBe(403);
    expect(body.error.code).toBe('forbidden_role');
    expect((await sandbox.admin('GET', '/tenants')).tenants).toHaveLength(0);
  });

  it('Connect faulting 503 surfaces as 502 connect_unavailable', async () => {
    await sandbox.admin('POST', '/faults', { route: 'provision', status: 503 });
    const { res, body } = await provision('owner');
    expect(res.status).toBe(502);
    expect(body.error.code).toBe('connect_unavailable');
  });
});

describe('webhooks', { timeout: 20_000 }, () => {
  it('delivers a signed event that Connect verifies, keyed by the stable event id; a retry is a duplicate', async () => {
    const { body: tenant } = await provision('owner');
    const event = clientCreatedEvent();
    const relay = () => call(edge.url, cookies.staff!, 'POST', '/api/connect/webhooks', { webhookUrl: tenant.webhookUrl, event });

    const first = await relay();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, status: 200, attempts: 1 });
    const second = await (await relay()).json();
    expect(second).toMatchObject({ ok: true, status: 200 });

    const { webhooks } = await sandbox.admin('GET', '/webhooks');
    expect(webhooks).toHaveLength(2);
    for (const w of webhooks) expect(w).toMatchObject({ id: event.id, event: 'client.created', entityId: 'client_42', storeId: 'store_demo_001', signatureValid: true });
    expect(webhooks.map((w: { duplicate: boolean }) => w.duplicate)).toEqual([false, true]);
    const { clients } = await sandbox.admin('GET', '/tenants/store_demo_001/clients');
    expect(clients).toEqual([expect.objectContaining({ id: 'client_42', name: 'Ada Lovelace' })]);
  });

  it('Connect answering 503 with Retry-After gives the relay a retryable outcome with the delay', async () => {
    const { body: tenant } = await provision('owner');
    await sandbox.admin('POST', '/faults', { route: 'webhook', status: 503, retryAfterSeconds: 30 });
    const res = await call(edge.url, cookies.staff!, 'POST', '/api/connect/webhooks', { webhookUrl: tenant.webhookUrl, event: clientCreatedEvent() });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, status: 503, retryable: true, retryAfterSeconds: 30 });
  });

  it('refuses a webhook URL off the trusted origins; nothing is sent', async () => {
    await provision('owner');
    const elsewhere = `http://127.0.0.1:${await freePort()}/webhook-mango-biz`;
    const res = await call(edge.url, cookies.staff!, 'POST', '/api/connect/webhooks', { webhookUrl: elsewhere, event: clientCreatedEvent() });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('untrusted_webhook_url');
    expect((await sandbox.admin('GET', '/webhooks')).webhooks).toHaveLength(0);
  });
});

describe('bulk sync', { timeout: 20_000 }, () => {
  it('a group of batches lands in order, and sent twice changes nothing the second time', async () => {
    await provision('owner');
    const now = new Date().toISOString();
    const batch = (batchId: string, ids: number[]) => ({
      storeId: 'store_demo_001',
      batchId,
      entity: 'clients',
      items: ids.map((i) => ({ id: `c${i}`, name: `Client ${i}`, email: `c${i}@example.com`, phone: '', notes: '', createdAt: now, updatedAt: now })),
    });
    const group = { batches: [batch('run:clients:0', [1, 2, 3]), batch('run:clients:1', [4])] };
    const first = await (await call(edge.url, cookies.admin!, 'POST', '/api/connect/sync/batches', group)).json();
    expect(first.results).toMatchObject([
      { batchId: 'run:clients:0', entity: 'clients', received: 3, created: 3 },
      { batchId: 'run:clients:1', entity: 'clients', received: 1, created: 1 },
    ]);
    const again = await (await call(edge.url, cookies.admin!, 'POST', '/api/connect/sync/batches', group)).json();
    expect(again.results).toMatchObject([
      { received: 3, created: 0, updated: 0, unchanged: 3 },
      { received: 1, created: 0, updated: 0, unchanged: 1 },
    ]);
  });

  it('health reports Connect up', async () => {
    const res = await call(edge.url, cookies.staff!, 'GET', '/api/connect/health');
    expect(await res.json()).toMatchObject({ ok: true, status: 200 });
  });
});

import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../testing/free-port.js';
import { startReceiver } from '../testing/receiver.js';
import { TEST_SECRETS, call, login, startEdge, testEnv, type RunningEdge } from '../testing/edge-server.js';

let connect: Awaited<ReturnType<typeof startReceiver>>;
let edge: RunningEdge;
const cookies: Record<string, string> = {};

const provisioned = (origin: string) => ({
  status: 200,
  body: JSON.stringify({ connectTenantId: 'ct_1', connectTenantSlug: 'mango-demo-salon', webhookUrl: `${origin}/webhook-mango-biz`, apiUrl: origin }),
});

beforeAll(async () => {
  connect = await startReceiver();
  edge = await startEdge(testEnv({ MANGO_CONNECT_API_URL: connect.origin }));
  for (const role of ['owner', 'admin', 'manager', 'staff']) cookies[role] = (await login(edge.url, `${role}@demo.mango`)).cookie;
});
afterAll(async () => {
  await edge.stop();
  await connect.stop();
});
beforeEach(() => {
  connect.received.length = 0;
  connect.answer((req) => (req.path === '/health' ? { status: 200, body: '{"ok":true}' } : provisioned(connect.origin)));
});

const now = new Date().toISOString();
const clientItem = (i: number) => ({ id: `c${i}`, name: `Client ${i}`, email: '', phone: '', notes: '', createdAt: now, updatedAt: now });
const batch = (count: number, { storeId = 'store_demo_001', batchId = 'batch_1' } = {}) => ({ storeId, batchId, entity: 'clients', items: Array.from({ length: count }, (_, i) => clientItem(i)) });
const syncBody = (...batches: ReturnType<typeof batch>[]) => ({ batches });
const counts = (batchId: string, n: number) => JSON.stringify({ batchId, entity: 'clients', received: n, created: n, updated: 0, unchanged: 0 });

describe('role checks', () => {
  for (const role of ['manager', 'staff']) {
    it(`${role} gets 403 forbidden_role on provision and sync, and nothing reaches Connect`, async () => {
      const p = await call(edge.url, cookies[role]!, 'POST', '/api/connect/provision', {});
      expect(p.status).toBe(403);
      const { error } = await p.json();
      expect(error.code).toBe('forbidden_role');
      expect(error.message).toMatch(/owner or admin/);
      const s = await call(edge.url, cookies[role]!, 'POST', '/api/connect/sync/batches', syncBody(batch(1)));
      expect(s.status).toBe(403);
      expect(connect.received).toHaveLength(0);
    });
  }

  it('any signed-in role may probe health', async () => {
    const res = await call(edge.url, cookies.staff!, 'GET', '/api/connect/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, status: 200, latencyMs: expect.any(Number) });
  });
});

describe('POST /api/connect/provision', () => {
  it('provisions the session store with the signed-in admin as owner contact, signed', async () => {
    const res = await call(edge.url, cookies.admin!, 'POST', '/api/connect/provision');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ connectTenantId: 'ct_1', webhookUrl: `${connect.origin}/webhook-mango-biz` });
    const [got] = connect.received;
    expect(got!.path).toBe('/provision-mango-biz-tenant');
    expect(JSON.parse(got!.body)).toEqual({
      storeId: 'store_demo_001',
      storeName: 'Mango Demo Salon',
      tenantId: 'tenant_demo_001',
      ownerEmail: 'admin@demo.mango',
      ownerName: 'Adam Admin',
    });
    expect(got!.headers['x-mango-signature']).toBe(createHmac('sha256', TEST_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET).update(got!.body).digest('hex'));
  });

  it('refuses a Connect answer that points webhooks at an untrusted origin (502 untrusted_connect_response)', async () => {
    connect.answer(() => provisioned('https://attacker.example'));
    const res = await call(edge.url, cookies.owner!, 'POST', '/api/connect/provision');
    expect(res.status).toBe(502);
    expect((await res.json()).error.code).toBe('untrusted_connect_response');
  });

  it('turns a Connect 4xx into 502 connect_rejected with Connect’s reason', async () => {
    connect.answer(() => ({ status: 400, body: '{"error":{"code":"bad_store","message":"store name taken"}}' }));
    const res = await call(edge.url, cookies.owner!, 'POST', '/api/connect/provision');
    expect(res.status).toBe(502);
    const { error } = await res.json();
    expect(error.code).toBe('connect_rejected');
    expect(error.message).toMatch(/400/);
  });

  it('turns Connect being down into 502 connect_unavailable', async () => {
    const down = await startEdge(testEnv({ MANGO_CONNECT_API_URL: `http://127.0.0.1:${await freePort()}` }));
    try {
      const owner = (await login(down.url, 'owner@demo.mango')).cookie;
      const res = await call(down.url, owner, 'POST', '/api/connect/provision');
      expect(res.status).toBe(502);
      expect((await res.json()).error.code).toBe('connect_unavailable');
      const health = await (await call(down.url, owner, 'GET', '/api/connect/health')).json();
      expect(health).toMatchObject({ ok: false, status: null });
    } finally {
      await down.stop();
    }
  });
});

describe('POST /api/connect/sync/batches', () => {
  it('forwards each batch to Connect signed, one at a time and in order, and answers Connect’s counts per batch', async () => {
    let inFlight = 0;
    let most = 0;
    connect.answer(async (req) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      const body = JSON.parse(req.body);
      return { status: 200, body: counts(body.batchId, body.items.length) };
    });
    const res = await call(edge.url, cookies.owner!, 'POST', '/api/connect/sync/batches', syncBody(batch(2, { batchId: 'run:clients:0' }), batch(3, { batchId: 'run:clients:1' })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      results: [
        { batchId: 'run:clients:0', entity: 'clients', received: 2, created: 2, updated: 0, unchanged: 0 },
        { batchId: 'run:clients:1', entity: 'clients', received: 3, created: 3, updated: 0, unchanged: 0 },
      ],
    });
    expect(connect.received.map((r) => [r.path, JSON.parse(r.body).batchId, JSON.parse(r.body).items.length])).toEqual([
      ['/api-mango-biz-sync', 'run:clients:0', 2],
      ['/api-mango-biz-sync', 'run:clients:1', 3],
    ]);
    for (const r of connect.received) expect(r.headers['x-mango-signature']).toBe(createHmac('sha256', TEST_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET).update(r.body).digest('hex'));
    expect(most).toBe(1);
  });

  it('refuses a batch of more than 100 items with 400 naming it, and sends none of the group', async () => {
    const res = await call(edge.url, cookies.owner!, 'POST', '/api/connect/sync/batches', syncBody(batch(1), batch(101)));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^batches\.1\.items:/);
    expect(connect.received).toHaveLength(0);
  });

  it('refuses more than five batches, and none at all, with 400 naming batches', async () => {
    for (const body of [syncBody(...Array.from({ length: 6 }, () => batch(1))), syncBody()]) {
      const res = await call(edge.url, cookies.owner!, 'POST', '/api/connect/sync/batches', body);
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(/^batches:/);
    }
    expect(connect.received).toHaveLength(0);
  });

  it('refuses a group holding a batch for another store with 403 wrong_store, and sends none of it', async () => {
    const res = await call(edge.url, cookies.owner!, 'POST', '/api/connect/sync/batches', syncBody(batch(1), batch(1, { storeId: 'store_other_999', batchId: 'theirs' })));
    expect(res.status).toBe(403);
    const { error } = await res.json();
    expect(error.code).toBe('wrong_store');
    expect(error.message).toMatch(/theirs.*store_other_999/);
    expect(connect.received).toHaveLength(0);
  });

  it('stops at the first batch Connect refuses: 502 connect_rejected, later batches not sent', async () => {
    connect.answer((req) => {
      const body = JSON.parse(req.body);
      return body.batchId === 'b1' ? { status: 422, body: '{"error":{"code":"invalid_items","message":"bad phone"}}' } : { status: 200, body: counts(body.batchId, body.items.length) };
    });
    const res = await call(edge.url, cookies.owner!, 'POST', '/api/connect/sync/batches', syncBody(batch(1, { batchId: 'b0' }), batch(1, { batchId: 'b1' }), batch(1, { batchId: 'b2' })));
    expect(res.status).toBe(502);
    const { error } = await res.json();
    expect(error.code).toBe('connect_rejected');
    expect(error.message).toMatch(/422/);
    expect(connect.received.map((r) => JSON.parse(r.body).batchId)).toEqual(['b0', 'b1']);
  });

  it('answers 502 connect_unavailable when Connect is down', async () => {
    const down = await startEdge(testEnv({ MANGO_CONNECT_API_URL: `http://127.0.0.1:${await freePort()}` }));
    try {
      const owner = (await login(down.url, 'owner@demo.mango')).cookie;
      const res = await call(down.url, owner, 'POST', '/api/connect/sync/batches', syncBody(batch(1)));
      expect(res.status).toBe(502);
      expect((await res.json()).error.code).toBe('connect_unavailable');
    } finally {
      await down.stop();
    }
  });
});

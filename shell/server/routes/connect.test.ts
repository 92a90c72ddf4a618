import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrations } from '../db/schema.js';
import { call, login, startTestServer, type TestServer } from '../testing/test-server.js';

let biz: TestServer;
let owner: string;
beforeAll(async () => {
  biz = await startTestServer();
  const now = new Date();
  await biz.database.db.insert(integrations).values({
    storeId: 'store_demo_001',
    type: 'mango_connect',
    id: 'store_demo_001:mango_connect',
    config: { enabled: true, connectTenantId: 't', connectTenantSlug: 's', webhookUrl: 'http://localhost:5175/w', apiUrl: 'http://localhost:5175', sdkUrl: 'http://localhost:5175/sdk.js', features: { conversations: true, aiAssistant: true, campaigns: true } },
    seq: 1,
    createdAt: now,
    updatedAt: now,
  });
  owner = (await login(biz.url, 'owner@demo.mango')).cookie;
});
afterAll(() => biz.stop());

describe('PATCH /api/connect/config', () => {
  it('turns one feature off and keeps the others', async () => {
    const res = await call(biz.url, owner, 'PATCH', '/api/connect/config', { features: { aiAssistant: false } });
    expect(res.status).toBe(200);
    expect((await res.json()).state.integration.features).toEqual({ conversations: true, aiAssistant: false, campaigns: true });
  });

  it('refuses a feature it does not know, naming it, and changes nothing', async () => {
    const before = await (await call(biz.url, owner, 'GET', '/api/changes?since=0')).json();
    const res = await call(biz.url, owner, 'PATCH', '/api/connect/config', { features: { teleport: true } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^features\.teleport: /) });
    const after = await (await call(biz.url, owner, 'GET', '/api/changes?since=0')).json();
    expect(after.cursor).toBe(before.cursor);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtVerify } from 'jose';
import { integrations } from '../db/schema.js';
import { TEST_SECRETS, call, login, startTestServer, type TestServer } from '../testing/test-server.js';

let edge: TestServer;
beforeAll(async () => {
  edge = await startTestServer();
  // The token is for a store whose Connect is on; switched on here without provisioning.
  const now = new Date();
  await edge.database.db.insert(integrations).values({
    storeId: 'store_demo_001',
    type: 'mango_connect',
    id: 'store_demo_001:mango_connect',
    config: { enabled: true, connectTenantId: 't', connectTenantSlug: 't', webhookUrl: 'http://localhost:5175/webhook-mango-biz', apiUrl: 'http://localhost:5175', sdkUrl: 'http://localhost:5175/sdk.js', features: { conversations: true, aiAssistant: true, campaigns: true } },
    seq: 1,
    createdAt: now,
    updatedAt: now,
  });
});
afterAll(() => edge.stop());

describe('POST /api/connect/token', () => {
  it('mints an HS256 token for the signed-in member that jose verifies with the Connect secret', async () => {
    const { cookie } = await login(edge.url, 'admin@demo.mango');
    const res = await call(edge.url, cookie, 'POST', '/api/connect/token');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    const { payload, protectedHeader } = await jwtVerify(body.token, new TextEncoder().encode(TEST_SECRETS.MANGO_CONNECT_JWT_SECRET), {
      algorithms: ['HS256'],
      issuer: 'mango-biz',
      audience: 'mango-connect',
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      storeId: 'store_demo_001',
      tenantId: 'tenant_demo_001',
      memberId: 'member_admin_001',
      sub: 'member_admin_001',
      memberEmail: 'admin@demo.mango',
      memberName: 'Adam Admin',
      role: 'admin',
    });
    expect(payload.permissions).toContain('connect:manage');
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(typeof payload.jti).toBe('string');
    expect(Date.parse(body.expiresAt)).toBe(payload.exp! * 1000);
    expect(Date.parse(body.refreshAt)).toBe((payload.exp! - 300) * 1000);
  });

  it('gives each role its own claims (staff has no connect:manage)', async () => {
    const { cookie } = await login(edge.url, 'staff@demo.mango');
    const { token } = await (await call(edge.url, cookie, 'POST', '/api/connect/token')).json();
    const { payload } = await jwtVerify(token, new TextEncoder().encode(TEST_SECRETS.MANGO_CONNECT_JWT_SECRET));
    expect(payload.role).toBe('staff');
    expect(payload.permissions).not.toContain('connect:manage');
  });

  it('a token does not verify with any other secret', async () => {
    const { cookie } = await login(edge.url, 'owner@demo.mango');
    const { token } = await (await call(edge.url, cookie, 'POST', '/api/connect/token')).json();
    await expect(jwtVerify(token, new TextEncoder().encode(TEST_SECRETS.BIZ_SESSION_SECRET))).rejects.toThrow();
  });

  it('answers 409 connect_disabled for a store whose Connect is off', async () => {
    const { cookie } = await login(edge.url, 'spa-staff@demo.mango');
    const res = await call(edge.url, cookie, 'POST', '/api/connect/token');
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: 'connect_disabled', message: expect.stringMatching(/Settings › Mango Connect/) });
  });

  it('answers 401 without a session', async () => {
    const res = await call(edge.url, '', 'POST', '/api/connect/token');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });
});

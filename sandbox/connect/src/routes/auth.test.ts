import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.js';
import { admin, mintToken, provision, start } from '../../test/helpers.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());
beforeEach(() => admin(sb.url, '/reset'));

async function auth(token: string | null, origin?: string) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (origin) headers.origin = origin;
  const res = await fetch(`${sb.url}/auth-mango-biz`, { method: 'POST', headers });
  return { res, body: (await res.json()) as { session?: Record<string, unknown>; error?: { code: string; message: string } } };
}

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('POST /auth-mango-biz', () => {
  it('accepts a good token and answers the session, tenant null before provisioning', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const { res, body } = await auth(await mintToken({ iat }));
    expect(res.status).toBe(200);
    expect(body.session).toEqual({
      storeId: 'store_1',
      connectTenantId: null,
      member: { memberId: 'mem_1', email: 'kim@mango.test', name: 'Kim Staff', role: 'manager', permissions: ['connect.view'] },
      expiresAt: new Date((iat + 3600) * 1000).toISOString(),
    });
  });

  it('answers the Connect tenant id once the store is provisioned', async () => {
    const { connectTenantId } = await provision(sb.url);
    const { body } = await auth(await mintToken());
    expect(body.session?.connectTenantId).toBe(connectTenantId);
  });

  it('rejects a missing token with token_missing', async () => {
    const { res, body } = await auth(null);
    expect(res.status).toBe(401);
    expect(body.error?.code).toBe('token_missing');
  });

  it('rejects a token signed with another secret with token_invalid', async () => {
    const { res, body } = await auth(await mintToken({ secret: 'another-secret-another-secret-another' }));
    expect(res.status).toBe(401);
    expect(body.error?.code).toBe('token_invalid');
  });

  it('rejects an unsigned alg "none" token with token_invalid', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { storeId: 'store_1', tenantId: 't', memberId: 'm', memberEmail: 'a@b.test', memberName: 'A', role: 'owner', permissions: [], iat: now, exp: now + 3600, iss: 'mango-biz', aud: 'mango-connect' };
    const { res, body } = await auth(`${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`);
    expect(res.status).toBe(401);
    expect(body.error?.code).toBe('token_invalid');
  });

  it('rejects an expired token with token_expired', async () => {
    const iat = Math.floor(Date.now() / 1000) - 7200;
    const { res, body } = await auth(await mintToken({ iat, exp: iat + 3600 }));
    expect(res.status).toBe(401);
    expect(body.error?.code).toBe('token_expired');
  });

  it('rejects a token issued more than 30 s in the future with token_claims', async () => {
    const { res, body } = await auth(await mintToken({ iat: Math.floor(Date.now() / 1000) + 120 }));
    expect(res.status).toBe(401);
    expect(body.error?.code).toBe('token_claims');
    expect(body.error?.message).toContain('iat');
  });

  it('rejects a token for another audience or issuer with token_claims', async () => {
    const aud = await auth(await mintToken({ audience: 'someone-else' }));
    expect(aud.res.status).toBe(401);
    expect(aud.body.error?.code).toBe('token_claims');
    expect(aud.body.error?.message).toContain('aud');
    const iss = await auth(await mintToken({ issuer: 'not-biz' }));
    expect(iss.body.error?.code).toBe('token_claims');
  });

  it('rejects a token whose claims break the schema with token_claims naming the claim', async () => {
    const { res, body } = await auth(await mintToken({ claims: { role: 'superuser' } }));
    expect(res.status).toBe(401);
    expect(body.error?.code).toBe('token_claims');
    expect(body.error?.message).toContain('role');
  });

  it('allows the shell origin by CORS, including the Authorization header, and not others', async () => {
    const pre = await fetch(`${sb.url}/auth-mango-biz`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const denied = await auth(await mintToken(), 'http://evil.test');
    expect(denied.res.headers.get('access-control-allow-origin')).toBeNull();
    const failed = await auth(null, 'http://localhost:5174');
    expect(failed.res.headers.get('access-control-allow-origin')).toBe('http://localhost:5174');
  });
});

describe('POST /__admin/expire-tokens', () => {
  it('makes tokens issued before now expire, while a token minted afterwards works', async () => {
    const old = await mintToken();
    expect((await auth(old)).res.status).toBe(200);
    expect((await admin(sb.url, '/expire-tokens')).status).toBe(200);
    const after = await auth(old);
    expect(after.res.status).toBe(401);
    expect(after.body.error?.code).toBe('token_expired');
    expect((await auth(await mintToken())).res.status).toBe(200);
  });

  it('honours an explicit "before" instant', async () => {
    const iat = Math.floor(Date.now() / 1000) - 600;
    const older = await mintToken({ iat });
    await admin(sb.url, '/expire-tokens', { before: new Date((iat + 60) * 1000).toISOString() });
    expect((await auth(older)).body.error?.code).toBe('token_expired');
    expect((await auth(await mintToken())).res.status).toBe(200);
  });
});

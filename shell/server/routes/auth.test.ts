import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createTestStore, TEST_PASSWORD } from '../testing/stores.js';
import { openTestDatabase } from '../testing/test-database.js';
import { TEST_SECRETS, call, login, startTestServer, testEnv, type TestServer } from '../testing/test-server.js';

let edge: TestServer;
beforeAll(async () => {
  edge = await startTestServer();
});
afterAll(() => edge.stop());

describe('POST /api/auth/login', () => {
  it('signs the owner in and answers the session', async () => {
    const { res } = await login(edge.url, 'owner@demo.mango');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.session.store).toEqual({ storeId: 'store_demo_001', tenantId: 'tenant_demo_001', storeName: 'Mango Demo Salon' });
    expect(body.session.member).toMatchObject({ email: 'owner@demo.mango', name: 'Olivia Owner', role: 'owner', permissions: ['*'] });
  });

  it('sets an HttpOnly, SameSite=Lax, Path=/ session cookie that lasts 12 hours (no Secure in dev mode)', async () => {
    const { setCookie } = await login(edge.url, 'staff@demo.mango');
    expect(setCookie).toMatch(/^mango_session=/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(/; Max-Age=43200/);
    expect(setCookie).not.toMatch(/Secure/);
  });

  it('outside dev mode the cookie is Secure and __Host- prefixed', async () => {
    const database = await openTestDatabase();
    const { emails } = await createTestStore(database.db, ['staff']);
    const prod = await startTestServer(
      {
        ...TEST_SECRETS,
        MANGO_CONNECT_API_URL: 'https://api.connect.example',
        MANGO_CONNECT_SDK_URL: 'https://api.connect.example/sdk/mango-connect-sdk.js',
        CONNECT_HOST_REMOTE_URL: 'https://remote.example/mf-manifest.json',
      },
      { database },
    );
    try {
      const { setCookie } = await login(prod.url, emails.staff, TEST_PASSWORD);
      expect(setCookie).toMatch(/^__Host-mango_session=/);
      expect(setCookie).toMatch(/; Secure/);
    } finally {
      await prod.stop();
    }
  });

  it('answers the same 401 invalid_credentials for a wrong password and an unknown email', async () => {
    const wrong = await login(edge.url, 'owner@demo.mango', 'not-the-password');
    const unknown = await login(edge.url, 'nobody@demo.mango');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    const [a, b] = [await wrong.res.json(), await unknown.res.json()];
    expect(a).toEqual(b);
    expect(a.error.code).toBe('invalid_credentials');
    expect(wrong.setCookie).toBe('');
  });

  it('treats the email case-insensitively', async () => {
    expect((await login(edge.url, ' Admin@Demo.Mango ')).res.status).toBe(200);
  });

  it('answers 413 body_too_large to a body over 1 MB, going by its Content-Length', async () => {
    // node:http rather than fetch: the server answers before the upload ends and then closes the
    // socket, which fetch reports as a failed request even though the answer arrived.
    const body = JSON.stringify({ email: 'owner@demo.mango', password: 'x'.repeat(1024 * 1024 + 1) });
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${edge.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject); // a no-op once the answer has resolved the promise
      req.end(body);
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error.code).toBe('body_too_large');
  });

  it('answers 400 naming the missing field', async () => {
    const res = await call(edge.url, '', 'POST', '/api/auth/login', { email: 'owner@demo.mango' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^password:/) });
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 with Retry-After once an account has had 5 wrong passwords, even for the right one', async () => {
    const database = await openTestDatabase();
    const { emails } = await createTestStore(database.db, ['owner']);
    const server = await startTestServer(testEnv(), { database });
    try {
      for (let i = 0; i < 5; i++) expect((await login(server.url, emails.owner, `wrong-${i}`)).res.status).toBe(401);
      const { res } = await login(server.url, emails.owner, TEST_PASSWORD);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await res.json()).error).toMatchObject({ code: 'too_many_attempts', message: expect.stringMatching(/try again in \d+ minute/) });
    } finally {
      await server.stop();
    }
  });

  it('forgets an account\'s failures after a successful sign-in', async () => {
    const database = await openTestDatabase();
    const { emails } = await createTestStore(database.db, ['owner']);
    const server = await startTestServer(testEnv(), { database });
    try {
      for (let i = 0; i < 4; i++) await login(server.url, emails.owner, 'wrong');
      expect((await login(server.url, emails.owner, TEST_PASSWORD)).res.status).toBe(200);
      for (let i = 0; i < 4; i++) await login(server.url, emails.owner, 'wrong');
      expect((await login(server.url, emails.owner, TEST_PASSWORD)).res.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('GET /api/auth/session', () => {
  it('answers the session for a valid cookie', async () => {
    const { cookie } = await login(edge.url, 'manager@demo.mango');
    const res = await call(edge.url, cookie, 'GET', '/api/auth/session');
    expect(res.status).toBe(200);
    expect((await res.json()).session.member).toMatchObject({ name: 'Maya Manager', role: 'manager' });
  });

  it('answers 401 without a cookie', async () => {
    const res = await call(edge.url, '', 'GET', '/api/auth/session');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  it('answers 401 to a tampered cookie (one payload character changed)', async () => {
    const { cookie } = await login(edge.url, 'staff@demo.mango');
    const [name, token] = cookie.split('=') as [string, string];
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = p.slice(0, 10) + (p[10] === 'A' ? 'B' : 'A') + p.slice(11);
    const res = await call(edge.url, `${name}=${h}.${flipped}.${s}`, 'GET', '/api/auth/session');
    expect(res.status).toBe(401);
  });

  it('answers 401 to a session the staff member forged for the owner with another key', async () => {
    const { cookie } = await login(edge.url, 'staff@demo.mango');
    const sessionId = JSON.parse(Buffer.from(cookie.split('.')[1]!, 'base64url').toString()).jti;
    const forged = await new SignJWT({ storeId: 'store_demo_001' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('member_owner_001')
      .setJti(sessionId)
      .setIssuer('mango-biz-edge')
      .setAudience('mango-biz-session')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-different-secret-that-is-long-enough-123'));
    const res = await call(edge.url, `mango_session=${forged}`, 'GET', '/api/auth/session');
    expect(res.status).toBe(401);
  });

  it('answers 401 to an expired session signed with the right key', async () => {
    const { cookie } = await login(edge.url, 'owner@demo.mango');
    const sessionId = JSON.parse(Buffer.from(cookie.split('.')[1]!, 'base64url').toString()).jti;
    const past = Math.floor(Date.now() / 1000) - 13 * 3600;
    const expired = await new SignJWT({ storeId: 'store_demo_001' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('member_owner_001')
      .setJti(sessionId)
      .setIssuer('mango-biz-edge')
      .setAudience('mango-biz-session')
      .setIssuedAt(past)
      .setExpirationTime(past + 12 * 3600)
      .sign(new TextEncoder().encode(testEnv().BIZ_SESSION_SECRET!));
    const res = await call(edge.url, `mango_session=${expired}`, 'GET', '/api/auth/session');
    expect(res.status).toBe(401);
  });
});

describe('POST /api/auth/logout', () => {
  it('clears the cookie', async () => {
    const res = await call(edge.url, '', 'POST', '/api/auth/logout', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^mango_session=; Max-Age=0/);
  });

  it('revokes the session on the server: the same cookie, kept by another device, no longer works', async () => {
    const { cookie } = await login(edge.url, 'manager@demo.mango');
    expect((await call(edge.url, cookie, 'GET', '/api/auth/session')).status).toBe(200);
    expect((await call(edge.url, cookie, 'POST', '/api/auth/logout', {})).status).toBe(200);
    const after = await call(edge.url, cookie, 'GET', '/api/changes?since=0');
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('unauthenticated');
    // Another session of the same member is untouched.
    const other = await login(edge.url, 'manager@demo.mango');
    expect((await call(edge.url, other.cookie, 'GET', '/api/auth/session')).status).toBe(200);
  });

  it('refuses a cross-site form post (CSRF)', async () => {
    const res = await fetch(`${edge.url}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'a=1',
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });
});

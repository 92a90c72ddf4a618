import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellStaticFiles } from './node/static-files.js';
import { TEST_SECRETS, login, startTestServer, testEnv, type TestServer } from './testing/test-server.js';

const dist = mkdtempSync(join(tmpdir(), 'shell-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Mango Biz</title>');
writeFileSync(join(dist, 'assets', 'index-AbC123xy.js'), 'console.log("app")');
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

const env = testEnv({
  MANGO_CONNECT_API_URL: 'http://localhost:5175',
  MANGO_CONNECT_SDK_URL: 'http://127.0.0.1:5175/sdk/mango-connect-sdk.js',
  CONNECT_HOST_REMOTE_URL: 'http://localhost:5174/mf-manifest.json',
  MANGO_CONNECT_TRUSTED_ORIGINS: 'https://hooks.connect.example',
});
let edge: TestServer;
beforeAll(async () => {
  edge = await startTestServer(env, { staticFiles: shellStaticFiles(dist) });
});
afterAll(async () => {
  await edge.stop();
  rmSync(dist, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${edge.url}${path}`);

describe('GET /runtime-config.json', () => {
  it('tells the shell where the remote and Connect live, uncached, without any secret', async () => {
    const res = await get('/runtime-config.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      remotes: { connectHost: { name: 'connectHost', entry: 'http://localhost:5174/mf-manifest.json', type: 'module' } },
      connect: { sdkUrl: 'http://127.0.0.1:5175/sdk/mango-connect-sdk.js', apiUrl: 'http://localhost:5175' },
    });
    for (const secret of Object.values(TEST_SECRETS)) expect(text).not.toContain(secret);
  });
});

describe('serving the built shell', () => {
  it('serves index.html for / and for client routes, never cached', async () => {
    for (const path of ['/', '/clients/42', '/settings/connect']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(await res.text(), path).toContain('<title>Mango Biz</title>');
    }
  });

  it('serves hashed assets with a year-long immutable cache and other files revalidated', async () => {
    const asset = await get('/assets/index-AbC123xy.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("app")');
    expect((await get('/favicon.svg')).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a missing file with a JSON 404, not index.html', async () => {
    const res = await get('/assets/missing-123.js');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('answers an unknown API path with a JSON 404, not index.html', async () => {
    const res = await get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Nothing at GET /api/nope.' } });
  });

  it('sends a CSP that allows scripts only from self, the remote and the SDK, and forbids framing', async () => {
    const res = await get('/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('script-src')).toBe("script-src 'self' http://localhost:5174 http://127.0.0.1:5175");
    expect(directive('connect-src')).toBe(
      "connect-src 'self' http://localhost:5174 http://127.0.0.1:5175 http://localhost:5175 https://hooks.connect.example",
    );
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('sends the security headers on API answers too', async () => {
    const res = await get('/runtime-config.json');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('Server-Timing', () => {
  it('says how long the API took on an API answer, and nothing on a page or asset', async () => {
    const api = await get('/api/auth/session');
    expect(api.status).toBe(401);
    expect(api.headers.get('server-timing')).toMatch(/^total;dur=\d+(\.\d)?;desc="Biz API"$/);
    expect(api.headers.get('timing-allow-origin')).toBeNull();
    expect((await get('/clients')).headers.get('server-timing')).toBeNull();
  });
});

describe('request bodies', () => {
  it('must be JSON: another content type gets 415 naming what to send', async () => {
    const res = await fetch(`${edge.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: edge.url }, body: 'email=owner@demo.mango' });
    expect(res.status).toBe(415);
    const { error } = await res.json();
    expect(error.code).toBe('unsupported_media_type');
    expect(error.message).toMatch(/application\/json.*text\/plain/);
  });
});

describe('unexpected failures', () => {
  it('answer a JSON 500 without internals, and log one line naming the request', async () => {
    const logged: unknown[] = [];
    const failing = await startTestServer(env, { logError: (e, where) => logged.push({ e, where }) });
    try {
      // Break the database under the running API: every query now fails.
      await failing.database.db.execute(sql`ALTER TABLE members RENAME TO members_gone`);
      const { res } = await login(failing.url, 'owner@demo.mango');
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text).error.code).toBe('internal_error');
      expect(text).not.toMatch(/members_gone|relation/);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ where: { method: 'POST', path: '/api/auth/login' } });
    } finally {
      await failing.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { parseSandboxConfig } from '../../connect/src/config.js';
import { startSandbox, type RunningSandbox } from '../../connect/src/server.js';
import { CHECKS } from './checks.js';
import { evaluateSdkInVm } from './evaluate-sdk.js';
import { formatResults, runContractChecks } from './run.js';

const JWT_SECRET = 'contract-check-test-jwt-secret-0123456789abcdef';
const WEBHOOK_SECRET = 'contract-check-test-webhook-secret-0123456789ab';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

const context = (connectUrl: string) => ({
  connectUrl,
  sdkUrl: `${connectUrl}/sdk/mango-connect-sdk.js`,
  jwtSecret: JWT_SECRET,
  webhookSecret: WEBHOOK_SECRET,
  storeId: `contract-test-${Math.random().toString(36).slice(2, 8)}`,
  fetch: globalThis.fetch,
  evaluateSdk: evaluateSdkInVm,
});

describe('contract check against the local sandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    const port = await freePort();
    sandbox = await startSandbox(
      parseSandboxConfig({
        MANGO_CONNECT_JWT_SECRET: JWT_SECRET,
        MANGO_CONNECT_WEBHOOK_SECRET: WEBHOOK_SECRET,
        SANDBOX_PORT: String(port),
        SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}`,
      }),
    );
  }, 60_000);
  afterAll(() => sandbox?.close());

  it('passes every check', async () => {
    const results = await runContractChecks(context(sandbox.url));
    expect(formatResults(results)).toContain(`${CHECKS.length} passed, 0 failed`);
  }, 60_000);

  it('fails the auth checks when Connect is given another JWT secret', async () => {
    const results = await runContractChecks({ ...context(sandbox.url), jwtSecret: `${JWT_SECRET}-other` });
    const failed = results.filter((r) => !r.ok).map((r) => r.id);
    expect(failed).toEqual(['auth.accepts-valid']);
  }, 60_000);
});

describe('contract check against a Connect that accepts anything', () => {
  let server: ServerType;
  let url = '';
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const app = new Hono();
    // A careless receiver: 200 for everything, no signature or token checks.
    app.post('/provision-mango-biz-tenant', (c) =>
      c.json({ connectTenantId: 't1', connectTenantSlug: 't1', webhookUrl: `${url}/webhook`, apiUrl: url }),
    );
    app.post('/auth-mango-biz', (c) => c.json({ session: { storeId: 'whatever' } }));
    app.post('/webhook', (c) => c.json({ ok: true }));
    app.post('/api-mango-biz-sync', (c) => c.json({ batchId: 'b', entity: 'clients', received: 3, created: 3, updated: 0, unchanged: 0 }));
    app.get('/sdk/mango-connect-sdk.js', (c) => c.text('window.MangoConnect = {}', 200, { 'content-type': 'text/javascript' }));
    server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reports each broken promise with a reason', async () => {
    const results = await runContractChecks(context(url));
    const failed = Object.fromEntries(results.filter((r) => !r.ok).map((r) => [r.id, r.detail]));
    expect(Object.keys(failed).sort()).toEqual(
      [
        'auth.accepts-valid',
        'auth.rejects-alg-none',
        'auth.rejects-audience',
        'auth.rejects-expired',
        'auth.rejects-forged',
        'provision.rejects-unsigned',
        'sdk.exports',
        'sync.rejects-over-limit',
        'sync.upsert-idempotent',
        'webhook.rejects-forged',
        'webhook.rejects-malformed',
        'webhook.rejects-stale',
      ].sort(),
    );
    expect(failed['webhook.rejects-forged']).toMatch(/expected 401, got 200/);
    expect(failed['sdk.exports']).toMatch(/lacks MangoConnectSDK/);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { parseSandboxConfig } from '../../connect/src/config.js';
import { startSandbox, type RunningSandbox } from '../../connect/src/server.js';
import { CHECKS } from './checks.js';
import { evaluateSdkInVm } from './evaluate-sdk.js';
import { formatResults, meetsContract, runContractChecks, summarize } from './run.js';

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

async function startLocalSandbox(profile: 'full' | 'minimal'): Promise<RunningSandbox> {
  const port = await freePort();
  return startSandbox(
    parseSandboxConfig({
      MANGO_CONNECT_JWT_SECRET: JWT_SECRET,
      MANGO_CONNECT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SANDBOX_PORT: String(port),
      SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SANDBOX_PROFILE: profile,
    }),
  );
}

describe('contract check against the local sandbox in its full profile', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startLocalSandbox('full');
  }, 60_000);
  afterAll(() => sandbox?.close());

  it('passes every check, required and recommended', async () => {
    const results = await runContractChecks(context(sandbox.url));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(meetsContract(results)).toBe(true);
    expect(formatResults(results)).toContain(`${CHECKS.length} passed, 0 failed, 0 warnings`);
  }, 60_000);

  it('fails the required auth check when Connect is given another JWT secret', async () => {
    const results = await runContractChecks({ ...context(sandbox.url), jwtSecret: `${JWT_SECRET}-other` });
    const failed = results.filter((r) => !r.ok).map((r) => r.id);
    expect(failed).toEqual(['auth.accepts-valid', 'auth.session']);
    expect(meetsContract(results)).toBe(false);
    expect(formatResults(results)).toMatch(/^FAIL {2}required {5}auth\.accepts-valid /m);
  }, 60_000);
});

describe('contract check against the local sandbox in its minimal profile (a Connect built from the PRD alone)', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startLocalSandbox('minimal');
  }, 60_000);
  afterAll(() => sandbox?.close());

  it('meets the contract, with warnings for the recommended answers it does not give', async () => {
    const results = await runContractChecks(context(sandbox.url));
    expect(meetsContract(results)).toBe(true);
    const warned = Object.fromEntries(results.filter((r) => !r.ok).map((r) => [r.id, r.detail]));
    expect(Object.keys(warned).sort()).toEqual(['health.up', 'sync.upsert-idempotent']);
    expect(warned['health.up']).toMatch(/expected 2xx, got 404/);
    expect(warned['sync.upsert-idempotent']).toMatch(/the answer does not match the contract: .*received: Invalid key/);
    expect(summarize(results)).toEqual({ passed: CHECKS.length - 2, failed: 0, warnings: 2 });
    const table = formatResults(results);
    expect(table).toMatch(/^WARN {2}recommended {2}health\.up /m);
    expect(table).toMatch(/^PASS {2}required {5}sync\.accepts-batch /m);
    expect(table).toContain(`${CHECKS.length - 2} passed, 0 failed, 2 warnings`);
  }, 60_000);

  it('exits 0 from the CLI, showing the warnings', async () => {
    const tsx = join(import.meta.dirname, '../../../node_modules/.bin/tsx');
    const cli = join(import.meta.dirname, 'cli.ts');
    // execFile rejects on a non-zero exit code, so resolving is the exit-0 assertion.
    const { stdout } = await promisify(execFile)(tsx, [cli, '--connect-url', sandbox.url, '--jwt-secret', JWT_SECRET, '--webhook-secret', WEBHOOK_SECRET]);
    expect(stdout).toMatch(/^WARN {2}recommended {2}sync\.upsert-idempotent /m);
    expect(stdout).toMatch(/^\d+ passed, 0 failed, 2 warnings$/m);
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

  it('reports each broken promise with a reason, failing on the required ones', async () => {
    const results = await runContractChecks(context(url));
    const failed = (level: string) => results.filter((r) => !r.ok && r.level === level).map((r) => r.id).sort();
    expect(failed('required')).toEqual(['auth.rejects-alg-none', 'auth.rejects-expired', 'auth.rejects-forged', 'sdk.exports', 'webhook.rejects-forged']);
    expect(failed('recommended')).toEqual(
      [
        'auth.rejects-audience',
        'auth.session',
        'health.up',
        'provision.rejects-unsigned',
        'sync.rejects-over-limit',
        'sync.upsert-idempotent',
        'webhook.rejects-malformed',
        'webhook.rejects-stale',
      ].sort(),
    );
    expect(meetsContract(results)).toBe(false);
    const detail = Object.fromEntries(results.map((r) => [r.id, r.detail]));
    expect(detail['webhook.rejects-forged']).toMatch(/expected a refusal \(4xx; 401 recommended\), got 200/);
    expect(detail['sdk.exports']).toMatch(/lacks MangoConnectSDK/);
  }, 60_000);
});

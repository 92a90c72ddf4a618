import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectApiError, ConnectConfigError, ConnectValidationError } from '../errors.js';
import { client, WEBHOOK_SECRET } from '../../test/fixtures.js';
import { hang, json, reply, startTestServer, streamBody, type Handler, type RecordedRequest } from '../../test/http-server.js';
import type { SyncRequest } from '../types/connect-api.js';
import type { ClientData } from '../types/webhooks.js';
import { verifyWebhook } from '../webhooks/verify.js';
import { createConnectApiClient } from './client.js';

let servers: { close: () => Promise<void> }[] = [];
async function serve(...script: Handler[]) {
  const s = await startTestServer(script);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const provisionRequest = { storeId: 'store_1', storeName: 'Lotus Nails', tenantId: 'tenant_1', ownerEmail: 'owner@lotus.example', ownerName: 'Lan' };
const provisionResponse = {
  connectTenantId: 'ct_1', connectTenantSlug: 'lotus-nails', webhookUrl: 'http://127.0.0.1:5175/webhooks/ct_1', apiUrl: 'http://127.0.0.1:5175',
};

/** What a receiver must check, done with node:crypto, independent of the code under test. */
function signatureHoldsOnServer(req: RecordedRequest): boolean {
  const hex = createHmac('sha256', WEBHOOK_SECRET).update(req.body).digest('hex');
  const v1 = createHmac('sha256', WEBHOOK_SECRET).update(`${req.headers['webhook-id']}.${req.headers['webhook-timestamp']}.${req.body}`).digest('base64');
  return req.headers['x-mango-signature'] === hex && String(req.headers['webhook-signature']).split(' ').includes(`v1,${v1}`);
}

async function apiError(p: Promise<unknown>): Promise<ConnectApiError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectApiError);
  return err as ConnectApiError;
}

describe('createConnectApiClient', () => {
  it('refuses a short secret or a bad URL up front', () => {
    expect(() => createConnectApiClient({ apiUrl: 'http://x', webhookSecret: 'short' })).toThrow(ConnectConfigError);
    expect(() => createConnectApiClient({ apiUrl: 'not a url', webhookSecret: WEBHOOK_SECRET })).toThrow(/MANGO_CONNECT_API_URL/);
  });

  it('provisions with a signed POST the server verifies, and returns the validated answer', async () => {
    const s = await serve(json(200, provisionResponse));
    const api = createConnectApiClient({ apiUrl: `${s.url}/`, webhookSecret: WEBHOOK_SECRET });
    await expect(api.provision(provisionRequest)).resolves.toEqual(provisionResponse);
    const [req] = s.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/provision-mango-biz-tenant');
    expect(JSON.parse(req!.body)).toEqual(provisionRequest);
    expect(signatureHoldsOnServer(req!)).toBe(true);
    // Our own receiver-side check agrees too.
    await expect(verifyWebhook({ rawBody: req!.body, headers: req!.headers as Record<string, string>, secret: WEBHOOK_SECRET })).resolves.toBeTruthy();
  });

  it('sends a sync batch and reads our counts answer', async () => {
    const s = await serve((req, res) => {
      const body = JSON.parse(req.body);
      json(200, { batchId: body.batchId, entity: body.entity, received: body.items.length, created: body.items.length, updated: 0, unchanged: 0 })(req, res);
    });
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    const result = await api.syncBatch({ storeId: 'store_1', batchId: 'b1', entity: 'clients', items: [client] });
    expect(result).toEqual({ batchId: 'b1', entity: 'clients', sent: 1, failedItems: [], counts: { received: 1, created: 1, updated: 0, unchanged: 0 } });
    expect(s.requests[0]!.url).toBe('/api-mango-biz-sync');
    expect(signatureHoldsOnServer(s.requests[0]!)).toBe(true);
  });

  describe('takes any 2xx to a sync batch as success', () => {
    const threeClients: SyncRequest = { storeId: 'store_1', batchId: 'b2', entity: 'clients', items: ['c1', 'c2', 'c3'].map((id) => ({ ...client, id })) };
    const allSent = { batchId: 'b2', entity: 'clients', sent: 3, failedItems: [] };

    it('answered {"ok": true}: every item sent, no counts', async () => {
      const s = await serve(json(200, { ok: true }));
      const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
      await expect(api.syncBatch(threeClients)).resolves.toEqual(allSent);
    });

    it('answered 204 with no body', async () => {
      const s = await serve(reply(204));
      const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
      await expect(api.syncBatch(threeClients)).resolves.toEqual(allSent);
    });

    it('answered 202 with a body that is not JSON', async () => {
      const s = await serve(reply(202, 'accepted, thanks', { 'content-type': 'text/plain' }));
      const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
      await expect(api.syncBatch(threeClients)).resolves.toEqual(allSent);
    });

    it('answered with per-item results: the failed item is reported with its reason, the rest are fine', async () => {
      const s = await serve(
        json(200, {
          results: [
            { id: 'c1', ok: true },
            { id: 'c2', ok: false, error: 'phone number is not valid' },
            { id: 'c3', ok: true },
          ],
          accepted: 2,
        }),
      );
      const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
      await expect(api.syncBatch(threeClients)).resolves.toEqual({ ...allSent, failedItems: [{ id: 'c2', message: 'phone number is not valid' }] });
    });

    it('answered with a 5 MB body: still a success, read only up to the cap, the connection closed early', async () => {
      const big = streamBody(200, 5 * 1024 * 1024, { prefix: '{"results":[' });
      const s = await serve(big.handler);
      const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
      await expect(api.syncBatch(threeClients)).resolves.toEqual(allSent);
      await big.progress.closed;
      expect(big.progress.finished).toBe(false);
      expect(big.progress.bytesWritten).toBeLessThan(2 * 1024 * 1024);
    });
  });

  it('refuses a batch of more than 100 items without sending anything', async () => {
    const s = await serve(json(200, {}));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    const items: ClientData[] = Array.from({ length: 101 }, (_, i) => ({ ...client, id: `c${i}` }));
    await expect(api.syncBatch({ storeId: 'store_1', batchId: 'b1', entity: 'clients', items })).rejects.toThrow(ConnectValidationError);
    expect(s.requests).toHaveLength(0);
  });

  it('turns a 4xx into ConnectApiError http with the error body, without retrying', async () => {
    const s = await serve(json(409, { error: { code: 'store_conflict', message: 'store already belongs to another tenant' } }));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    const err = await apiError(api.provision(provisionRequest));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(409);
    expect(err.message).toBe('Mango Connect answered 409 to provisioning: store_conflict: store already belongs to another tenant');
    expect(err.bodyExcerpt).toContain('store_conflict');
    expect(s.requests).toHaveLength(1);
  });

  it('retries a 503 and then succeeds, with the same signed request', async () => {
    const s = await serve(reply(503, 'warming up'), json(200, provisionResponse));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    await expect(api.provision(provisionRequest)).resolves.toEqual(provisionResponse);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]!.headers['webhook-id']).toBe(s.requests[0]!.headers['webhook-id']);
  });

  it('gives up after the retries with a message naming the status', async () => {
    const s = await serve(reply(503, 'down for maintenance'));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET, retries: 1 });
    const err = await apiError(api.provision(provisionRequest));
    expect([err.kind, err.status]).toEqual(['http', 503]);
    expect(err.message).toBe('Mango Connect answered 503 to provisioning: down for maintenance');
    expect(s.requests).toHaveLength(2);
  });

  it('reads only the start of a 5 MB error answer, closes the connection, and still names the status', async () => {
    const big = streamBody(500, 5 * 1024 * 1024, { prefix: 'upstream exploded: ', headers: { 'content-type': 'text/plain' } });
    const s = await serve(big.handler);
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET, retries: 0 });
    const err = await apiError(api.syncBatch({ storeId: 'store_1', batchId: 'b1', entity: 'clients', items: [client] }));
    expect([err.kind, err.status]).toEqual(['http', 500]);
    expect(err.bodyExcerpt).toHaveLength(500);
    expect(err.bodyExcerpt.startsWith('upstream exploded: xxx')).toBe(true);
    await big.progress.closed;
    expect(big.progress.finished).toBe(false);
    expect(big.progress.bytesWritten).toBeLessThan(2 * 1024 * 1024);
  });

  it('ignores fields of the provisioning answer beyond the four it needs', async () => {
    const s = await serve(json(200, { ...provisionResponse, plan: 'trial', region: { name: 'eu' }, webhookSecretHint: null }));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    await expect(api.provision(provisionRequest)).resolves.toEqual(provisionResponse);
  });

  it('reports each missing provisioning field by name', async () => {
    const s = await serve(json(200, { connectTenantId: 'ct_1', connectTenantSlug: 'lotus', ok: true }));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    const err = await apiError(api.provision(provisionRequest));
    expect([err.kind, err.status]).toEqual(['invalid_response', 200]);
    expect(err.message).toBe(
      "Mango Connect's answer to provisioning lacks what Biz needs (connectTenantId, connectTenantSlug, webhookUrl and apiUrl): webhookUrl is missing; apiUrl is missing",
    );
  });

  it('refuses a provisioning answer whose URLs are not absolute http(s) URLs', async () => {
    const s = await serve(json(200, { ...provisionResponse, webhookUrl: '/webhooks/ct_1', apiUrl: 'javascript:alert(1)' }));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    const err = await apiError(api.provision(provisionRequest));
    expect(err.kind).toBe('invalid_response');
    expect(err.message).toContain('webhookUrl must be an absolute http(s) URL; apiUrl must be an absolute http(s) URL');
  });

  it('refuses a provisioning answer over 64 KB as too large, without reading the rest', async () => {
    const big = streamBody(200, 5 * 1024 * 1024, { prefix: '{"connectTenantId":"' });
    const s = await serve(big.handler);
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    const err = await apiError(api.provision(provisionRequest));
    expect([err.kind, err.status]).toEqual(['invalid_response', 200]);
    expect(err.message).toContain('too large');
    expect(err.bodyExcerpt).toHaveLength(500);
    await big.progress.closed;
    expect(big.progress.finished).toBe(false);
  });

  it('reports a provisioning answer whose body stops arriving as timeout', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"connectTenantId":');
    });
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET, timeoutMs: 300 });
    const err = await apiError(api.provision(provisionRequest));
    expect([err.kind, err.status]).toEqual(['timeout', 200]);
    expect(err.message).toContain('did not finish its answer to provisioning within 300 ms');
  });

  it('reports a body that is not JSON as invalid_response', async () => {
    const s = await serve(reply(200, '<html>login</html>', { 'content-type': 'text/html' }));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    const err = await apiError(api.provision(provisionRequest));
    expect([err.kind, err.status, err.bodyExcerpt]).toEqual(['invalid_response', 200, '<html>login</html>']);
  });

  it('reports JSON of the wrong shape as invalid_response naming the field', async () => {
    const s = await serve(json(200, { connectTenantId: 'ct_1' }));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    const err = await apiError(api.provision(provisionRequest));
    expect(err.kind).toBe('invalid_response');
    expect(err.message).toContain('webhookUrl');
  });

  it('reports no answer in time as timeout', async () => {
    const s = await serve(hang);
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET, timeoutMs: 300, retries: 0 });
    const err = await apiError(api.provision(provisionRequest));
    expect([err.kind, err.status]).toEqual(['timeout', null]);
    expect(err.message).toContain('within 300 ms');
  });

  it('reports a refused connection as network', async () => {
    const s = await serve(reply(200));
    const url = s.url;
    await s.close();
    const api = createConnectApiClient({ apiUrl: url, webhookSecret: WEBHOOK_SECRET, retries: 0 });
    const err = await apiError(api.provision(provisionRequest));
    expect([err.kind, err.status]).toEqual(['network', null]);
    expect(err.message).toContain(url);
  });

  it('checks health: a 2xx is up, and no health endpoint is unknown rather than down', async () => {
    const s = await serve(json(200, { ok: true }), json(404, { error: { code: 'not_found', message: 'no route' } }), reply(405), reply(501));
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET });
    expect(await api.health()).toMatchObject({ state: 'up', ok: true, status: 200 });
    expect(await api.health()).toMatchObject({ state: 'unknown', ok: false, status: 404 });
    expect(await api.health()).toMatchObject({ state: 'unknown', ok: false, status: 405 });
    expect(await api.health()).toMatchObject({ state: 'unknown', ok: false, status: 501 });
    expect(s.requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(4).fill('GET /health'));
  });

  it('checks health: an error answer, a redirect, no answer in time or no connection is down, never thrown', async () => {
    const s = await serve(reply(500), reply(503), reply(302, '', { location: 'http://127.0.0.1:1/health' }), hang);
    const api = createConnectApiClient({ apiUrl: s.url, webhookSecret: WEBHOOK_SECRET, timeoutMs: 300 });
    expect(await api.health()).toMatchObject({ state: 'down', ok: false, status: 500 });
    expect(await api.health()).toMatchObject({ state: 'down', ok: false, status: 503 });
    expect(await api.health()).toMatchObject({ state: 'down', ok: false, status: 302 });
    expect(await api.health()).toMatchObject({ state: 'down', ok: false, status: null });
    expect(s.requests).toHaveLength(4);
    await s.close();
    const down = await api.health();
    expect(down).toMatchObject({ state: 'down', ok: false, status: null });
    expect(down.latencyMs).toBeGreaterThanOrEqual(0);
  });
});

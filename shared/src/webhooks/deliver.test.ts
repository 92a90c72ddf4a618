import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { destroy, hang, json, reply, startTestServer, streamBody, type Handler } from '../../test/http-server.js';
import { WEBHOOK_SECRET } from '../../test/fixtures.js';
import { deliverWebhook } from './deliver.js';
import { signedRequestHeaders } from './sign.js';

const rawBody = '{"event":"client.created","storeId":"store_1","timestamp":"2026-11-25T12:00:00.000Z","data":{}}';
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

const headers = () => signedRequestHeaders({ id: 'evt_1', rawBody, secret: WEBHOOK_SECRET });

describe('deliverWebhook against a real HTTP server', () => {
  it('POSTs the exact signed body and headers, and reports a 200 as delivered', async () => {
    const s = await serve(json(200, { received: true }));
    const outcome = await deliverWebhook({ url: `${s.url}/hooks`, rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 1, retryable: false, bodyExcerpt: '{"received":true}' });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
    const [req] = s.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/hooks');
    expect(req!.body).toBe(rawBody);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['x-mango-signature']).toBe(createHmac('sha256', WEBHOOK_SECRET).update(req!.body).digest('hex'));
    expect(req!.headers['webhook-id']).toBe('evt_1');
  });

  it('reads only the start of a 5 MB success answer for the excerpt and closes the connection', async () => {
    const big = streamBody(200, 5 * 1024 * 1024, { prefix: '{"received":true,"echo":"' });
    const s = await serve(big.handler);
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 1 });
    expect(outcome.bodyExcerpt).toHaveLength(500);
    expect(outcome.bodyExcerpt.startsWith('{"received":true,"echo":"xxx')).toBe(true);
    await big.progress.closed;
    expect(big.progress.finished).toBe(false);
    expect(big.progress.bytesWritten).toBeLessThan(2 * 1024 * 1024);
  });

  it('reads only the start of a 5 MB error answer, closes the connection, and still reports it retryable', async () => {
    const big = streamBody(503, 5 * 1024 * 1024, { prefix: 'overloaded ', headers: { 'content-type': 'text/plain', 'retry-after': '30' } });
    const s = await serve(big.handler);
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: false, status: 503, retryable: true, retryAfterSeconds: 30, attempts: 1 });
    expect(outcome.bodyExcerpt).toHaveLength(500);
    expect(outcome.bodyExcerpt.startsWith('overloaded xxx')).toBe(true);
    await big.progress.closed;
    expect(big.progress.finished).toBe(false);
    expect(big.progress.bytesWritten).toBeLessThan(2 * 1024 * 1024);
  });

  it('keeps a JSON error answer as text in the excerpt', async () => {
    const s = await serve(json(422, { error: { code: 'invalid', message: 'no such store' } }));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: false, status: 422, retryable: false, bodyExcerpt: '{"error":{"code":"invalid","message":"no such store"}}' });
  });

  it('treats a 3xx as a failure and never follows it', async () => {
    const target = await serve(reply(200));
    const s = await serve(reply(302, '', { location: `${target.url}/elsewhere` }));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: false, status: 302, retryable: false, attempts: 1 });
    expect(outcome.error).toContain('redirect');
    expect(target.requests).toHaveLength(0);
  });

  it('does not retry a 400, even when attempts allow it', async () => {
    const s = await serve(json(400, { error: { code: 'bad', message: 'bad payload' } }));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers(), policy: { attempts: 3, backoffMs: 1 } });
    expect(outcome).toMatchObject({ ok: false, status: 400, retryable: false, attempts: 1 });
    expect(outcome.bodyExcerpt).toContain('bad payload');
    expect(s.requests).toHaveLength(1);
  });

  it('reports 410 as gone and not retryable', async () => {
    const s = await serve(reply(410, 'gone'));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers(), policy: { attempts: 3, backoffMs: 1 } });
    expect(outcome).toMatchObject({ ok: false, status: 410, gone: true, retryable: false, attempts: 1, bodyExcerpt: 'gone' });
  });

  it('reports a 429 with Retry-After as retryable and passes the wait on to the caller', async () => {
    const s = await serve(reply(429, 'slow down', { 'retry-after': '120' }));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterSeconds: 120, attempts: 1 });
  });

  it('does not retry in-request when Retry-After exceeds the cap, leaving the wait to the schedule', async () => {
    const s = await serve(reply(503, '', { 'retry-after': '3600' }), reply(200));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers(), policy: { attempts: 3, maxRetryAfterMs: 2_000 } });
    expect(outcome).toMatchObject({ ok: false, status: 503, retryable: true, retryAfterSeconds: 3600, attempts: 1 });
    expect(s.requests).toHaveLength(1);
  });

  it('honours a short Retry-After (HTTP date too) before retrying a 503 in-request', async () => {
    const soon = new Date(Date.now() + 2_000).toUTCString();
    const s = await serve(reply(503, 'busy', { 'retry-after': soon }), reply(200, 'ok'));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers(), policy: { attempts: 2, backoffMs: 1 } });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 2 });
    // The date has one-second resolution, so the wait is at least about one second, never the 1 ms backoff.
    expect(s.requests[1]!.receivedAt - s.requests[0]!.receivedAt).toBeGreaterThanOrEqual(900);
  });

  it('retries a 500 then succeeds when attempts > 1, repeating the same id and body', async () => {
    const s = await serve(reply(500, 'oops'), reply(200, 'ok'));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers(), policy: { attempts: 3, backoffMs: 10 } });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 2, bodyExcerpt: 'ok' });
    expect(s.requests.map((r) => r.headers['webhook-id'])).toEqual(['evt_1', 'evt_1']);
    expect(s.requests[1]!.body).toBe(rawBody);
  });

  it('with the default single attempt, reports a 500 as retryable without retrying', async () => {
    const s = await serve(reply(500, 'oops'), reply(200));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: false, status: 500, retryable: true, attempts: 1, bodyExcerpt: 'oops' });
    expect(s.requests).toHaveLength(1);
  });

  it('gives up on a receiver that never answers after the per-attempt timeout', async () => {
    const s = await serve(hang);
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers(), policy: { timeoutMs: 300 } });
    expect(outcome).toMatchObject({ ok: false, status: null, retryable: true, attempts: 1 });
    expect(outcome.error).toContain('did not answer within 300 ms');
  });

  it('reports a dropped connection as a retryable network error', async () => {
    const s = await serve(destroy);
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: false, status: null, retryable: true, attempts: 1 });
    expect(outcome.error).toMatch(/^network error/);
  });

  it('retries a dropped connection in-request when attempts allow', async () => {
    const s = await serve(destroy, reply(204));
    const outcome = await deliverWebhook({ url: s.url, rawBody, headers: await headers(), policy: { attempts: 2, backoffMs: 1 } });
    expect(outcome).toMatchObject({ ok: true, status: 204, attempts: 2 });
  });

  it('reports a refused connection without throwing', async () => {
    const s = await serve(reply(200));
    const url = s.url;
    await s.close();
    const outcome = await deliverWebhook({ url, rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: false, status: null, retryable: true });
  });

  it('reports an unusable URL without throwing', async () => {
    const outcome = await deliverWebhook({ url: 'not a url', rawBody, headers: await headers() });
    expect(outcome).toMatchObject({ ok: false, status: null, retryable: false, attempts: 0 });
  });
});

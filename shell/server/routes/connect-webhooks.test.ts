import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientCreatedEvent } from '../testing/fixtures.js';
import { startReceiver } from '../testing/receiver.js';
import { TEST_SECRETS, call, login, startEdge, testEnv, type RunningEdge } from '../testing/edge-server.js';

let connect: Awaited<ReturnType<typeof startReceiver>>;
let stranger: Awaited<ReturnType<typeof startReceiver>>;
let edge: RunningEdge;
let cookie: string;

beforeAll(async () => {
  connect = await startReceiver();
  stranger = await startReceiver();
  edge = await startEdge(testEnv({ MANGO_CONNECT_API_URL: connect.origin }));
  cookie = (await login(edge.url, 'staff@demo.mango')).cookie;
});
afterAll(async () => {
  await edge.stop();
  await connect.stop();
  await stranger.stop();
});
beforeEach(() => {
  connect.received.length = 0;
  stranger.received.length = 0;
  connect.answer(() => ({ status: 200, body: '{"ok":true}' }));
});

const relay = (body: unknown, as = cookie) => call(edge.url, as, 'POST', '/api/connect/webhooks', body);

describe('POST /api/connect/webhooks', () => {
  it('signs the event and delivers it once; webhook-id is the event id and both signatures check out', async () => {
    const event = clientCreatedEvent();
    const res = await relay({ webhookUrl: `${connect.origin}/webhook-mango-biz`, event });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, status: 200, attempts: 1, retryable: false });

    expect(connect.received).toHaveLength(1);
    const [got] = connect.received;
    expect(got!.path).toBe('/webhook-mango-biz');
    expect(JSON.parse(got!.body)).toEqual(event.payload);
    expect(Object.keys(JSON.parse(got!.body))).toEqual(['event', 'storeId', 'timestamp', 'data']);
    const secret = TEST_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET;
    expect(got!.headers['x-mango-signature']).toBe(createHmac('sha256', secret).update(got!.body).digest('hex'));
    expect(got!.headers['webhook-id']).toBe(event.id);
    const ts = String(got!.headers['webhook-timestamp']);
    const standard = createHmac('sha256', secret).update(`${event.id}.${ts}.${got!.body}`).digest('base64');
    expect(String(got!.headers['webhook-signature']).split(' ')).toContain(`v1,${standard}`);
  });

  it('answers 200 with a retryable outcome when Connect says 503 with Retry-After, and does not retry itself', async () => {
    connect.answer(() => ({ status: 503, headers: { 'retry-after': '7' }, body: '{"error":{"code":"down","message":"down"}}' }));
    const res = await relay({ webhookUrl: `${connect.origin}/webhook-mango-biz`, event: clientCreatedEvent() });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, status: 503, retryable: true, retryAfterSeconds: 7, attempts: 1 });
    expect(connect.received).toHaveLength(1);
  });

  it('reports 410 as gone and not retryable', async () => {
    connect.answer(() => ({ status: 410, body: '' }));
    const body = await (await relay({ webhookUrl: `${connect.origin}/webhook-mango-biz`, event: clientCreatedEvent() })).json();
    expect(body).toMatchObject({ ok: false, status: 410, retryable: false, gone: true });
  });

  it('refuses a webhook URL outside the trusted Connect origins and sends nothing anywhere (no open relay)', async () => {
    const res = await relay({ webhookUrl: `${stranger.origin}/collect`, event: clientCreatedEvent() });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('untrusted_webhook_url');
    expect(stranger.received).toHaveLength(0);
    expect(connect.received).toHaveLength(0);
  });

  it('refuses an event for another store with 403 wrong_store', async () => {
    const res = await relay({ webhookUrl: `${connect.origin}/webhook-mango-biz`, event: clientCreatedEvent('store_other_999') });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('wrong_store');
    expect(connect.received).toHaveLength(0);
  });

  it('answers 400 naming the invalid field', async () => {
    const event = clientCreatedEvent();
    const bad = { ...event, payload: { ...event.payload, event: 'client.exploded' } };
    const res = await relay({ webhookUrl: `${connect.origin}/webhook-mango-biz`, event: bad });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/^event\.payload/);
  });

  it('answers 401 without a session', async () => {
    const res = await relay({ webhookUrl: `${connect.origin}/webhook-mango-biz`, event: clientCreatedEvent() }, '');
    expect(res.status).toBe(401);
    expect(connect.received).toHaveLength(0);
  });
});

describe('POST /api/connect/webhooks/batch', () => {
  const batch = (events: unknown[], webhookUrl = `${connect.origin}/webhook-mango-biz`, as = cookie) =>
    call(edge.url, as, 'POST', '/api/connect/webhooks/batch', { webhookUrl, events });

  it('signs and delivers each event once, in the order sent, answering one result per event', async () => {
    const events = [clientCreatedEvent(), clientCreatedEvent(), clientCreatedEvent()];
    const res = await batch(events);
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results).toHaveLength(3);
    for (const r of results) expect(r).toMatchObject({ type: 'outcome', outcome: { ok: true, status: 200, attempts: 1 } });
    expect(connect.received.map((r) => r.headers['webhook-id'])).toEqual(events.map((e) => e.id));
    const secret = TEST_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET;
    for (const got of connect.received) expect(got.headers['x-mango-signature']).toBe(createHmac('sha256', secret).update(got.body).digest('hex'));
  });

  it('refuses a malformed event or one of another store on its own and still delivers the rest', async () => {
    const good = clientCreatedEvent();
    const malformed = { ...clientCreatedEvent(), payload: { ...clientCreatedEvent().payload, event: 'client.exploded' } };
    const foreign = clientCreatedEvent('store_other_999');
    const { results } = await (await batch([malformed, good, foreign])).json();
    expect(results[0]).toMatchObject({ type: 'refused', status: 400, code: 'invalid_request' });
    expect(results[0].message).toMatch(/^events\.0\.payload/);
    expect(results[1]).toMatchObject({ type: 'outcome', outcome: { ok: true } });
    expect(results[2]).toMatchObject({ type: 'refused', status: 403, code: 'wrong_store' });
    expect(results[2].message).toMatch(/store_other_999/);
    expect(connect.received.map((r) => r.headers['webhook-id'])).toEqual([good.id]);
  });

  it('reports each Connect answer per event: a 503 does not stop the events after it', async () => {
    let n = 0;
    connect.answer(() => (++n === 1 ? { status: 503, headers: { 'retry-after': '3' }, body: 'down' } : { status: 200, body: '{"ok":true}' }));
    const { results } = await (await batch([clientCreatedEvent(), clientCreatedEvent()])).json();
    expect(results[0]).toMatchObject({ type: 'outcome', outcome: { ok: false, status: 503, retryable: true, retryAfterSeconds: 3 } });
    expect(results[1]).toMatchObject({ type: 'outcome', outcome: { ok: true } });
  });

  it('refuses the whole batch for an untrusted URL, an empty or oversized list, or no session — sending nothing', async () => {
    const untrusted = await batch([clientCreatedEvent()], `${stranger.origin}/collect`);
    expect(untrusted.status).toBe(400);
    expect((await untrusted.json()).error.code).toBe('untrusted_webhook_url');
    const empty = await batch([]);
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/^events/);
    const tooMany = await batch(Array.from({ length: 51 }, () => clientCreatedEvent()));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.message).toMatch(/^events/);
    expect((await batch([clientCreatedEvent()], undefined, '')).status).toBe(401);
    expect(stranger.received).toHaveLength(0);
    expect(connect.received).toHaveLength(0);
  });
});

describe('BIZ_WEBHOOK_TIMEOUT_MS', () => {
  it('in a batch, stops after two attempts in a row with no answer and reports the rest as skipped, not failed', async () => {
    const slow = await startSlowReceiver(1500);
    const quick = await startEdge(testEnv({ MANGO_CONNECT_API_URL: slow.origin, BIZ_WEBHOOK_TIMEOUT_MS: '300' }));
    try {
      const staff = (await login(quick.url, 'staff@demo.mango')).cookie;
      const events = [clientCreatedEvent(), clientCreatedEvent(), clientCreatedEvent(), clientCreatedEvent()];
      const res = await call(quick.url, staff, 'POST', '/api/connect/webhooks/batch', { webhookUrl: `${slow.origin}/webhook-mango-biz`, events });
      const { results } = await res.json();
      for (const r of results.slice(0, 2)) expect(r).toMatchObject({ type: 'outcome', outcome: { ok: false, status: null, retryable: true } });
      expect(results.slice(2)).toMatchObject([{ type: 'skipped', kind: 'silence' }, { type: 'skipped', kind: 'silence' }]);
      expect(results[2].reason).toMatch(/no answer from Connect/);
      expect(slow.hits()).toBe(2);
    } finally {
      await quick.stop();
      await slow.stop();
    }
  });

  it('ends an attempt whose receiver is slower than the configured timeout with a retryable outcome', async () => {
    // A receiver that takes 1.5 s: within the default 15 s, beyond the configured 300 ms.
    const slow = await startSlowReceiver(1500);
    const quick = await startEdge(testEnv({ MANGO_CONNECT_API_URL: slow.origin, BIZ_WEBHOOK_TIMEOUT_MS: '300' }));
    try {
      const staff = (await login(quick.url, 'staff@demo.mango')).cookie;
      const started = Date.now();
      const res = await call(quick.url, staff, 'POST', '/api/connect/webhooks', { webhookUrl: `${slow.origin}/webhook-mango-biz`, event: clientCreatedEvent() });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: false, status: null, retryable: true, attempts: 1 });
      expect(Date.now() - started).toBeLessThan(1200);
    } finally {
      await quick.stop();
      await slow.stop();
    }
  });
});

async function startSlowReceiver(delayMs: number) {
  const { createServer } = await import('node:http');
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits: () => hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

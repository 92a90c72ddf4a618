import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createHmac } from 'node:crypto';
import type { RunningSandbox } from '../server.js';
import { admin, appointment, client, postSigned, provision, signedHeaders, start, STORE_ID, WEBHOOK_SECRET } from '../../test/helpers.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());
beforeEach(async () => {
  await admin(sb.url, '/reset');
  await provision(sb.url);
});

const ana = client('c1', 'Ana Lima');
const created = (data = ana) => ({ event: 'client.created', storeId: STORE_ID, timestamp: new Date().toISOString(), data });

async function clients() {
  const res = await admin(sb.url, `/tenants/${STORE_ID}/clients`, undefined, 'GET');
  return ((await res.json()) as { clients: { id: string; name: string }[] }).clients;
}

describe('POST /webhook-mango-biz', () => {
  it('accepts a correctly signed webhook and upserts the client', async () => {
    const res = await postSigned(sb.url, '/webhook-mango-biz', created());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, duplicate: false, result: 'created' });
    expect(await clients()).toEqual([ana]);
  });

  it('accepts a webhook signed by the standardwebhooks library (interop)', async () => {
    const body = JSON.stringify(created());
    const id = 'evt_std_1';
    const now = new Date();
    const wh = new Webhook(new TextEncoder().encode(WEBHOOK_SECRET), { format: 'raw' });
    const res = await fetch(`${sb.url}/webhook-mango-biz`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-mango-signature': createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex'),
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': wh.sign(id, now, body),
      },
    });
    expect(res.status).toBe(200);
  });

  it('accepts when any entry of a rotated signature list matches', async () => {
    const body = JSON.stringify(created());
    const h = signedHeaders(body);
    const old = signedHeaders(body, { id: h['webhook-id'], timestamp: Number(h['webhook-timestamp']), secret: 'x'.repeat(40) });
    h['webhook-signature'] = `${old['webhook-signature']} ${h['webhook-signature']}`;
    const res = await fetch(`${sb.url}/webhook-mango-biz`, { method: 'POST', body, headers: h });
    expect(res.status).toBe(200);
  });

  it('rejects a forged signature with 401 and changes nothing', async () => {
    const res = await postSigned(sb.url, '/webhook-mango-biz', created(), { secret: 'forged-secret-forged-secret-forged!!' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('signature_invalid');
    expect(await clients()).toEqual([]);
  });

  it('rejects a body altered after signing', async () => {
    const body = JSON.stringify(created());
    const headers = signedHeaders(body);
    const res = await fetch(`${sb.url}/webhook-mango-biz`, { method: 'POST', headers, body: body.replace('Ana', 'Eve') });
    expect(res.status).toBe(401);
  });

  it('rejects a request without signature headers, naming them', async () => {
    const res = await fetch(`${sb.url}/webhook-mango-biz`, { method: 'POST', body: JSON.stringify(created()) });
    expect(res.status).toBe(401);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('signature_missing');
    expect(error.message).toContain('X-Mango-Signature');
  });

  it('rejects a replay whose timestamp is older than 5 minutes with timestamp_stale', async () => {
    const res = await postSigned(sb.url, '/webhook-mango-biz', created(), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('timestamp_stale');
    expect(await clients()).toEqual([]);
  });

  it('applies a repeated webhook-id once and answers the repeat with duplicate: true', async () => {
    const first = await postSigned(sb.url, '/webhook-mango-biz', created(), { id: 'evt_dup' });
    expect(first.status).toBe(200);
    const renamed = created(client('c1', 'Changed Name'));
    const again = await postSigned(sb.url, '/webhook-mango-biz', renamed, { id: 'evt_dup' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect((await clients())[0]?.name).toBe('Ana Lima');
  });

  it('rejects a malformed body with 400 naming the field', async () => {
    const res = await postSigned(sb.url, '/webhook-mango-biz', { ...created(), data: { ...ana, id: '' } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_body');
    expect(error.message).toContain('data.id');
  });

  it('rejects an unknown event with 400 unknown_event', async () => {
    const res = await postSigned(sb.url, '/webhook-mango-biz', { ...created(), event: 'client.deleted' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unknown_event');
  });

  it('rejects a body that is not JSON with 400', async () => {
    const body = '{not json';
    const res = await fetch(`${sb.url}/webhook-mango-biz`, { method: 'POST', headers: signedHeaders(body), body });
    expect(res.status).toBe(400);
  });

  it('answers 404 tenant_unknown for a store that was never provisioned', async () => {
    const res = await postSigned(sb.url, '/webhook-mango-biz', { ...created(), storeId: 'store_nope' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('tenant_unknown');
  });

  it('marks an appointment cancelled on appointment.cancelled', async () => {
    const appt = appointment('a1', ana);
    await postSigned(sb.url, '/webhook-mango-biz', { event: 'appointment.created', storeId: STORE_ID, timestamp: new Date().toISOString(), data: appt });
    await postSigned(sb.url, '/webhook-mango-biz', { event: 'appointment.cancelled', storeId: STORE_ID, timestamp: new Date().toISOString(), data: appt });
    const res = await admin(sb.url, `/tenants/${STORE_ID}/appointments`, undefined, 'GET');
    const { appointments } = (await res.json()) as { appointments: { id: string; status: string }[] };
    expect(appointments).toEqual([expect.objectContaining({ id: 'a1', status: 'cancelled' })]);
  });

  it('logs every arrival in order with signature validity and duplicates', async () => {
    await postSigned(sb.url, '/webhook-mango-biz', created(), { id: 'evt_a' });
    await postSigned(sb.url, '/webhook-mango-biz', created(), { id: 'evt_b', secret: 'y'.repeat(40) });
    await postSigned(sb.url, '/webhook-mango-biz', created(), { id: 'evt_a' });
    const res = await admin(sb.url, '/webhooks', undefined, 'GET');
    const { webhooks } = (await res.json()) as { webhooks: Record<string, unknown>[] };
    expect(webhooks.map((w) => [w.seq, w.id, w.event, w.entityId, w.signatureValid, w.duplicate, w.status])).toEqual([
      [1, 'evt_a', 'client.created', 'c1', true, false, 200],
      [2, 'evt_b', 'client.created', 'c1', false, false, 401],
      [3, 'evt_a', 'client.created', 'c1', true, true, 200],
    ]);
    expect(typeof webhooks[0]!.timestamp).toBe('number');
  });
});

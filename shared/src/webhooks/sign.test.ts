import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_SECRET } from '../../test/fixtures.js';
import { signedRequestHeaders, signStandardWebhook, signWebhookPayload } from './sign.js';

/** Independent implementations (node:crypto) to check the Web Crypto code against. */
const nodeHex = (secret: string, body: string) => createHmac('sha256', secret).update(body, 'utf8').digest('hex');
const nodeV1 = (secret: string, id: string, ts: number, body: string) =>
  `v1,${createHmac('sha256', secret).update(`${id}.${ts}.${body}`, 'utf8').digest('base64')}`;

/** standardwebhooks expects a base64 key: we key with the UTF-8 bytes of the secret, so encode them. */
const standardWebhooksVerifier = (secret: string) => new Webhook(Buffer.from(secret, 'utf8').toString('base64'));

describe('signWebhookPayload', () => {
  it('matches a published HMAC-SHA256 known answer (RFC 4231 test case 2)', async () => {
    expect(await signWebhookPayload('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('is the lowercase hex HMAC-SHA256 node:crypto computes, for ASCII and non-ASCII bodies', async () => {
    for (const body of ['{"event":"client.created"}', '{"name":"Bé Trần 💅"}', '']) {
      const sig = await signWebhookPayload(body, WEBHOOK_SECRET);
      expect(sig).toMatch(/^[0-9a-f]{64}$/);
      expect(sig).toBe(nodeHex(WEBHOOK_SECRET, body));
    }
  });

  it('changes when one byte of the body changes', async () => {
    expect(await signWebhookPayload('{"a":1}', WEBHOOK_SECRET)).not.toBe(await signWebhookPayload('{"a":2}', WEBHOOK_SECRET));
  });
});

describe('signStandardWebhook', () => {
  it('is v1,<base64 HMAC of id.timestamp.body> as node:crypto computes it', async () => {
    const body = '{"event":"appointment.cancelled","note":"ñ"}';
    expect(await signStandardWebhook('evt_123', 1764072000, body, WEBHOOK_SECRET)).toBe(nodeV1(WEBHOOK_SECRET, 'evt_123', 1764072000, body));
  });
});

describe('signedRequestHeaders', () => {
  const body = '{"event":"client.created","storeId":"s"}';
  const now = new Date('2026-11-25T12:00:00.000Z');

  it('sends all four signature headers and the content type', async () => {
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: body, secret: WEBHOOK_SECRET, now });
    expect(h).toEqual({
      'content-type': 'application/json',
      'x-mango-signature': nodeHex(WEBHOOK_SECRET, body),
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(now.getTime() / 1000),
      'webhook-signature': nodeV1(WEBHOOK_SECRET, 'evt_1', now.getTime() / 1000, body),
    });
  });

  it('produces headers the standardwebhooks library verifies (secret passed as base64 of its UTF-8 bytes)', async () => {
    const h = await signedRequestHeaders({ id: 'evt_2', rawBody: body, secret: WEBHOOK_SECRET });
    expect(standardWebhooksVerifier(WEBHOOK_SECRET).verify(body, h)).toEqual(JSON.parse(body));
  });

  it('lists one signature per secret during rotation, and a receiver holding either secret verifies', async () => {
    const oldSecret = 'old-secret-still-valid-0123456789abcdef';
    const h = await signedRequestHeaders({ id: 'evt_3', rawBody: body, secret: WEBHOOK_SECRET, previousSecret: oldSecret });
    expect(h['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => standardWebhooksVerifier(WEBHOOK_SECRET).verify(body, h)).not.toThrow();
    expect(() => standardWebhooksVerifier(oldSecret).verify(body, h)).not.toThrow();
    expect(() => standardWebhooksVerifier('some-other-secret-0123456789abcdef').verify(body, h)).toThrow();
  });

  it('keeps webhook-id across attempts while the timestamp follows the attempt time', async () => {
    const first = await signedRequestHeaders({ id: 'evt_4', rawBody: body, secret: WEBHOOK_SECRET, now: 1_000_000_000 });
    const retry = await signedRequestHeaders({ id: 'evt_4', rawBody: body, secret: WEBHOOK_SECRET, now: 1_000_005_000 });
    expect(retry['webhook-id']).toBe(first['webhook-id']);
    expect(Number(retry['webhook-timestamp']) - Number(first['webhook-timestamp'])).toBe(5);
    expect(retry['webhook-signature']).not.toBe(first['webhook-signature']);
    expect(retry['x-mango-signature']).toBe(first['x-mango-signature']);
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError, type WebhookVerificationErrorReason } from '../errors.js';
import { WEBHOOK_SECRET } from '../../test/fixtures.js';
import { signedRequestHeaders } from './sign.js';
import { verifyWebhook, type VerifyWebhookArgs } from './verify.js';

const NOW = 1_764_072_000_000;
const body = '{"event":"client.created","storeId":"store_1"}';

async function reasonOf(args: VerifyWebhookArgs): Promise<WebhookVerificationErrorReason> {
  const err = await verifyWebhook(args).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(WebhookVerificationError);
  return (err as WebhookVerificationError).reason;
}

/** Headers built by hand with node:crypto, as a third-party sender would. */
function nodeSignedHeaders(id: string, ts: number, raw: string, secret: string): Record<string, string> {
  return {
    'X-Mango-Signature': createHmac('sha256', secret).update(raw).digest('hex'),
    'Webhook-Id': id,
    'Webhook-Timestamp': String(ts),
    'Webhook-Signature': `v1,${createHmac('sha256', secret).update(`${id}.${ts}.${raw}`).digest('base64')}`,
  };
}

describe('verifyWebhook', () => {
  it('accepts what signedRequestHeaders produced, from a Headers object or a plain record', async () => {
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: body, secret: WEBHOOK_SECRET, now: NOW });
    await expect(verifyWebhook({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, now: NOW })).resolves.toEqual({
      id: 'evt_1',
      timestamp: NOW / 1000,
    });
    await expect(verifyWebhook({ rawBody: body, headers: new Headers(h), secret: WEBHOOK_SECRET, now: NOW + 60_000 })).resolves.toBeTruthy();
  });

  it('accepts headers signed independently with node:crypto, whatever their capitalisation', async () => {
    const h = nodeSignedHeaders('evt_ext', NOW / 1000, body, WEBHOOK_SECRET);
    await expect(verifyWebhook({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, now: NOW })).resolves.toEqual({ id: 'evt_ext', timestamp: NOW / 1000 });
  });

  it('accepts when any v1 entry matches and skips unknown versions', async () => {
    const h = nodeSignedHeaders('evt_r', NOW / 1000, body, WEBHOOK_SECRET);
    h['Webhook-Signature'] = `v2,abc v1,${Buffer.from('x'.repeat(32)).toString('base64')} ${h['Webhook-Signature']}`;
    await expect(verifyWebhook({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, now: NOW })).resolves.toBeTruthy();
  });

  it('rejects a body changed after signing (signature_invalid)', async () => {
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: body, secret: WEBHOOK_SECRET, now: NOW });
    expect(await reasonOf({ rawBody: body.replace('store_1', 'store_2'), headers: h, secret: WEBHOOK_SECRET, now: NOW })).toBe('signature_invalid');
  });

  it('rejects a wrong secret (signature_invalid)', async () => {
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: body, secret: 'another-secret-0123456789abcdef0123', now: NOW });
    expect(await reasonOf({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, now: NOW })).toBe('signature_invalid');
  });

  it('rejects a valid X-Mango-Signature paired with a forged webhook-signature, and the reverse', async () => {
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: body, secret: WEBHOOK_SECRET, now: NOW });
    const forgedStandard = { ...h, 'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64') };
    expect(await reasonOf({ rawBody: body, headers: forgedStandard, secret: WEBHOOK_SECRET, now: NOW })).toBe('signature_invalid');
    const forgedLegacy = { ...h, 'x-mango-signature': 'zz' + h['x-mango-signature']!.slice(2) };
    expect(await reasonOf({ rawBody: body, headers: forgedLegacy, secret: WEBHOOK_SECRET, now: NOW })).toBe('signature_invalid');
  });

  it('rejects a replay: the id reused with another timestamp breaks the signature', async () => {
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: body, secret: WEBHOOK_SECRET, now: NOW });
    const moved = { ...h, 'webhook-timestamp': String(NOW / 1000 + 10) };
    expect(await reasonOf({ rawBody: body, headers: moved, secret: WEBHOOK_SECRET, now: NOW })).toBe('signature_invalid');
  });

  it('rejects a timestamp older or newer than 5 minutes (timestamp_stale)', async () => {
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: body, secret: WEBHOOK_SECRET, now: NOW });
    expect(await reasonOf({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, now: NOW + 301_000 })).toBe('timestamp_stale');
    expect(await reasonOf({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, now: NOW - 301_000 })).toBe('timestamp_stale');
    await expect(verifyWebhook({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, now: NOW + 299_000 })).resolves.toBeTruthy();
    expect(await reasonOf({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, now: NOW + 61_000, toleranceSeconds: 60 })).toBe('timestamp_stale');
  });

  it('names each missing header by its reason', async () => {
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: body, secret: WEBHOOK_SECRET, now: NOW });
    const without = (name: string) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== name));
    expect(await reasonOf({ rawBody: body, headers: without('webhook-id'), secret: WEBHOOK_SECRET, now: NOW })).toBe('id_missing');
    expect(await reasonOf({ rawBody: body, headers: without('webhook-timestamp'), secret: WEBHOOK_SECRET, now: NOW })).toBe('timestamp_missing');
    expect(await reasonOf({ rawBody: body, headers: { ...h, 'webhook-timestamp': 'yesterday' }, secret: WEBHOOK_SECRET, now: NOW })).toBe('timestamp_missing');
    expect(await reasonOf({ rawBody: body, headers: without('x-mango-signature'), secret: WEBHOOK_SECRET, now: NOW })).toBe('signature_missing');
    expect(await reasonOf({ rawBody: body, headers: without('webhook-signature'), secret: WEBHOOK_SECRET, now: NOW })).toBe('signature_missing');
  });

  it('rejects a correctly signed body that is not JSON (body_invalid)', async () => {
    const raw = 'not json';
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: raw, secret: WEBHOOK_SECRET, now: NOW });
    expect(await reasonOf({ rawBody: raw, headers: h, secret: WEBHOOK_SECRET, now: NOW })).toBe('body_invalid');
  });

  it('accepts the old secret during rotation only when the receiver is told about it', async () => {
    const oldSecret = 'old-secret-still-valid-0123456789abcdef';
    const h = await signedRequestHeaders({ id: 'evt_1', rawBody: body, secret: oldSecret, now: NOW });
    expect(await reasonOf({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, now: NOW })).toBe('signature_invalid');
    await expect(verifyWebhook({ rawBody: body, headers: h, secret: WEBHOOK_SECRET, previousSecret: oldSecret, now: NOW })).resolves.toBeTruthy();
  });
});

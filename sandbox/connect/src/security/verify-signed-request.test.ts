import { describe, expect, it } from 'vitest';
import { signedHeaders, WEBHOOK_SECRET } from '../../test/helpers.js';
import { SandboxError } from '../errors.js';
import { verifySignedRequest } from './verify-signed-request.js';

const body = '{"hello":"world"}';
const now = new Date('2030-01-01T00:00:00Z');
const nowS = Math.floor(now.getTime() / 1000);

function headersFor(ts: number, text = body) {
  const h = signedHeaders(text, { id: 'evt_1', timestamp: ts });
  return { mangoSignature: h['x-mango-signature'], webhookId: h['webhook-id'], webhookTimestamp: h['webhook-timestamp'], webhookSignature: h['webhook-signature'] };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SandboxError ? err.code : 'other';
  }
  return undefined;
}

describe('verifySignedRequest', () => {
  it('returns the webhook id and timestamp for a good request', () => {
    expect(verifySignedRequest(new TextEncoder().encode(body), headersFor(nowS), WEBHOOK_SECRET, now)).toEqual({ webhookId: 'evt_1', timestamp: nowS });
  });

  it('accepts exactly 5 minutes of skew either way and rejects beyond it as timestamp_stale', () => {
    const raw = new TextEncoder().encode(body);
    expect(codeOf(() => verifySignedRequest(raw, headersFor(nowS - 300), WEBHOOK_SECRET, now))).toBeUndefined();
    expect(codeOf(() => verifySignedRequest(raw, headersFor(nowS + 300), WEBHOOK_SECRET, now))).toBeUndefined();
    expect(codeOf(() => verifySignedRequest(raw, headersFor(nowS - 301), WEBHOOK_SECRET, now))).toBe('timestamp_stale');
    expect(codeOf(() => verifySignedRequest(raw, headersFor(nowS + 301), WEBHOOK_SECRET, now))).toBe('timestamp_stale');
  });

  it('rejects a good Standard Webhooks signature paired with a wrong X-Mango-Signature', () => {
    const h = { ...headersFor(nowS), mangoSignature: 'ab'.repeat(32) };
    expect(codeOf(() => verifySignedRequest(new TextEncoder().encode(body), h, WEBHOOK_SECRET, now))).toBe('signature_invalid');
  });

  it('rejects a good X-Mango-Signature paired with a Standard Webhooks signature for another id', () => {
    const h = { ...headersFor(nowS), webhookId: 'evt_2' };
    expect(codeOf(() => verifySignedRequest(new TextEncoder().encode(body), h, WEBHOOK_SECRET, now))).toBe('signature_invalid');
  });

  it('rejects an uppercase hex signature (the contract says lowercase)', () => {
    const h = headersFor(nowS);
    expect(codeOf(() => verifySignedRequest(new TextEncoder().encode(body), { ...h, mangoSignature: h.mangoSignature!.toUpperCase() }, WEBHOOK_SECRET, now))).toBe('signature_invalid');
  });
});

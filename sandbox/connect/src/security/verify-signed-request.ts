import { createHmac, timingSafeEqual } from 'node:crypto';
import { SandboxError } from '../errors.js';

/** Receivers reject a `webhook-timestamp` further than this from now (Standard Webhooks). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface SignedRequestHeaders {
  mangoSignature: string | undefined;
  webhookId: string | undefined;
  webhookTimestamp: string | undefined;
  webhookSignature: string | undefined;
}

export interface VerifiedRequest {
  webhookId: string;
  timestamp: number;
}

const unauthorized = (code: string, message: string) => new SandboxError(401, code, message);

function equalSecret(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies both signatures Biz sends, over the raw bytes as received: `X-Mango-Signature`
 * (hex HMAC-SHA256 of the body) and the Standard Webhooks `webhook-signature` (base64
 * HMAC-SHA256 of "id.timestamp.body", any entry of a space-separated list may match, so a secret
 * can rotate). Written with node:crypto, not Biz's shared code, so passing proves Biz is right.
 * Signatures are checked before the clock, so a replayed genuine request is told it is stale.
 */
export function verifySignedRequest(
  rawBody: Uint8Array,
  h: SignedRequestHeaders,
  secret: string,
  now: Date = new Date(),
): VerifiedRequest {
  const missing = [
    ['X-Mango-Signature', h.mangoSignature],
    ['webhook-id', h.webhookId],
    ['webhook-timestamp', h.webhookTimestamp],
    ['webhook-signature', h.webhookSignature],
  ]
    .filter(([, v]) => !v)
    .map(([name]) => name);
  if (missing.length > 0) {
    throw unauthorized('signature_missing', `Missing signature header(s): ${missing.join(', ')}.`);
  }
  const key = Buffer.from(secret, 'utf8');
  const body = Buffer.from(rawBody);

  const expectedHex = createHmac('sha256', key).update(body).digest();
  const givenHex = /^[0-9a-f]{64}$/.test(h.mangoSignature!) ? Buffer.from(h.mangoSignature!, 'hex') : Buffer.alloc(0);
  if (!equalSecret(givenHex, expectedHex)) {
    throw unauthorized(
      'signature_invalid',
      'X-Mango-Signature must be the lowercase hex HMAC-SHA256 of the raw body keyed with MANGO_CONNECT_WEBHOOK_SECRET.',
    );
  }

  const timestamp = Number(h.webhookTimestamp);
  if (!/^\d+$/.test(h.webhookTimestamp!) || !Number.isSafeInteger(timestamp)) {
    throw unauthorized('signature_invalid', 'webhook-timestamp must be unix seconds.');
  }
  const expectedStd = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${h.webhookId}.${h.webhookTimestamp}.`, 'utf8'), body]))
    .digest();
  const matches = h.webhookSignature!.split(' ').some((entry) => {
    const [version, sig] = entry.split(',', 2);
    return version === 'v1' && sig !== undefined && equalSecret(Buffer.from(sig, 'base64'), expectedStd);
  });
  if (!matches) {
    throw unauthorized(
      'signature_invalid',
      'webhook-signature has no v1 entry matching base64 HMAC-SHA256 of "webhook-id.webhook-timestamp.body".',
    );
  }

  const skew = Math.floor(now.getTime() / 1000) - timestamp;
  if (Math.abs(skew) > TIMESTAMP_TOLERANCE_SECONDS) {
    throw unauthorized(
      'timestamp_stale',
      `webhook-timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}; the limit is ${TIMESTAMP_TOLERANCE_SECONDS} s.`,
    );
  }
  return { webhookId: h.webhookId!, timestamp };
}

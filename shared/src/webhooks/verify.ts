import { WebhookVerificationError } from '../errors.js';
import { fromBase64, fromHex, toEpochMs } from '../internal/bytes.js';
import { hmacSha256Verify } from '#hmac';
import { SIGNATURE_HEADER, WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from './sign.js';

export interface VerifyWebhookArgs {
  rawBody: string;
  headers: Headers | Record<string, string | undefined>;
  secret: string;
  /** During a rotation, a receiver may also accept signatures made with the old secret. */
  previousSecret?: string;
  now?: Date | number;
  /** Largest accepted distance between webhook-timestamp and now; default 300 s (replay window). */
  toleranceSeconds?: number;
}

const DEFAULT_TOLERANCE_SECONDS = 300;

function headerGetter(headers: VerifyWebhookArgs['headers']): (name: string) => string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return (name) => headers.get(name) ?? undefined;
  const lower = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(headers)) lower.set(k.toLowerCase(), v);
  return (name) => lower.get(name);
}

/**
 * Verifies a signed webhook or signed request as a receiver must: webhook-id present,
 * webhook-timestamp within the tolerance (replay protection), `X-Mango-Signature` AND at least
 * one `v1,` entry of `webhook-signature` valid (both compared in constant time by Web Crypto),
 * and a JSON body. Returns the id (to dedupe on) and timestamp; throws WebhookVerificationError.
 */
export async function verifyWebhook(args: VerifyWebhookArgs): Promise<{ id: string; timestamp: number }> {
  if (typeof args.rawBody !== 'string') {
    throw new WebhookVerificationError('body_invalid', 'Webhook body must be the raw request text, read before any JSON parsing');
  }
  const get = headerGetter(args.headers);
  const id = get(WEBHOOK_ID_HEADER)?.trim();
  if (!id) throw new WebhookVerificationError('id_missing', 'Webhook has no webhook-id header; the sender must send one');

  const tsText = get(WEBHOOK_TIMESTAMP_HEADER)?.trim();
  if (!tsText || !/^\d+$/.test(tsText)) {
    throw new WebhookVerificationError('timestamp_missing', 'Webhook has no valid webhook-timestamp header (unix seconds)');
  }
  const timestamp = Number(tsText);
  const tolerance = args.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowS = Math.floor(toEpochMs(args.now) / 1000);
  if (Math.abs(nowS - timestamp) > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_stale',
      `Webhook timestamp ${timestamp} is more than ${tolerance} s from now (${nowS}); it may be a replay, or a clock is wrong`,
    );
  }

  const legacy = get(SIGNATURE_HEADER)?.trim();
  const standard = get(WEBHOOK_SIGNATURE_HEADER)?.trim();
  if (!legacy || !standard) {
    const missing = [!legacy && 'X-Mango-Signature', !standard && 'webhook-signature'].filter(Boolean).join(' and ');
    throw new WebhookVerificationError('signature_missing', `Webhook is missing the ${missing} header`);
  }

  const secrets = args.previousSecret !== undefined ? [args.secret, args.previousSecret] : [args.secret];
  if (!(await legacySignatureValid(legacy, args.rawBody, secrets))) {
    throw new WebhookVerificationError('signature_invalid', 'X-Mango-Signature does not match the body; check MANGO_CONNECT_WEBHOOK_SECRET');
  }
  if (!(await standardSignatureValid(standard, `${id}.${timestamp}.${args.rawBody}`, secrets))) {
    throw new WebhookVerificationError('signature_invalid', 'No webhook-signature entry matches; check MANGO_CONNECT_WEBHOOK_SECRET');
  }

  try {
    JSON.parse(args.rawBody);
  } catch (err) {
    throw new WebhookVerificationError('body_invalid', 'Webhook body is not valid JSON', { cause: err });
  }
  return { id, timestamp };
}

async function legacySignatureValid(hex: string, rawBody: string, secrets: string[]): Promise<boolean> {
  const mac = fromHex(hex);
  if (!mac) return false;
  for (const secret of secrets) if (await hmacSha256Verify(secret, rawBody, mac)) return true;
  return false;
}

async function standardSignatureValid(header: string, signedContent: string, secrets: string[]): Promise<boolean> {
  for (const entry of header.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue; // unknown versions are skipped, as the spec asks
    const mac = fromBase64(entry.slice(comma + 1));
    if (!mac) continue;
    for (const secret of secrets) if (await hmacSha256Verify(secret, signedContent, mac)) return true;
  }
  return false;
}

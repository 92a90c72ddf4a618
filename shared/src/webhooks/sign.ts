import { toBase64, toEpochMs, toHex } from '../internal/bytes.js';
import { hmacSha256 } from '#hmac';

export const SIGNATURE_HEADER = 'x-mango-signature';
export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';

/** `X-Mango-Signature`: lowercase hex HMAC-SHA256 of the raw body. */
export async function signWebhookPayload(rawBody: string, secret: string): Promise<string> {
  return toHex(await hmacSha256(secret, rawBody));
}

/**
 * One Standard Webhooks signature: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 * The key is the UTF-8 bytes of the secret (not a base64-decoded `whsec_` key), as CONTRACTS.md says.
 */
export async function signStandardWebhook(id: string, timestampSeconds: number, rawBody: string, secret: string): Promise<string> {
  return `v1,${toBase64(await hmacSha256(secret, `${id}.${timestampSeconds}.${rawBody}`))}`;
}

export interface SignedRequestArgs {
  /** Stable event (or request) id; repeat it on every retry so the receiver can dedupe. */
  id: string;
  rawBody: string;
  secret: string;
  /** Time of this attempt; defaults to now. */
  now?: Date | number;
  /** During a secret rotation: also sign with the old secret, so receivers holding either verify. */
  previousSecret?: string;
}

/**
 * Headers for a signed POST to Connect (webhooks, provisioning, sync): the legacy
 * `x-mango-signature` (current secret; one header carries one signature) and the Standard
 * Webhooks trio, whose `webhook-signature` lists one `v1,` entry per secret during rotation.
 */
export async function signedRequestHeaders(args: SignedRequestArgs): Promise<Record<string, string>> {
  const ts = Math.floor(toEpochMs(args.now) / 1000);
  const secrets = args.previousSecret !== undefined && args.previousSecret !== args.secret
    ? [args.secret, args.previousSecret]
    : [args.secret];
  const signatures = await Promise.all(secrets.map((s) => signStandardWebhook(args.id, ts, args.rawBody, s)));
  return {
    'content-type': 'application/json',
    [SIGNATURE_HEADER]: await signWebhookPayload(args.rawBody, args.secret),
    [WEBHOOK_ID_HEADER]: args.id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(ts),
    [WEBHOOK_SIGNATURE_HEADER]: signatures.join(' '),
  };
}

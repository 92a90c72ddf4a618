// Forges what an attacker or a broken peer would send: JWTs and signed webhook requests, built with
// node:crypto alone (independent of the code under test), for the bad-input matrix.
import { createHmac } from 'node:crypto';

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** Decodes a JWT's claims without checking anything. */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** An HS256 JWT over `claims` with `secret`; `alg: 'none'` gives an unsigned token. */
export function forgeJwt(claims: Record<string, unknown>, secret: string, alg: 'HS256' | 'none' = 'HS256'): string {
  const head = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return alg === 'none' ? `${head}.` : `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** The contract's signature headers for `body` (X-Mango-Signature + Standard Webhooks). */
export function signedHeaders(body: string, secret: string, opts: { id?: string; timestamp?: number } = {}): Record<string, string> {
  const id = opts.id ?? `msg_${Date.now()}_${Math.random().toString(36).slice(2)}`;
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'x-mango-signature': createHmac('sha256', secret).update(body).digest('hex'),
    'webhook-id': id,
    'webhook-timestamp': ts,
    'webhook-signature': `v1,${createHmac('sha256', secret).update(`${id}.${ts}.${body}`).digest('base64')}`,
  };
}

// Small request builders the checks share: tokens (good and bad) and signed POSTs.
import { SignJWT } from 'jose';
import { generateConnectToken, readCapped, signedRequestHeaders, CONNECT_TOKEN_AUDIENCE, CONNECT_TOKEN_ISSUER } from '@mango/connect-shared';
import { CheckFailure, type CheckContext } from './context.js';

export const store = (ctx: CheckContext) => ({ storeId: ctx.storeId, tenantId: `biz-${ctx.storeId}`, storeName: 'Contract Check Salon' });
export const member = {
  memberId: 'contract-check-owner',
  email: 'contract-check@example.com',
  name: 'Contract Check',
  role: 'owner' as const,
  permissions: ['*'],
};

export const validToken = (ctx: CheckContext) => generateConnectToken(store(ctx), member, ctx.jwtSecret);

/** A token with the right shape but something wrong: secret, expiry, audience. */
export async function badToken(ctx: CheckContext, what: 'forged' | 'expired' | 'audience'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = what === 'expired' ? now - 7200 : now;
  const secret = what === 'forged' ? `${ctx.jwtSecret}-not-the-real-one` : ctx.jwtSecret;
  return new SignJWT({
    storeId: ctx.storeId,
    tenantId: `biz-${ctx.storeId}`,
    memberId: member.memberId,
    memberEmail: member.email,
    memberName: member.name,
    role: member.role,
    permissions: member.permissions,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(CONNECT_TOKEN_ISSUER)
    .setAudience(what === 'audience' ? 'someone-else' : CONNECT_TOKEN_AUDIENCE)
    .setSubject(member.memberId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(new TextEncoder().encode(secret));
}

/** An unsigned (`alg: none`) token: must never be accepted. */
export function unsignedToken(ctx: CheckContext): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ storeId: ctx.storeId, tenantId: 'x', memberId: 'x', memberEmail: 'x@example.com', memberName: 'x', role: 'owner', permissions: [], iat: now, exp: now + 3600, iss: CONNECT_TOKEN_ISSUER, aud: CONNECT_TOKEN_AUDIENCE })}.`;
}

export interface SignedPostOptions {
  id?: string;
  /** Sign with this secret instead of the real one (forgery). */
  secret?: string;
  /** Pretend the request was made at this time (staleness). */
  now?: Date;
  unsigned?: boolean;
}

export async function signedPost(ctx: CheckContext, url: string, body: unknown, opts: SignedPostOptions = {}): Promise<Response> {
  const rawBody = JSON.stringify(body);
  const headers = opts.unsigned
    ? { 'content-type': 'application/json' }
    : await signedRequestHeaders({ id: opts.id ?? crypto.randomUUID(), rawBody, secret: opts.secret ?? ctx.webhookSecret, ...(opts.now ? { now: opts.now } : {}) });
  return ctx.fetch(url, { method: 'POST', headers, body: rawBody, redirect: 'manual' });
}

export const bearer = (ctx: CheckContext, path: string, token: string) =>
  ctx.fetch(`${ctx.connectUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });

/** Answers are read up to these caps, as Biz reads them: a Connect that answers megabytes is not waited for. */
const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_EXCERPT_BYTES = 4 * 1024;

export async function bodyExcerpt(res: Response): Promise<string> {
  const { text } = await readCapped(res, MAX_EXCERPT_BYTES, { timeoutMs: 5_000 }).catch(() => ({ text: '' }));
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** The answer parsed as JSON; a CheckFailure when it is too large, too slow or not JSON. */
export async function readJson(res: Response, what: string): Promise<unknown> {
  const answer = await readCapped(res, MAX_ANSWER_BYTES, { timeoutMs: 15_000 });
  if (answer.end === 'over_cap') throw new CheckFailure(`${what} is larger than ${MAX_ANSWER_BYTES / 1024} KB`);
  if (answer.end === 'timeout') throw new CheckFailure(`${what} did not arrive in full within 15 s`);
  try {
    return JSON.parse(answer.text);
  } catch {
    throw new CheckFailure(`${what} is not JSON: ${answer.text.slice(0, 160)}`);
  }
}

import { SignJWT, jwtVerify } from 'jose';
import { hmacKey } from '@mango/connect-shared/jwt';

/**
 * The staff session cookie is a JWT signed with BIZ_SESSION_SECRET that names the session row
 * (`jti`), the member and the store. The signature lets any instance refuse a forged cookie
 * without a query; the row (sessions table) is what sign-out revokes, for every instance at once.
 * Role and permissions are read from the database on each request, so a role change takes effect
 * without waiting for the cookie to expire.
 */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
const ISSUER = 'mango-biz-edge';
const AUDIENCE = 'mango-biz-session';

export interface SessionClaims {
  sessionId: string;
  memberId: string;
  storeId: string;
}

export async function signSessionToken(claims: SessionClaims, secret: string, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ storeId: claims.storeId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.memberId)
    .setJti(claims.sessionId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_TTL_SECONDS)
    .sign(await hmacKey(secret));
}

/**
 * Tokens this process has already verified, with their claims, until they expire. Every API call
 * carries the cookie, and checking its MAC again is a Web Crypto job on Node's thread pool — a
 * hand-off and a hand-back that, on a busy two-core box, add to the tail of every request. Only a
 * token that passed jwtVerify gets in, under the secret it passed with, and it leaves when it
 * expires, so the answer is the same as verifying again. Bounded: the oldest entry leaves first.
 */
const verified = new Map<string, { secret: string; claims: SessionClaims; expiresAtMs: number }>();
const MAX_VERIFIED = 1_000;

/** The claims of a valid session token, or null for anything forged, expired or malformed. */
export async function verifySessionToken(token: string, secret: string, now = Date.now()): Promise<SessionClaims | null> {
  const known = verified.get(token);
  if (known && known.secret === secret) {
    if (now < known.expiresAtMs) return known.claims;
    verified.delete(token);
  }
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(now) });
    if (typeof payload.sub !== 'string' || typeof payload.storeId !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return null;
    const claims = { sessionId: payload.jti, memberId: payload.sub, storeId: payload.storeId };
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
    verified.set(token, { secret, claims, expiresAtMs: payload.exp * 1000 });
    return claims;
  } catch {
    return null;
  }
}

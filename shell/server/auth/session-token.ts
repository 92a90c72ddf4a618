import { SignJWT, jwtVerify } from 'jose';
import { hmacKey } from '@mango/connect-shared/jwt';

/**
 * The staff session is a JWT in a cookie, signed with BIZ_SESSION_SECRET: the edge API keeps no
 * session store, so any instance (or an edge function) can check it. It names only the member
 * and store; role and permissions are read from the directory on each request, so a role change
 * takes effect without waiting for the cookie to expire.
 */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
const ISSUER = 'mango-biz-edge';
const AUDIENCE = 'mango-biz-session';

export interface SessionClaims {
  memberId: string;
  storeId: string;
}

export async function signSessionToken(claims: SessionClaims, secret: string, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ storeId: claims.storeId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.memberId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_TTL_SECONDS)
    .sign(await hmacKey(secret));
}

/** The claims of a valid session token, or null for anything forged, expired or malformed. */
export async function verifySessionToken(token: string, secret: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
    if (typeof payload.sub !== 'string' || typeof payload.storeId !== 'string') return null;
    return { memberId: payload.sub, storeId: payload.storeId };
  } catch {
    return null;
  }
}

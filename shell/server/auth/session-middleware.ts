import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role, Session } from '@mango/connect-shared';
import { HttpError } from '../http-error.js';
import type { MemberDirectory } from './members.js';
import { SESSION_TTL_SECONDS, signSessionToken, verifySessionToken } from './session-token.js';

export type SessionEnv = { Variables: { session: Session } };

export interface SessionCookieOptions {
  secret: string;
  /** Dev mode serves plain http on localhost, where a Secure cookie would never be sent back. */
  secure: boolean;
}

// The __Host- prefix makes the browser refuse the cookie unless it is Secure, Path=/ and
// host-only, so a sibling subdomain cannot plant a session. Plain http (dev) cannot use it.
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-mango_session' : 'mango_session');

export async function issueSessionCookie(
  c: Parameters<MiddlewareHandler>[0],
  session: Session,
  opts: SessionCookieOptions,
): Promise<void> {
  const token = await signSessionToken({ memberId: session.member.memberId, storeId: session.store.storeId }, opts.secret);
  setCookie(c, sessionCookieName(opts.secure), token, {
    httpOnly: true,
    secure: opts.secure,
    sameSite: 'Lax',
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  });
}

export function clearSessionCookie(c: Parameters<MiddlewareHandler>[0], opts: SessionCookieOptions): void {
  deleteCookie(c, sessionCookieName(opts.secure), { path: '/', secure: opts.secure, httpOnly: true, sameSite: 'Lax' });
}

/** Resolves the session cookie to a Session (401 `unauthenticated` when absent, forged, expired or the member is gone). */
export function requireSession(directory: MemberDirectory, opts: SessionCookieOptions): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookieName(opts.secure));
    const claims = token ? await verifySessionToken(token, opts.secret) : null;
    const record = claims ? await directory.findById(claims.memberId) : undefined;
    if (!claims || !record || record.store.storeId !== claims.storeId) {
      throw new HttpError(401, 'unauthenticated', 'Sign in to Mango Biz first.');
    }
    c.set('session', { store: record.store, member: record.member });
    await next();
  };
}

/** 403 `forbidden_role` unless the session's role is one of `roles`. Runs after requireSession. */
export function requireRole(roles: readonly Role[]): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const { role } = c.get('session').member;
    if (!roles.includes(role)) {
      throw new HttpError(403, 'forbidden_role', `This needs the ${roles.join(' or ')} role; you are signed in as ${role}.`);
    }
    await next();
  };
}

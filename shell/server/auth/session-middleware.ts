import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role, Session } from '@mango/connect-shared';
import type { Db } from '../db/database.js';
import { HttpError } from '../http-error.js';
import { findSessionMember } from './members.js';
import { createSession } from './sessions.js';
import { SESSION_TTL_SECONDS, signSessionToken, verifySessionToken } from './session-token.js';

export type SessionEnv = { Variables: { session: Session; sessionId: string } };

export interface SessionCookieOptions {
  secret: string;
  /** Dev mode serves plain http on localhost, where a Secure cookie would never be sent back. */
  secure: boolean;
}

// The __Host- prefix makes the browser refuse the cookie unless it is Secure, Path=/ and
// host-only, so a sibling subdomain cannot plant a session. Plain http (dev) cannot use it.
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-mango_session' : 'mango_session');

/** Records a session for `session` and sets its cookie. */
export async function issueSessionCookie(c: Context, db: Db, session: Session, opts: SessionCookieOptions): Promise<void> {
  const sessionId = await createSession(db, session);
  const token = await signSessionToken({ sessionId, memberId: session.member.memberId, storeId: session.store.storeId }, opts.secret);
  setCookie(c, sessionCookieName(opts.secure), token, {
    httpOnly: true,
    secure: opts.secure,
    sameSite: 'Lax',
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  });
}

export function clearSessionCookie(c: Context, opts: SessionCookieOptions): void {
  deleteCookie(c, sessionCookieName(opts.secure), { path: '/', secure: opts.secure, httpOnly: true, sameSite: 'Lax' });
}

/** The session a request's cookie names, when the cookie is genuine and the session is live. */
export async function readSession(c: Context, db: Db, opts: SessionCookieOptions): Promise<{ session: Session; sessionId: string } | null> {
  const token = getCookie(c, sessionCookieName(opts.secure));
  const claims = token ? await verifySessionToken(token, opts.secret) : null;
  if (!claims) return null;
  const record = await findSessionMember(db, claims.sessionId, new Date());
  if (!record || record.store.storeId !== claims.storeId || record.member.memberId !== claims.memberId) return null;
  return { session: { store: record.store, member: record.member }, sessionId: claims.sessionId };
}

/** Resolves the session cookie to a Session: 401 `unauthenticated` when absent, forged, expired, revoked, or the member is gone. */
export function requireSession(db: Db, opts: SessionCookieOptions): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const found = await readSession(c, db, opts);
    if (!found) throw new HttpError(401, 'unauthenticated', 'Sign in to Mango Biz first.');
    c.set('session', found.session);
    c.set('sessionId', found.sessionId);
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

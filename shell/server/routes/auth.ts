import { Hono, type Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import * as v from 'valibot';
import { createAuthenticator } from '../auth/authenticate.js';
import { HasherBusyError } from '../auth/hash-gate.js';
import { ACCOUNT_RULE, ADDRESS_RULE, type LoginThrottle } from '../auth/login-throttle.js';
import { normaliseEmail } from '../auth/members.js';
import type { PasswordHasher } from '../auth/password.js';
import { clearSessionCookie, issueSessionCookie, readSession, requireSession, type SessionCookieOptions, type SessionEnv } from '../auth/session-middleware.js';
import { revokeSession } from '../auth/sessions.js';
import type { Db } from '../db/database.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../read-body.js';

const LoginSchema = v.object({ email: v.pipe(v.string(), v.minLength(1), v.maxLength(320)), password: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)) });

export interface AuthRoutesDeps {
  db: Db;
  hasher: PasswordHasher;
  cookie: SessionCookieOptions;
  throttle: LoginThrottle;
  /** Demo stores' members may sign in (demo mode only). */
  allowDemo: boolean;
}

/** The caller's address as this server saw it (a proxy in front would need its own header rule). */
function addressOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** /api/auth: sign in (rate-limited per account and per address), current session, sign out (revokes). */
export function authRoutes(deps: AuthRoutesDeps) {
  const authenticate = createAuthenticator(() => deps.db, deps.hasher, { allowDemo: deps.allowDemo });
  const app = new Hono<SessionEnv>();

  app.post('/login', async (c) => {
    const { email, password } = await readJsonBody(c, LoginSchema);
    const accountKey = `email:${normaliseEmail(email)}`;
    const addressKey = `ip:${addressOf(c)}`;
    const wait = Math.max(await deps.throttle.retryAfterSeconds(accountKey, ACCOUNT_RULE), await deps.throttle.retryAfterSeconds(addressKey, ADDRESS_RULE));
    if (wait > 0) {
      c.header('retry-after', String(wait));
      throw new HttpError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute(s).`);
    }
    let session;
    try {
      session = await authenticate(email, password);
    } catch (err) {
      if (err instanceof HasherBusyError) {
        c.header('retry-after', '1');
        throw new HttpError(503, 'busy', err.message);
      }
      throw err;
    }
    if (!session) {
      await Promise.all([deps.throttle.recordFailure(accountKey, ACCOUNT_RULE), deps.throttle.recordFailure(addressKey, ADDRESS_RULE)]);
      // One message for an unknown email and a wrong password: no account enumeration.
      throw new HttpError(401, 'invalid_credentials', 'The email or password is not right.');
    }
    await deps.throttle.clear(accountKey);
    await issueSessionCookie(c, deps.db, session, deps.cookie);
    return c.json({ session });
  });

  app.get('/session', requireSession(deps.db, deps.cookie), (c) => c.json({ session: c.get('session') }));

  app.post('/logout', async (c) => {
    const found = await readSession(c, deps.db, deps.cookie);
    if (found) await revokeSession(deps.db, found.sessionId, found.session.store.storeId);
    clearSessionCookie(c, deps.cookie);
    return c.json({ ok: true });
  });
  return app;
}

import { Hono } from 'hono';
import * as v from 'valibot';
import { createAuthenticator } from '../auth/authenticate.js';
import type { MemberDirectory } from '../auth/members.js';
import type { PasswordHasher } from '../auth/password.js';
import { clearSessionCookie, issueSessionCookie, requireSession, type SessionCookieOptions, type SessionEnv } from '../auth/session-middleware.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../read-body.js';

const LoginSchema = v.object({ email: v.pipe(v.string(), v.minLength(1), v.maxLength(320)), password: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)) });

/** /api/auth: login, current session, logout. */
export function authRoutes(deps: { directory: MemberDirectory; hasher: PasswordHasher; cookie: SessionCookieOptions }) {
  const authenticate = createAuthenticator(deps.directory, deps.hasher);
  const app = new Hono<SessionEnv>();

  app.post('/login', async (c) => {
    const { email, password } = await readJsonBody(c, LoginSchema);
    const session = await authenticate(email, password);
    // One message for an unknown email and a wrong password: no account enumeration.
    if (!session) throw new HttpError(401, 'invalid_credentials', 'The email or password is not right.');
    await issueSessionCookie(c, session, deps.cookie);
    return c.json({ session });
  });

  app.get('/session', requireSession(deps.directory, deps.cookie), (c) => c.json({ session: c.get('session') }));

  app.post('/logout', (c) => {
    clearSessionCookie(c, deps.cookie);
    return c.json({ ok: true });
  });

  return app;
}

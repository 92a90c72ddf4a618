import { Hono, type MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { timing } from 'hono/timing';
import type { MemberDirectory } from './auth/members.js';
import { limitBody } from './body-limit.js';
import type { PasswordHasher } from './auth/password.js';
import { requireSession, type SessionEnv } from './auth/session-middleware.js';
import type { EdgeConfig } from './config.js';
import { errorBody, HttpError } from './http-error.js';
import { authRoutes } from './routes/auth.js';
import { connectAdminRoutes } from './routes/connect-admin.js';
import { connectTokenRoutes } from './routes/connect-token.js';
import { connectWebhookRoutes } from './routes/connect-webhooks.js';
import { runtimeConfigRoutes } from './routes/runtime-config.js';
import { securityHeaders } from './security-headers.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface EdgeDeps {
  directory: MemberDirectory;
  hasher: PasswordHasher;
  /** Serves the built shell (a runtime adapter, e.g. node/static-files.ts); absent = API only. */
  staticFiles?: MiddlewareHandler;
  /** fetch used towards Connect; defaults to the global one. */
  fetch?: typeof fetch;
  /** Clock for minted tokens; defaults to Date.now. */
  now?: () => number;
  /** Where unexpected errors are reported; defaults to console.error. */
  logError?: (err: unknown) => void;
}

/**
 * The Biz edge API as a plain Hono app: Web-standard Request/Response only, no Node imports, so
 * the same app runs under @hono/node-server, Deno or Workers. Stateless: the session lives in a
 * signed cookie, so any number of instances can serve it.
 */
export function createEdgeApp(config: EdgeConfig, deps: EdgeDeps) {
  const cookie = { secret: config.secrets.session, secure: !config.devMode };
  const { directory } = deps;
  const logError = deps.logError ?? ((err: unknown) => console.error(err));
  const app = new Hono<SessionEnv>();

  // Server-Timing on every API answer: how long the edge API itself took, as DevTools shows it and
  // `pnpm bench` reads it to tell the edge's share of a request from the client's and the network's.
  app.use('/api/*', timing({ totalDescription: 'Biz edge API' }));
  app.use('*', securityHeaders(config));
  // Form-encoded or text/plain POSTs from another site are refused; JSON ones need CORS preflight,
  // which this API never grants, and SameSite keeps the cookie off cross-site requests anyway.
  app.use('/api/*', csrf());
  // A full sync batch (100 appointments) is well under 100 KB; 1 MB bounds what a caller can make us buffer.
  app.use(
    '/api/*',
    limitBody(MAX_BODY_BYTES, (c) => c.json(errorBody('body_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`), 413)),
  );

  app.route('/', runtimeConfigRoutes(config));
  app.route('/api/auth', authRoutes({ directory, hasher: deps.hasher, cookie }));

  app.use('/api/connect/*', requireSession(directory, cookie));
  app.route('/api/connect/token', connectTokenRoutes({ jwtSecret: config.secrets.connectJwt, ...(deps.now ? { now: deps.now } : {}) }));
  const connect = { webhookSecret: config.secrets.connectWebhook, trustedOrigins: config.connect.trustedOrigins, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  app.route('/api/connect/webhooks', connectWebhookRoutes({ ...connect, timeoutMs: config.webhookTimeoutMs }));
  app.route('/api/connect', connectAdminRoutes({ ...connect, apiUrl: config.connect.apiUrl }));

  if (deps.staticFiles) app.use('*', deps.staticFiles);

  app.notFound((c) => {
    c.header('cache-control', 'no-store');
    return c.json(errorBody('not_found', `Nothing at ${c.req.method} ${c.req.path}.`), 404);
  });

  app.onError((err, c) => {
    c.header('cache-control', 'no-store');
    if (err instanceof HttpError) return c.json(errorBody(err.code, err.message), err.status);
    if (err instanceof HTTPException) {
      // hono's csrf() is the only middleware here that throws one (403, no message of its own).
      if (err.status === 403) {
        return c.json(errorBody('forbidden', 'Cross-site request refused: call the API from the Biz app itself, with a JSON body.'), 403);
      }
      return c.json(errorBody('http_error', err.message || 'The request was refused.'), err.status);
    }
    logError(err);
    return c.json(errorBody('internal_error', 'Something went wrong in the Biz edge API; try again.'), 500);
  });

  return app;
}

export type EdgeApp = ReturnType<typeof createEdgeApp>;

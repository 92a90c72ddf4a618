import { Hono, type MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { timing } from 'hono/timing';
import type { ConnectApiClient } from '@mango/connect-shared/connect-api';
import { createLoginThrottle } from './auth/login-throttle.js';
import type { PasswordHasher } from './auth/password.js';
import { requireSession, type SessionEnv } from './auth/session-middleware.js';
import { limitBody } from './body-limit.js';
import type { BizConfig } from './config.js';
import { createIntegrationService } from './connect/integration.js';
import type { SyncRunner } from './connect/sync-runner.js';
import type { Db } from './db/database.js';
import { isDatabaseUnavailable } from './db/errors.js';
import type { Signals } from './events/signals.js';
import { errorBody, HttpError } from './http-error.js';
import { jsonBodiesOnly } from './json-only.js';
import type { Metrics } from './ops/metrics.js';
import { opsRoutes } from './routes/ops.js';
import { authRoutes } from './routes/auth.js';
import { connectRoutes } from './routes/connect.js';
import { connectTokenRoutes } from './routes/connect-token.js';
import { dataRoutes } from './routes/data.js';
import { eventRoutes } from './routes/events.js';
import { runtimeConfigRoutes } from './routes/runtime-config.js';
import { securityHeaders } from './security-headers.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface BizDeps {
  db: Db;
  signals: Signals;
  hasher: PasswordHasher;
  /** The signed client of Connect's API (provisioning, bulk sync, health). */
  connect: ConnectApiClient;
  syncRunner: SyncRunner;
  metrics: Metrics;
  /** Serves the built shell (node/static-files.ts); absent = API only. */
  staticFiles?: MiddlewareHandler;
  /** Clock for minted tokens; defaults to Date.now. */
  now?: () => number;
  /** Where unexpected errors are reported; defaults to one JSON line on stderr. */
  logError?: (err: unknown, where: { method: string; path: string; storeId?: string }) => void;
}

const defaultLogError: NonNullable<BizDeps['logError']> = (err, where) =>
  console.error(JSON.stringify({ level: 'error', msg: 'request failed', ...where, error: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined }));

/**
 * The Biz API as a Hono app: sessions, the store's data for devices (mutations, change feed, events),
 * the Connect integration, token minting and the runtime config, plus the built shell in production.
 * Stateless between requests: everything lives in the database, so any number of instances can
 * serve one store.
 */
export function createBizApi(config: BizConfig, deps: BizDeps) {
  const cookie = { secret: config.secrets.session, secure: !config.devMode };
  const { db, signals } = deps;
  const logError = deps.logError ?? defaultLogError;
  const integration = createIntegrationService({
    db,
    signals,
    connect: deps.connect,
    syncRunner: deps.syncRunner,
    sdkUrl: config.connect.sdkUrl,
    trustedOrigins: config.connect.trustedOrigins,
  });
  const app = new Hono<SessionEnv>();

  // Server-Timing on every API answer: how long the API itself took, as DevTools shows it.
  app.use('/api/*', timing({ totalDescription: 'Biz API' }));
  app.use('*', securityHeaders(config));
  // Form-encoded or text/plain POSTs from another site are refused; JSON ones need CORS preflight,
  // which this API never grants, and SameSite keeps the cookie off cross-site requests anyway.
  app.use('/api/*', csrf());
  app.use('/api/*', jsonBodiesOnly());
  // A push of 50 mutations is well under 200 KB; 1 MB bounds what a caller can make us buffer.
  app.use('/api/*', limitBody(MAX_BODY_BYTES, (c) => c.json(errorBody('body_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`), 413)));
  app.route('/', runtimeConfigRoutes(config));
  app.route('/', opsRoutes({ db, metrics: deps.metrics, devMode: config.devMode, metricsToken: config.metricsToken }));
  app.route(
    '/api/auth',
    authRoutes({ db, hasher: deps.hasher, cookie, throttle: createLoginThrottle(() => db), allowDemo: config.devMode }),
  );
  const session = requireSession(db, cookie);
  for (const path of ['/api/mutations', '/api/changes', '/api/events', '/api/events/*', '/api/connect/*']) app.use(path, session);
  app.route('/api', dataRoutes({ db, signals }));
  app.route('/api/events', eventRoutes({ db, signals }));
  app.route('/api/connect/token', connectTokenRoutes({ db, jwtSecret: config.secrets.connectJwt, ...(deps.now ? { now: deps.now } : {}) }));
  app.route('/api/connect', connectRoutes({ db, signals, integration, connect: deps.connect }));
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
    const where = { method: c.req.method, path: c.req.path, ...(c.get('session') ? { storeId: c.get('session').store.storeId } : {}) };
    logError(err, where);
    if (isDatabaseUnavailable(err)) {
      c.header('retry-after', '2');
      return c.json(errorBody('database_unavailable', 'The Mango Biz database cannot be reached right now; nothing was saved. Your changes wait on this device and are sent again shortly.'), 503);
    }
    return c.json(errorBody('internal_error', 'Something went wrong in the Mango Biz server; try again.'), 500);
  });
  return app;
}
export type BizApi = ReturnType<typeof createBizApi>;

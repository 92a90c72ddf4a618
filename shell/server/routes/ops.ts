import { Hono } from 'hono';
import type { Db } from '../db/database.js';
import { errorBody } from '../http-error.js';
import type { Metrics } from '../ops/metrics.js';
import { checkReadiness } from '../ops/readiness.js';

export interface OpsRoutesDeps {
  db: Db;
  metrics: Metrics;
  /** Demo mode: /metrics needs no token. */
  devMode: boolean;
  /** The bearer token /metrics asks for outside demo mode; unset there = /metrics is off. */
  metricsToken: string | undefined;
}

/**
 * For load balancers and monitoring: GET /healthz (the process answers), GET /readyz (the database
 * answers and has this build's migrations), GET /metrics (Prometheus text; a bearer token outside
 * demo mode). None of them needs a session, and none says anything secret.
 */
export function opsRoutes(deps: OpsRoutesDeps) {
  const app = new Hono();
  app.get('/healthz', (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ ok: true });
  });
  app.get('/readyz', async (c) => {
    c.header('cache-control', 'no-store');
    const readiness = await checkReadiness(deps.db);
    if (readiness.ready) return c.json(readiness);
    return c.json(errorBody('not_ready', `Not ready: ${readiness.reason}.`), 503);
  });
  app.get('/metrics', async (c) => {
    c.header('cache-control', 'no-store');
    if (!deps.devMode) {
      if (!deps.metricsToken) return c.json(errorBody('metrics_off', 'Metrics are off: set BIZ_METRICS_TOKEN and scrape with "Authorization: Bearer <token>".'), 404);
      if (c.req.header('authorization') !== `Bearer ${deps.metricsToken}`) return c.json(errorBody('unauthenticated', 'Send the metrics token as "Authorization: Bearer <token>".'), 401);
    }
    return c.body(await deps.metrics.text(), 200, { 'content-type': deps.metrics.contentType });
  });
  return app;
}

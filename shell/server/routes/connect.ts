import { Hono } from 'hono';
import { CONNECT_ADMIN_ROLES, ConnectConfigPatchSchema, DeliveryQuerySchema, RedeliverRequestSchema, RetryNowRequestSchema, type ConnectHealth, type RetryNowResponse } from '@mango/connect-shared';
import type { ConnectApiClient } from '@mango/connect-shared/connect-api';
import * as v from 'valibot';
import { requireRole, type SessionEnv } from '../auth/session-middleware.js';
import { listDeliveries, listWaiting, redeliver, retryNow } from '../connect/deliveries.js';
import type { IntegrationService } from '../connect/integration.js';
import type { Db } from '../db/database.js';
import type { Signals } from '../events/signals.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../read-body.js';

export interface ConnectRoutesDeps {
  db: Db;
  signals: Signals;
  integration: IntegrationService;
  connect: Pick<ConnectApiClient, 'health'>;
}

const HEALTH_MESSAGE: Record<ConnectHealth['state'], (latencyMs: number, status: number | null) => string> = {
  up: (ms) => `Mango Connect answered in ${ms} ms.`,
  down: (_ms, status) => `Mango Connect ${status === null ? 'did not answer' : `answered ${status}`}; it may be down. Try again shortly.`,
  unknown: () => 'This Mango Connect has no health check, so its state was not checked; webhooks and sync report their own errors.',
};

/**
 * The store's Connect integration: every member reads the state; owners and admins enable,
 * disable, toggle features, sync and work the delivery log. Each answer that changes something
 * carries the new state, which every other device receives through the change feed.
 */
export function connectRoutes(deps: ConnectRoutesDeps) {
  const app = new Hono<SessionEnv>();
  const adminOnly = requireRole(CONNECT_ADMIN_ROLES);
  const storeOf = (c: { get: (k: 'session') => { store: { storeId: string } } }) => c.get('session').store.storeId;

  app.get('/state', async (c) => c.json(await deps.integration.state(storeOf(c))));
  app.post('/enable', adminOnly, async (c) => c.json({ state: await deps.integration.enable(c.get('session')) }));
  app.post('/disable', adminOnly, async (c) => c.json({ state: await deps.integration.disable(c.get('session')) }));
  app.patch('/config', adminOnly, async (c) => {
    const patch = await readJsonBody(c, ConnectConfigPatchSchema);
    return c.json({ state: await deps.integration.updateConfig(c.get('session'), patch) });
  });
  app.post('/sync', adminOnly, async (c) => c.json({ state: await deps.integration.startSync(c.get('session')) }));

  app.get('/deliveries', adminOnly, async (c) => {
    const parsed = v.safeParse(DeliveryQuerySchema, c.req.query());
    if (!parsed.success) {
      const issue = parsed.issues[0];
      throw new HttpError(400, 'invalid_request', `${v.getDotPath(issue) ?? 'query'}: ${issue.message}`);
    }
    c.header('cache-control', 'no-store');
    return c.json(await listDeliveries(deps.db, storeOf(c), parsed.output));
  });
  app.post('/deliveries/redeliver', adminOnly, async (c) => {
    const { eventId } = await readJsonBody(c, RedeliverRequestSchema);
    await redeliver(deps.db, deps.signals, storeOf(c), eventId);
    return c.json({ ok: true });
  });

  app.get('/waiting', adminOnly, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await listWaiting(deps.db, storeOf(c)));
  });
  app.post('/waiting/retry', adminOnly, async (c) => {
    const { eventId } = await readJsonBody(c, RetryNowRequestSchema);
    return c.json({ due: await retryNow(deps.db, deps.signals, storeOf(c), eventId) } satisfies RetryNowResponse);
  });

  app.get('/health', async (c) => {
    const h = await deps.connect.health();
    const body: ConnectHealth = { state: h.state, latencyMs: h.latencyMs, status: h.status, message: HEALTH_MESSAGE[h.state](h.latencyMs, h.status) };
    return c.json(body);
  });
  return app;
}

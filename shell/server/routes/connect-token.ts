import { Hono } from 'hono';
import { CONNECT_TOKEN_REFRESH_LEAD_SECONDS, CONNECT_TOKEN_TTL_SECONDS, generateConnectToken } from '@mango/connect-shared';
import type { SessionEnv } from '../auth/session-middleware.js';
import { readIntegration } from '../connect/state.js';
import type { Db } from '../db/database.js';
import { HttpError } from '../http-error.js';

export interface ConnectTokenResponse {
  token: string;
  /** ISO 8601: when the token stops working. */
  expiresAt: string;
  /** ISO 8601: when the browser should fetch the next one (5 minutes before expiry). */
  refreshAt: string;
}

/**
 * POST /api/connect/token: a Connect JWT for the signed-in member, while the store's Connect is
 * on. The only reader of MANGO_CONNECT_JWT_SECRET, which never leaves this process.
 */
export function connectTokenRoutes(deps: { db: Db; jwtSecret: string; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const app = new Hono<SessionEnv>();
  app.post('/', async (c) => {
    const { store, member } = c.get('session');
    const integration = await readIntegration(deps.db, store.storeId);
    if (!integration?.config.enabled) throw new HttpError(409, 'connect_disabled', 'Mango Connect is off for this store; an owner or admin can turn it on in Settings › Mango Connect.');
    const issuedAtMs = Math.floor(now() / 1000) * 1000;
    const token = await generateConnectToken(store, member, deps.jwtSecret, { now: issuedAtMs });
    const expiresMs = issuedAtMs + CONNECT_TOKEN_TTL_SECONDS * 1000;
    const body: ConnectTokenResponse = {
      token,
      expiresAt: new Date(expiresMs).toISOString(),
      refreshAt: new Date(expiresMs - CONNECT_TOKEN_REFRESH_LEAD_SECONDS * 1000).toISOString(),
    };
    c.header('cache-control', 'no-store');
    return c.json(body);
  });
  return app;
}

import { Hono } from 'hono';
import { CONNECT_ADMIN_ROLES, ConnectApiError, SyncBatchesRequestSchema, type ProvisionResponse, type SyncBatchesResponse, type SyncResponse } from '@mango/connect-shared';
import { createConnectApiClient } from '@mango/connect-shared/connect-api';
import { requireRole, type SessionEnv } from '../auth/session-middleware.js';
import { isTrustedUrl } from '../config.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../read-body.js';

type ConnectApiClient = ReturnType<typeof createConnectApiClient>;

/** A Connect failure as the browser sees it: 502, and whether Connect was unreachable or said no. */
function toBadGateway(err: unknown): never {
  if (err instanceof ConnectApiError) {
    const unreachable = err.kind === 'network' || err.kind === 'timeout' || (err.status !== null && err.status >= 500);
    throw new HttpError(502, unreachable ? 'connect_unavailable' : 'connect_rejected', err.message);
  }
  throw err;
}

/**
 * Provisioning, bulk sync and a health probe, relayed to the Connect API with our signature.
 * Provision and sync change Connect's state for the whole store, so only owner/admin may call them.
 */
export function connectAdminRoutes(deps: { apiUrl: string; webhookSecret: string; trustedOrigins: readonly string[]; fetch?: typeof fetch }) {
  const client: ConnectApiClient = createConnectApiClient({
    apiUrl: deps.apiUrl,
    webhookSecret: deps.webhookSecret,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const app = new Hono<SessionEnv>();
  const adminOnly = requireRole(CONNECT_ADMIN_ROLES);

  app.post('/provision', adminOnly, async (c) => {
    const { store, member } = c.get('session');
    const res: ProvisionResponse = await client
      .provision({ storeId: store.storeId, storeName: store.storeName, tenantId: store.tenantId, ownerEmail: member.email, ownerName: member.name })
      .catch(toBadGateway);
    // The browser will send webhooks to these URLs through us; a compromised or misconfigured
    // Connect must not be able to point them anywhere else.
    for (const [field, url] of [['webhookUrl', res.webhookUrl], ['apiUrl', res.apiUrl]] as const) {
      if (!isTrustedUrl(url, deps.trustedOrigins)) {
        throw new HttpError(502, 'untrusted_connect_response', `Mango Connect answered a ${field} (${url}) outside the trusted origins.`);
      }
    }
    return c.json(res);
  });

  // Up to five batches in one request, sent to Connect in order, one at a time: Connect gets the
  // same batches at the same concurrency as one request per batch would give it, and the browser
  // saves four round trips per group. The first batch Connect refuses fails the request; the
  // browser resends the group, which Connect's upsert by id makes harmless for the batches that
  // had landed. Every batch is checked before any is sent.
  app.post('/sync/batches', adminOnly, async (c) => {
    const { batches } = await readJsonBody(c, SyncBatchesRequestSchema);
    const { store } = c.get('session');
    const foreign = batches.find((b) => b.storeId !== store.storeId);
    if (foreign) {
      throw new HttpError(403, 'wrong_store', `Batch ${foreign.batchId} belongs to store ${foreign.storeId}; you are signed in to ${store.storeId}.`);
    }
    const results: SyncResponse[] = [];
    for (const batch of batches) results.push(await client.syncBatch(batch).catch(toBadGateway));
    return c.json({ results } satisfies SyncBatchesResponse);
  });

  app.get('/health', async (c) => c.json(await client.health()));

  return app;
}

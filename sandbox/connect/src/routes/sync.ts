import { Hono } from 'hono';
import { SYNC_BATCH_LIMIT, SyncRequestSchema } from '@mango/connect-shared/types';
import { applyAppointment, applyClient } from '../domain/tenants.js';
import type { UpsertResult } from '../domain/types.js';
import { SandboxError } from '../errors.js';
import { parseJson, validate, type Deps, type SandboxEnv } from '../http.js';
import { readSignedBody } from './signed.js';

export function syncRoutes(deps: Deps) {
  const { state } = deps;
  return new Hono<SandboxEnv>().post('/api-mango-biz-sync', async (c) => {
    const signed = await readSignedBody(c, deps);
    const body = parseJson(signed.text);
    // Checked before the schema so an oversize batch gets its own code, not a generic 400.
    const items = (body as { items?: unknown } | null)?.items;
    if (Array.isArray(items) && items.length > SYNC_BATCH_LIMIT) {
      throw new SandboxError(413, 'batch_too_large', `A sync batch holds at most ${SYNC_BATCH_LIMIT} items; this one has ${items.length}.`);
    }
    const req = validate(SyncRequestSchema, body);
    const tenant = state.tenants.get(req.storeId);
    if (!tenant) {
      throw new SandboxError(404, 'tenant_unknown', `Store "${req.storeId}" has no Connect tenant; provision it first.`);
    }
    const counts: Record<UpsertResult, number> = { created: 0, updated: 0, unchanged: 0 };
    const now = deps.now();
    if (req.entity === 'clients') for (const item of req.items) counts[applyClient(tenant, item, now)] += 1;
    else for (const item of req.items) counts[applyAppointment(tenant, item)] += 1;
    const answer = { batchId: req.batchId, entity: req.entity, received: req.items.length, ...counts };
    state.syncBatches.push({
      seq: state.syncBatches.length + 1,
      requestId: signed.webhookId,
      storeId: req.storeId,
      receivedAt: now.toISOString(),
      ...answer,
    });
    // The PRD pins no answer for a batch: a minimal Connect just says it took it.
    return c.json(state.profile === 'minimal' ? { ok: true } : answer);
  });
}

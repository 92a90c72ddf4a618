import { Hono } from 'hono';
import * as v from 'valibot';
import { FaultSpecSchema } from '../domain/faults.js';
import { SandboxError } from '../errors.js';
import { parseJson, validate, type Deps, type SandboxEnv } from '../http.js';
import { SANDBOX_PROFILES } from '../profile.js';
import { resetSandboxState } from '../state.js';

const ExpireTokensSchema = v.object({ before: v.optional(v.pipe(v.string(), v.isoTimestamp())) });
const ProfileSchema = v.object({ profile: v.picklist(SANDBOX_PROFILES, `profile must be one of ${SANDBOX_PROFILES.join(', ')}`) });
const SdkModeSchema = v.object({
  mode: v.picklist(['ok', '404', 'throw', 'missing-exports', 'slow']),
  latencyMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(120_000))),
});

/** Tolerates an empty body for POSTs whose fields are all optional. */
async function optionalJson(text: Promise<string>): Promise<unknown> {
  const t = (await text).trim();
  return t === '' ? {} : parseJson(t);
}

/** Test-only controls; mounted only when SANDBOX_ADMIN=1 (otherwise every path is a 404). */
export function adminRoutes(deps: Deps) {
  const { state } = deps;
  const tenantOr404 = (storeId: string) => {
    const tenant = state.tenants.get(storeId);
    if (!tenant) throw new SandboxError(404, 'tenant_unknown', `Store "${storeId}" has no Connect tenant.`);
    return tenant;
  };

  return new Hono<SandboxEnv>()
    // `?since=N`: only the records from index N on (the log only grows until a reset), so a
    // watcher polling a log of thousands reads just what is new; `total` is the next cursor.
    .get('/__admin/webhooks', (c) => {
      const since = Math.max(0, Math.floor(Number(c.req.query('since') ?? 0)) || 0);
      return c.json({ webhooks: state.webhooks.slice(since), total: state.webhooks.length });
    })
    .get('/__admin/sync-batches', (c) => c.json({ batches: state.syncBatches }))
    .get('/__admin/tenants', (c) =>
      c.json({
        tenants: [...state.tenants.values()].map((t) => ({
          storeId: t.provision.storeId,
          storeName: t.provision.storeName,
          tenantId: t.provision.tenantId,
          ownerEmail: t.provision.ownerEmail,
          connectTenantId: t.connectTenantId,
          connectTenantSlug: t.connectTenantSlug,
          createdAt: t.createdAt,
          clientCount: t.clients.size,
          appointmentCount: t.appointments.size,
          campaignCount: t.campaigns.length,
        })),
      }),
    )
    .get('/__admin/tenants/:storeId/clients', (c) => c.json({ clients: [...tenantOr404(c.req.param('storeId')).clients.values()] }))
    .get('/__admin/tenants/:storeId/appointments', (c) =>
      c.json({ appointments: [...tenantOr404(c.req.param('storeId')).appointments.values()] }),
    )
    .post('/__admin/reset', (c) => {
      resetSandboxState(state, deps.config.profile);
      return c.json({ ok: true });
    })
    .get('/__admin/faults', (c) => c.json({ faults: state.faults }))
    .post('/__admin/faults', async (c) => {
      const spec = validate(FaultSpecSchema, parseJson(await c.req.text()));
      const fault = { ...spec, id: state.nextFaultId++, seen: 0, fired: 0 };
      state.faults.push(fault);
      return c.json({ fault }, 201);
    })
    .delete('/__admin/faults', (c) => {
      state.faults.length = 0;
      return c.json({ ok: true });
    })
    .post('/__admin/expire-tokens', async (c) => {
      const { before } = validate(ExpireTokensSchema, await optionalJson(c.req.text()));
      const cutoff = before ? Date.parse(before) : deps.now().getTime();
      state.tokensExpiredBeforeMs = cutoff;
      return c.json({ expiredBefore: new Date(cutoff).toISOString() });
    })
    .get('/__admin/profile', (c) => c.json({ profile: state.profile }))
    .post('/__admin/profile', async (c) => {
      const { profile } = validate(ProfileSchema, parseJson(await c.req.text()));
      state.profile = profile;
      return c.json({ profile });
    })
    .post('/__admin/sdk-mode', async (c) => {
      const { mode, latencyMs } = validate(SdkModeSchema, parseJson(await c.req.text()));
      state.sdkMode = { mode, latencyMs: latencyMs ?? 0 };
      return c.json({ sdkMode: state.sdkMode });
    });
}

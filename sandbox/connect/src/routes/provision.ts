import { Hono } from 'hono';
import { ProvisionRequestSchema } from '@mango/connect-shared/types';
import { createTenant } from '../domain/tenants.js';
import { parseJson, validate, type Deps, type SandboxEnv } from '../http.js';
import { readSignedBody } from './signed.js';

export function provisionRoutes(deps: Deps) {
  return new Hono<SandboxEnv>().post('/provision-mango-biz-tenant', async (c) => {
    const signed = await readSignedBody(c, deps);
    const req = validate(ProvisionRequestSchema, parseJson(signed.text));
    // Idempotent per storeId: a repeat (Biz retrying, or re-enabling) gets the same tenant back.
    let tenant = deps.state.tenants.get(req.storeId);
    if (!tenant) {
      tenant = createTenant(req, deps.now());
      deps.state.tenants.set(req.storeId, tenant);
    }
    const { publicUrl } = deps.config;
    const answer = {
      connectTenantId: tenant.connectTenantId,
      connectTenantSlug: tenant.connectTenantSlug,
      webhookUrl: `${publicUrl}/webhook-mango-biz`,
      apiUrl: publicUrl,
    };
    // Another team's Connect answers what its own spec says too; Biz must read past it.
    if (deps.state.profile === 'minimal') {
      return c.json({ ...answer, createdAt: tenant.createdAt, dashboardUrl: `${publicUrl}/dashboard/${tenant.connectTenantSlug}` });
    }
    return c.json(answer);
  });
}

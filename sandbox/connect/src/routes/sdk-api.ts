import { Hono } from 'hono';
import * as v from 'valibot';
import { answerQuestion } from '../domain/assistant.js';
import { CAMPAIGN_AUDIENCES, type Campaign, type CampaignAudience, type Message, type Tenant } from '../domain/types.js';
import { SandboxError } from '../errors.js';
import { readJsonBody, type Deps, type SandboxContext, type SandboxEnv } from '../http.js';
import { nextId } from '../state.js';
import { authenticate } from './auth.js';

/** Trimmed text of 1–`max` characters. */
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

const ReplySchema = v.object({ body: text(2000) });
const QuestionSchema = v.object({ question: text(500) });
const CampaignSchema = v.object({
  name: text(120),
  message: text(1000),
  audience: v.picklist(CAMPAIGN_AUDIENCES),
});

function audienceSize(tenant: Tenant, audience: CampaignAudience, now: Date): number {
  if (audience === 'all_clients') return tenant.clients.size;
  const withUpcoming = new Set(
    [...tenant.appointments.values()]
      .filter((a) => a.status !== 'cancelled' && Date.parse(a.scheduledAt) >= now.getTime())
      .map((a) => a.clientId),
  );
  const clientIds = [...tenant.clients.keys()];
  return audience === 'upcoming_appointments'
    ? clientIds.filter((id) => withUpcoming.has(id)).length
    : clientIds.filter((id) => !withUpcoming.has(id)).length;
}

/** The data API the SDK bundle calls from the browser with the staff member's Biz JWT. */
export function sdkApiRoutes(deps: Deps) {
  const { state } = deps;

  async function tenantOf(c: SandboxContext) {
    const claims = await authenticate(c, deps);
    const tenant = state.tenants.get(claims.storeId);
    if (!tenant) {
      throw new SandboxError(404, 'tenant_unknown', `Store "${claims.storeId}" has no Connect tenant yet; enable Connect in Biz settings.`);
    }
    return { claims, tenant };
  }

  function clientOf(tenant: Tenant, clientId: string) {
    const client = tenant.clients.get(clientId);
    if (!client) throw new SandboxError(404, 'client_unknown', `No synced client with id "${clientId}".`);
    return client;
  }

  return new Hono<SandboxEnv>()
    .get('/sdk-api/conversations', async (c) => {
      const { tenant } = await tenantOf(c);
      const conversations = [...tenant.clients.values()].map((client) => {
        const messages = tenant.messages.get(client.id) ?? [];
        return {
          clientId: client.id,
          client: { id: client.id, name: client.name, email: client.email, phone: client.phone },
          lastMessage: messages.at(-1) ?? null,
          messageCount: messages.length,
        };
      });
      conversations.sort((a, b) => (b.lastMessage?.createdAt ?? '').localeCompare(a.lastMessage?.createdAt ?? '') || a.client.name.localeCompare(b.client.name));
      return c.json({ conversations });
    })
    .get('/sdk-api/conversations/:clientId/messages', async (c) => {
      const { tenant } = await tenantOf(c);
      const client = clientOf(tenant, c.req.param('clientId'));
      return c.json({ client: { id: client.id, name: client.name }, messages: tenant.messages.get(client.id) ?? [] });
    })
    .post('/sdk-api/conversations/:clientId/messages', async (c) => {
      const { claims, tenant } = await tenantOf(c);
      const client = clientOf(tenant, c.req.param('clientId'));
      const { body } = await readJsonBody(c, ReplySchema);
      const message: Message = {
        id: nextId(state, 'msg'),
        clientId: client.id,
        direction: 'outbound',
        body,
        authorName: claims.memberName,
        createdAt: deps.now().toISOString(),
      };
      const thread = tenant.messages.get(client.id) ?? [];
      thread.push(message);
      tenant.messages.set(client.id, thread);
      return c.json({ message }, 201);
    })
    .post('/sdk-api/assistant', async (c) => {
      const { tenant } = await tenantOf(c);
      const { question } = await readJsonBody(c, QuestionSchema);
      const answer = answerQuestion(
        question,
        { clients: [...tenant.clients.values()], appointments: [...tenant.appointments.values()] },
        deps.now(),
      );
      return c.json({ question, answer });
    })
    .get('/sdk-api/campaigns', async (c) => {
      const { tenant } = await tenantOf(c);
      return c.json({ campaigns: tenant.campaigns });
    })
    .post('/sdk-api/campaigns', async (c) => {
      const { claims, tenant } = await tenantOf(c);
      const input = await readJsonBody(c, CampaignSchema);
      const now = deps.now();
      const campaign: Campaign = {
        id: nextId(state, 'cmp'),
        ...input,
        recipientCount: audienceSize(tenant, input.audience, now),
        status: 'draft',
        createdBy: claims.memberName,
        createdAt: now.toISOString(),
      };
      tenant.campaigns.push(campaign);
      return c.json({ campaign }, 201);
    });
}

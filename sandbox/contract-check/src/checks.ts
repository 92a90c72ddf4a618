// The Biz→Connect contract (docs/CONTRACTS.md), one check per promise. A 'required' check is a
// promise the PRD pins, without which Biz cannot work with this Connect; a 'recommended' one is a
// promise Biz proposes (Standard Webhooks replay rules, batch limits, answer shapes, /health).
import { createWebhookPayload, ProvisionResponseSchema, SyncResponseSchema, type ClientData } from '@mango/connect-shared';
import { CheckFailure, expectShape, expectThat, type CheckContext } from './context.js';
import { badToken, bearer, bodyExcerpt, readJson, signedPost, store, member, unsignedToken, validToken } from './requests.js';

export type CheckLevel = 'required' | 'recommended';

export interface Check {
  id: string;
  title: string;
  level: CheckLevel;
  run: (ctx: CheckContext) => Promise<void>;
}

const client = (ctx: CheckContext, n: number): ClientData => ({
  id: `${ctx.storeId}-client-${n}`,
  name: `Contract Client ${n}`,
  email: `client${n}@example.com`,
  phone: '+1 555 0100',
  notes: '',
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

async function expectStatus(res: Response, ok: (s: number) => boolean, expected: string): Promise<void> {
  if (!ok(res.status)) throw new CheckFailure(`expected ${expected}, got ${res.status}: ${await bodyExcerpt(res)}`);
}
const is2xx = (s: number) => s >= 200 && s < 300;
const is4xx = (s: number) => s >= 400 && s < 500;
/** A refusal: any 4xx does; the contract recommends 401 for a bad token or signature. */
const REFUSAL = 'a refusal (4xx; 401 recommended)';

function rejectsToken(id: string, level: CheckLevel, title: string, token: (ctx: CheckContext) => Promise<string> | string): Check {
  return {
    id,
    level,
    title,
    run: async (ctx) => expectStatus(await bearer(ctx, '/auth-mango-biz', await token(ctx)), is4xx, REFUSAL),
  };
}

function tenantOf(ctx: CheckContext) {
  if (!ctx.tenant) throw new CheckFailure('needs the tenant from provisioning, which failed');
  return ctx.tenant;
}

const provisionBody = (ctx: CheckContext) => ({ ...store(ctx), ownerEmail: member.email, ownerName: member.name });

export const CHECKS: Check[] = [
  {
    id: 'provision.tenant',
    level: 'required',
    title: 'provisioning answers 2xx with connectTenantId, connectTenantSlug and http(s) webhookUrl and apiUrl',
    run: async (ctx) => {
      const res = await signedPost(ctx, `${ctx.connectUrl}/provision-mango-biz-tenant`, provisionBody(ctx));
      await expectStatus(res, is2xx, '2xx');
      ctx.tenant = expectShape(ProvisionResponseSchema, await readJson(res, 'the answer'), 'the answer');
    },
  },
  {
    id: 'provision.idempotent',
    level: 'recommended',
    title: 'provisioning the same store again answers the same tenant',
    run: async (ctx) => {
      const first = tenantOf(ctx);
      const res = await signedPost(ctx, `${ctx.connectUrl}/provision-mango-biz-tenant`, provisionBody(ctx));
      await expectStatus(res, is2xx, '2xx on the second call');
      const again = expectShape(ProvisionResponseSchema, await readJson(res, 'the second answer'), 'the second answer');
      expectThat(again.connectTenantId === first.connectTenantId, `second call made another tenant (${first.connectTenantId} → ${again.connectTenantId})`);
    },
  },
  {
    id: 'provision.rejects-unsigned',
    level: 'recommended',
    title: 'provisioning refuses an unsigned request',
    run: async (ctx) => expectStatus(await signedPost(ctx, `${ctx.connectUrl}/provision-mango-biz-tenant`, provisionBody(ctx), { unsigned: true }), is4xx, REFUSAL),
  },
  {
    id: 'auth.accepts-valid',
    level: 'required',
    title: 'the JWT validation endpoint accepts a Biz JWT (2xx)',
    run: async (ctx) => expectStatus(await bearer(ctx, '/auth-mango-biz', await validToken(ctx)), is2xx, '2xx'),
  },
  {
    id: 'auth.session',
    level: 'recommended',
    title: 'auth answers { session: { storeId } } for the token\'s store',
    run: async (ctx) => {
      const res = await bearer(ctx, '/auth-mango-biz', await validToken(ctx));
      await expectStatus(res, is2xx, '2xx');
      const body = (await readJson(res, 'the answer')) as { session?: { storeId?: unknown } } | null;
      expectThat(body?.session?.storeId === ctx.storeId, `session.storeId should be ${ctx.storeId}, got ${JSON.stringify(body?.session?.storeId)}`);
    },
  },
  rejectsToken('auth.rejects-forged', 'required', 'auth refuses a token signed with another secret', (ctx) => badToken(ctx, 'forged')),
  rejectsToken('auth.rejects-expired', 'required', 'auth refuses an expired token', (ctx) => badToken(ctx, 'expired')),
  rejectsToken('auth.rejects-alg-none', 'required', 'auth refuses an unsigned (alg: none) token', unsignedToken),
  rejectsToken('auth.rejects-audience', 'recommended', 'auth refuses a token for another audience', (ctx) => badToken(ctx, 'audience')),
  {
    id: 'webhook.accepts-signed',
    level: 'required',
    title: 'a webhook with a valid X-Mango-Signature is accepted (2xx) at the provisioned webhook URL',
    run: async (ctx) => {
      const payload = createWebhookPayload('client.created', ctx.storeId, client(ctx, 1));
      await expectStatus(await signedPost(ctx, tenantOf(ctx).webhookUrl, payload, { id: `${ctx.storeId}-evt-1` }), is2xx, '2xx');
    },
  },
  {
    id: 'webhook.rejects-forged',
    level: 'required',
    title: 'a webhook signed with another secret is refused',
    run: async (ctx) => {
      const payload = createWebhookPayload('client.updated', ctx.storeId, client(ctx, 1));
      await expectStatus(await signedPost(ctx, tenantOf(ctx).webhookUrl, payload, { secret: `${ctx.webhookSecret}-forged` }), is4xx, REFUSAL);
    },
  },
  {
    id: 'webhook.duplicate-accepted',
    level: 'recommended',
    title: 'a repeated webhook-id is acknowledged (2xx), so retries are safe',
    run: async (ctx) => {
      const payload = createWebhookPayload('client.created', ctx.storeId, client(ctx, 1));
      await expectStatus(await signedPost(ctx, tenantOf(ctx).webhookUrl, payload, { id: `${ctx.storeId}-evt-1` }), is2xx, '2xx');
    },
  },
  {
    id: 'webhook.rejects-stale',
    level: 'recommended',
    title: 'a webhook with a webhook-timestamp 10 minutes old is refused (replay)',
    run: async (ctx) => {
      const payload = createWebhookPayload('client.updated', ctx.storeId, client(ctx, 1));
      const tenMinutesAgo = new Date(Date.now() - 600_000);
      await expectStatus(await signedPost(ctx, tenantOf(ctx).webhookUrl, payload, { now: tenMinutesAgo }), is4xx, '4xx');
    },
  },
  {
    id: 'webhook.rejects-malformed',
    level: 'recommended',
    title: 'a signed webhook with an unknown event is refused (400)',
    run: async (ctx) => {
      const body = { event: 'client.exploded', storeId: ctx.storeId, timestamp: new Date().toISOString(), data: client(ctx, 1) };
      await expectStatus(await signedPost(ctx, tenantOf(ctx).webhookUrl, body), (s) => s === 400, '400');
    },
  },
  {
    id: 'sync.accepts-batch',
    level: 'required',
    title: 'bulk sync accepts a signed batch of 100 clients (any 2xx)',
    run: async (ctx) => {
      tenantOf(ctx);
      const items = Array.from({ length: 100 }, (_, n) => client(ctx, 1_000 + n));
      const batch = { storeId: ctx.storeId, batchId: `${ctx.storeId}-full`, entity: 'clients', items };
      await expectStatus(await signedPost(ctx, `${ctx.connectUrl}/api-mango-biz-sync`, batch), is2xx, '2xx');
    },
  },
  {
    id: 'sync.upsert-idempotent',
    level: 'recommended',
    title: 'bulk sync answers counts { received, created, updated, unchanged }, and the same batch twice changes nothing',
    run: async (ctx) => {
      const url = `${ctx.connectUrl}/api-mango-biz-sync`;
      const batch = { storeId: ctx.storeId, batchId: `${ctx.storeId}-b1`, entity: 'clients', items: [2, 3, 4].map((n) => client(ctx, n)) };
      const first = await signedPost(ctx, url, batch);
      await expectStatus(first, is2xx, '2xx');
      const a = expectShape(SyncResponseSchema, await readJson(first, 'the answer'), 'the answer');
      expectThat(a.received === 3, `received should be 3, got ${a.received}`);
      const second = await signedPost(ctx, url, batch);
      await expectStatus(second, is2xx, '2xx on resend');
      const b = expectShape(SyncResponseSchema, await readJson(second, 'the answer to the resend'), 'the answer to the resend');
      expectThat(b.created === 0 && b.updated === 0 && b.unchanged === 3, `resend should change nothing, got created ${b.created}, updated ${b.updated}, unchanged ${b.unchanged}`);
    },
  },
  {
    id: 'sync.rejects-over-limit',
    level: 'recommended',
    title: 'a sync batch of 101 items is refused (4xx)',
    run: async (ctx) => {
      const items = Array.from({ length: 101 }, (_, n) => client(ctx, 100 + n));
      const batch = { storeId: ctx.storeId, batchId: `${ctx.storeId}-big`, entity: 'clients', items };
      await expectStatus(await signedPost(ctx, `${ctx.connectUrl}/api-mango-biz-sync`, batch), is4xx, '4xx');
    },
  },
  {
    id: 'sdk.exports',
    level: 'required',
    title: 'the SDK script defines MangoConnectSDK and the three modules',
    run: async (ctx) => {
      const res = await ctx.fetch(ctx.sdkUrl);
      await expectStatus(res, (s) => s === 200, '200');
      const type = res.headers.get('content-type') ?? '';
      expectThat(/javascript/.test(type), `content-type should be JavaScript, got "${type}"`);
      const ns = ctx.evaluateSdk(await res.text()) as Record<string, unknown> | undefined;
      expectThat(ns, 'the script did not define window.MangoConnect');
      const missing = ['MangoConnectSDK', 'ConversationsModule', 'AIAssistantModule', 'CampaignsModule'].filter((k) => typeof ns[k] !== 'function');
      expectThat(missing.length === 0, `window.MangoConnect lacks ${missing.join(', ')}`);
    },
  },
  {
    id: 'health.up',
    level: 'recommended',
    title: 'GET /health answers 2xx (without it Biz shows Connect\'s health as unknown)',
    run: async (ctx) => expectStatus(await ctx.fetch(`${ctx.connectUrl}/health`, { redirect: 'manual' }), is2xx, '2xx'),
  },
];

// The Biz→Connect contract (docs/CONTRACTS.md), one check per promise Connect must keep.
import { createWebhookPayload, ProvisionResponseSchema, SyncResponseSchema, type ClientData } from '@mango/connect-shared';
import { CheckFailure, expectShape, expectThat, type CheckContext } from './context.js';
import { badToken, bearer, bodyExcerpt, signedPost, store, member, unsignedToken, validToken } from './requests.js';

export interface Check {
  id: string;
  title: string;
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

function rejectsToken(id: string, title: string, token: (ctx: CheckContext) => Promise<string> | string): Check {
  return {
    id,
    title,
    run: async (ctx) => expectStatus(await bearer(ctx, '/auth-mango-biz', await token(ctx)), (s) => s === 401, '401'),
  };
}

function webhookUrl(ctx: CheckContext): string {
  if (!ctx.tenant) throw new CheckFailure('needs the webhook URL from provisioning, which failed');
  return ctx.tenant.webhookUrl;
}

export const CHECKS: Check[] = [
  {
    id: 'provision.idempotent',
    title: 'provisioning answers the contract shape and is idempotent per store',
    run: async (ctx) => {
      const body = { ...store(ctx), ownerEmail: member.email, ownerName: member.name };
      const url = `${ctx.connectUrl}/provision-mango-biz-tenant`;
      const first = await signedPost(ctx, url, body);
      await expectStatus(first, is2xx, '2xx');
      const a = expectShape(ProvisionResponseSchema, await first.json(), 'the answer');
      const again = await signedPost(ctx, url, body);
      await expectStatus(again, is2xx, '2xx on the second call');
      const b = expectShape(ProvisionResponseSchema, await again.json(), 'the second answer');
      expectThat(b.connectTenantId === a.connectTenantId, `second call made another tenant (${a.connectTenantId} → ${b.connectTenantId})`);
      ctx.tenant = a;
    },
  },
  {
    id: 'provision.rejects-unsigned',
    title: 'provisioning refuses an unsigned request',
    run: async (ctx) =>
      expectStatus(await signedPost(ctx, `${ctx.connectUrl}/provision-mango-biz-tenant`, { ...store(ctx), ownerEmail: member.email, ownerName: member.name }, { unsigned: true }), (s) => s === 401, '401'),
  },
  {
    id: 'auth.accepts-valid',
    title: 'auth accepts a Biz JWT and returns the session',
    run: async (ctx) => {
      const res = await bearer(ctx, '/auth-mango-biz', await validToken(ctx));
      await expectStatus(res, (s) => s === 200, '200');
      const body = (await res.json()) as { session?: { storeId?: string } };
      expectThat(body.session?.storeId === ctx.storeId, `session.storeId should be ${ctx.storeId}, got ${JSON.stringify(body.session?.storeId)}`);
    },
  },
  rejectsToken('auth.rejects-forged', 'auth rejects a token signed with another secret', (ctx) => badToken(ctx, 'forged')),
  rejectsToken('auth.rejects-expired', 'auth rejects an expired token', (ctx) => badToken(ctx, 'expired')),
  rejectsToken('auth.rejects-alg-none', 'auth rejects an unsigned (alg: none) token', unsignedToken),
  rejectsToken('auth.rejects-audience', 'auth rejects a token for another audience', (ctx) => badToken(ctx, 'audience')),
  {
    id: 'webhook.accepts-signed',
    title: 'a correctly signed webhook is accepted (2xx)',
    run: async (ctx) => {
      const payload = createWebhookPayload('client.created', ctx.storeId, client(ctx, 1));
      await expectStatus(await signedPost(ctx, webhookUrl(ctx), payload, { id: `${ctx.storeId}-evt-1` }), is2xx, '2xx');
    },
  },
  {
    id: 'webhook.duplicate-accepted',
    title: 'a repeated webhook-id is acknowledged (2xx), so retries are safe',
    run: async (ctx) => {
      const payload = createWebhookPayload('client.created', ctx.storeId, client(ctx, 1));
      await expectStatus(await signedPost(ctx, webhookUrl(ctx), payload, { id: `${ctx.storeId}-evt-1` }), is2xx, '2xx');
    },
  },
  {
    id: 'webhook.rejects-forged',
    title: 'a webhook signed with another secret is rejected (401)',
    run: async (ctx) => {
      const payload = createWebhookPayload('client.updated', ctx.storeId, client(ctx, 1));
      await expectStatus(await signedPost(ctx, webhookUrl(ctx), payload, { secret: `${ctx.webhookSecret}-forged` }), (s) => s === 401, '401');
    },
  },
  {
    id: 'webhook.rejects-stale',
    title: 'a webhook with a timestamp 10 minutes old is rejected (replay)',
    run: async (ctx) => {
      const payload = createWebhookPayload('client.updated', ctx.storeId, client(ctx, 1));
      const tenMinutesAgo = new Date(Date.now() - 600_000);
      await expectStatus(await signedPost(ctx, webhookUrl(ctx), payload, { now: tenMinutesAgo }), is4xx, '4xx');
    },
  },
  {
    id: 'webhook.rejects-malformed',
    title: 'a signed webhook with an unknown event is rejected (400)',
    run: async (ctx) => {
      const body = { event: 'client.exploded', storeId: ctx.storeId, timestamp: new Date().toISOString(), data: client(ctx, 1) };
      await expectStatus(await signedPost(ctx, webhookUrl(ctx), body), (s) => s === 400, '400');
    },
  },
  {
    id: 'sync.upsert-idempotent',
    title: 'bulk sync upserts by id: the same batch twice changes nothing',
    run: async (ctx) => {
      const url = `${ctx.connectUrl}/api-mango-biz-sync`;
      const batch = { storeId: ctx.storeId, batchId: `${ctx.storeId}-b1`, entity: 'clients', items: [2, 3, 4].map((n) => client(ctx, n)) };
      const first = await signedPost(ctx, url, batch);
      await expectStatus(first, is2xx, '2xx');
      const a = expectShape(SyncResponseSchema, await first.json(), 'the answer');
      expectThat(a.received === 3, `received should be 3, got ${a.received}`);
      const second = await signedPost(ctx, url, batch);
      await expectStatus(second, is2xx, '2xx on resend');
      const b = expectShape(SyncResponseSchema, await second.json(), 'the answer to the resend');
      expectThat(b.created === 0 && b.updated === 0 && b.unchanged === 3, `resend should change nothing, got created ${b.created}, updated ${b.updated}, unchanged ${b.unchanged}`);
    },
  },
  {
    id: 'sync.rejects-over-limit',
    title: 'a sync batch of 101 items is rejected (4xx)',
    run: async (ctx) => {
      const items = Array.from({ length: 101 }, (_, n) => client(ctx, 100 + n));
      const batch = { storeId: ctx.storeId, batchId: `${ctx.storeId}-big`, entity: 'clients', items };
      await expectStatus(await signedPost(ctx, `${ctx.connectUrl}/api-mango-biz-sync`, batch), is4xx, '4xx');
    },
  },
  {
    id: 'sdk.exports',
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
];

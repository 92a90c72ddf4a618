import { Hono } from 'hono';
import { z } from 'zod';
import { OutboxEventSchema } from '@mango/connect-shared';
import { deliverWebhook, serializePayload, signedRequestHeaders } from '@mango/connect-shared/webhooks';
import type { SessionEnv } from '../auth/session-middleware.js';
import { isTrustedUrl } from '../config.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../read-body.js';

const WebhookRelayRequestSchema = z.object({
  webhookUrl: z.string().min(1).max(2048),
  event: OutboxEventSchema,
});
export type WebhookRelayRequest = z.infer<typeof WebhookRelayRequestSchema>;

/**
 * POST /api/connect/webhooks: signs one outbox event and delivers it once. The browser's relay
 * owns the retry schedule, so this answers 200 with the DeliveryOutcome even when Connect failed
 * — the outcome (status, retryable, retryAfterSeconds, gone) is what the relay needs to decide.
 */
export function connectWebhookRoutes(deps: { webhookSecret: string; trustedOrigins: readonly string[]; timeoutMs?: number | undefined; fetch?: typeof fetch }) {
  const app = new Hono<SessionEnv>();
  app.post('/', async (c) => {
    const { webhookUrl, event } = await readJsonBody(c, WebhookRelayRequestSchema);
    const { store } = c.get('session');
    if (event.payload.storeId !== store.storeId) {
      throw new HttpError(403, 'wrong_store', `This event belongs to store ${event.payload.storeId}; you are signed in to ${store.storeId}.`);
    }
    // Never an open relay: our signature goes only to Connect origins this deployment trusts.
    if (!isTrustedUrl(webhookUrl, deps.trustedOrigins)) {
      throw new HttpError(400, 'untrusted_webhook_url', `webhookUrl must be on a trusted Mango Connect origin (${deps.trustedOrigins.join(', ')}).`);
    }
    const rawBody = serializePayload(event.payload);
    // webhook-id is the stable event id, so Connect dedupes the relay's retries.
    const headers = await signedRequestHeaders({ id: event.id, rawBody, secret: deps.webhookSecret });
    const outcome = await deliverWebhook({ url: webhookUrl, rawBody, headers, policy: { attempts: 1, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) }, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    return c.json(outcome);
  });
  return app;
}

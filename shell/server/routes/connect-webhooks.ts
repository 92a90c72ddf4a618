import { Hono } from 'hono';
import * as v from 'valibot';
import { OutboxEventSchema, WEBHOOK_BATCH_LIMIT, type DeliveryOutcome, type OutboxEvent } from '@mango/connect-shared';
import { createBatchGate, deliverWebhook, serializePayload, signedRequestHeaders } from '@mango/connect-shared/webhooks';
import type { SessionEnv } from '../auth/session-middleware.js';
import { isTrustedUrl } from '../config.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../read-body.js';

const WebhookUrlSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(2048));

const WebhookRelayRequestSchema = v.object({
  webhookUrl: WebhookUrlSchema,
  event: OutboxEventSchema,
});
export type WebhookRelayRequest = v.InferOutput<typeof WebhookRelayRequestSchema>;

const WebhookBatchRequestSchema = v.object({
  webhookUrl: WebhookUrlSchema,
  // Each event is checked on its own below, so one bad event is refused alone, not with its batch.
  events: v.pipe(v.array(v.unknown()), v.minLength(1), v.maxLength(WEBHOOK_BATCH_LIMIT)),
});

/**
 * One event's result in a batch answer, in the order sent. `outcome`: delivered or attempted (as the
 * single-event route answers). `refused`: this event was not acceptable (the single route's 4xx).
 * `skipped`: not attempted — `silence`: two events in a row got no answer at all (network error or
 * timeout) or one got 410, so the rest would only wait just as long; `budget`: the batch ran out of
 * time (answers were slow) and the rest go in the relay's next round.
 */
export type BatchItemResult =
  | { type: 'outcome'; outcome: DeliveryOutcome }
  | { type: 'refused'; status: number; code: string; message: string }
  | { type: 'skipped'; kind: 'silence' | 'budget'; reason: string };

interface RelayDeps {
  webhookSecret: string;
  trustedOrigins: readonly string[];
  timeoutMs?: number | undefined;
  /** Time a batch request may spend delivering before it skips the rest (default 10 s). */
  batchBudgetMs?: number | undefined;
  fetch?: typeof fetch;
}

function assertTrustedUrl(webhookUrl: string, trustedOrigins: readonly string[]) {
  // Never an open relay: our signature goes only to Connect origins this deployment trusts.
  if (!isTrustedUrl(webhookUrl, trustedOrigins)) {
    throw new HttpError(400, 'untrusted_webhook_url', `webhookUrl must be on a trusted Mango Connect origin (${trustedOrigins.join(', ')}).`);
  }
}

const wrongStore = (event: OutboxEvent, storeId: string) =>
  `This event belongs to store ${event.payload.storeId}; you are signed in to ${storeId}.`;

/** Signs one event and makes one delivery attempt; webhook-id is the stable event id, so Connect dedupes retries. */
async function deliverOnce(deps: RelayDeps, webhookUrl: string, event: OutboxEvent): Promise<DeliveryOutcome> {
  const rawBody = serializePayload(event.payload);
  const headers = await signedRequestHeaders({ id: event.id, rawBody, secret: deps.webhookSecret });
  return deliverWebhook({ url: webhookUrl, rawBody, headers, policy: { attempts: 1, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) }, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
}

/**
 * POST /api/connect/webhooks: signs one outbox event and delivers it once. The browser's relay
 * owns the retry schedule, so this answers 200 with the DeliveryOutcome even when Connect failed
 * — the outcome (status, retryable, retryAfterSeconds, gone) is what the relay needs to decide.
 */
export function connectWebhookRoutes(deps: RelayDeps) {
  const app = new Hono<SessionEnv>();
  app.post('/', async (c) => {
    const { webhookUrl, event } = await readJsonBody(c, WebhookRelayRequestSchema);
    const { store } = c.get('session');
    if (event.payload.storeId !== store.storeId) throw new HttpError(403, 'wrong_store', wrongStore(event, store.storeId));
    assertTrustedUrl(webhookUrl, deps.trustedOrigins);
    return c.json(await deliverOnce(deps, webhookUrl, event));
  });

  /**
   * POST /api/connect/webhooks/batch: the same for up to 50 events in one request, delivered one
   * after another in the order sent (the relay runs several batches at once, so Connect sees the
   * same concurrency as before, without one browser round trip per event). Answers 200 with one
   * result per event; only a bad envelope (URL, shape, size) fails the whole request.
   */
  app.post('/batch', async (c) => {
    const { webhookUrl, events } = await readJsonBody(c, WebhookBatchRequestSchema);
    const { store } = c.get('session');
    assertTrustedUrl(webhookUrl, deps.trustedOrigins);
    const results: BatchItemResult[] = [];
    const gate = createBatchGate(Date.now(), deps.batchBudgetMs ? { budgetMs: deps.batchBudgetMs } : {});
    for (const [i, raw] of events.entries()) {
      const parsed = v.safeParse(OutboxEventSchema, raw);
      if (!parsed.success) {
        const issue = parsed.issues[0];
        const field = v.getDotPath(issue);
        results.push({ type: 'refused', status: 400, code: 'invalid_request', message: `events.${i}${field ? `.${field}` : ''}: ${issue.message}` });
      } else if (parsed.output.payload.storeId !== store.storeId) {
        results.push({ type: 'refused', status: 403, code: 'wrong_store', message: wrongStore(parsed.output, store.storeId) });
      } else {
        const skip = gate.check(Date.now());
        if (skip) {
          results.push({ type: 'skipped', ...skip });
          continue;
        }
        const outcome = await deliverOnce(deps, webhookUrl, parsed.output);
        gate.record(outcome);
        results.push({ type: 'outcome', outcome });
      }
    }
    return c.json({ results });
  });
  return app;
}

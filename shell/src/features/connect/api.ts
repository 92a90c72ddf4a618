import { ProvisionResponseSchema, SyncBatchesResponseSchema, type DeliveryOutcome, type OutboxEvent, type ProvisionResponse, type SyncRequest, type SyncResponse } from '@mango/connect-shared';
import { z } from '@mango/connect-shared/zod';
import { ApiRequestError, apiRequest } from '../../lib/http';
import type { SendResult } from './relay/decide';

export const TokenResponseSchema = z.object({ token: z.string().check(z.minLength(1)), expiresAt: z.union([z.string(), z.number()]), refreshAt: z.optional(z.union([z.string(), z.number()])) });
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

const HealthSchema = z.object({ ok: z.boolean(), latencyMs: z.number(), status: z.nullable(z.number()) });

const DeliveryOutcomeSchema = z.object({
  ok: z.boolean(),
  status: z.nullable(z.number()),
  attempts: z.number(),
  durationMs: z.number(),
  retryable: z.boolean(),
  retryAfterSeconds: z.optional(z.number()),
  bodyExcerpt: z.string(),
  error: z.optional(z.string()),
  gone: z.optional(z.boolean()),
});

const BatchResultsSchema = z.object({
  results: z.array(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('outcome'), outcome: DeliveryOutcomeSchema }),
      z.object({ type: z.literal('refused'), status: z.number(), code: z.string(), message: z.string() }),
      z.object({ type: z.literal('skipped'), kind: z.enum(['silence', 'budget']), reason: z.string() }),
    ]),
  ),
});

/** A request that failed as a whole, as a result for one event. */
function requestFailure(err: unknown): SendResult {
  if (err instanceof ApiRequestError) return { type: 'api-error', status: err.status, retryable: err.retryable, message: err.message };
  return { type: 'api-error', status: null, retryable: true, message: err instanceof Error ? err.message : String(err) };
}

/** The edge API's Connect endpoints; everything secret happens there, never in the browser. */
export interface ConnectApi {
  provision(): Promise<ProvisionResponse>;
  /** Up to SYNC_BATCHES_PER_REQUEST batches, which the edge API sends to Connect in order; one response per batch. */
  syncBatches(batches: SyncRequest[]): Promise<SyncResponse[]>;
  health(): Promise<{ ok: boolean; latencyMs: number; status: number | null }>;
  token(): Promise<TokenResponse>;
  sendWebhook(event: OutboxEvent, webhookUrl: string): Promise<SendResult>;
  /** Several events in one request; one result per event, in order. Never rejects. */
  sendWebhooks(events: OutboxEvent[], webhookUrl: string): Promise<SendResult[]>;
}

export function createConnectApi(doFetch?: typeof fetch): ConnectApi {
  const f = doFetch ? { fetch: doFetch } : {};
  return {
    provision: () => apiRequest('/api/connect/provision', { method: 'POST', body: {}, schema: ProvisionResponseSchema, ...f }),
    async syncBatches(batches) {
      const { results } = await apiRequest('/api/connect/sync/batches', { method: 'POST', body: { batches }, bulk: true, schema: SyncBatchesResponseSchema, ...f });
      if (results.length !== batches.length) throw new Error(`The Mango Biz server answered ${results.length} sync results for ${batches.length} batches.`);
      return results;
    },
    health: () => apiRequest('/api/connect/health', { schema: HealthSchema, ...f }),
    token: () => apiRequest('/api/connect/token', { method: 'POST', body: {}, schema: TokenResponseSchema, ...f }),
    async sendWebhook(event, webhookUrl) {
      try {
        const outcome: DeliveryOutcome = await apiRequest('/api/connect/webhooks', { method: 'POST', body: { webhookUrl, event }, schema: DeliveryOutcomeSchema, ...f });
        return { type: 'outcome', outcome };
      } catch (err) {
        return requestFailure(err);
      }
    },
    async sendWebhooks(events, webhookUrl) {
      try {
        const { results } = await apiRequest('/api/connect/webhooks/batch', { method: 'POST', body: { webhookUrl, events }, schema: BatchResultsSchema, ...f });
        return events.map((_, i): SendResult => {
          const r = results[i];
          if (!r) return { type: 'api-error', status: null, retryable: true, message: `The Mango Biz server answered ${results.length} results for ${events.length} events.` };
          if (r.type === 'refused') return { type: 'api-error', status: r.status, retryable: false, message: r.message };
          return r;
        });
      } catch (err) {
        const failure = requestFailure(err);
        return events.map(() => failure);
      }
    },
  };
}

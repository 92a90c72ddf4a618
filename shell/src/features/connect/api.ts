import { nonEmptyString, ProvisionResponseSchema, SyncBatchesResponseSchema, type DeliveryOutcome, type OutboxEvent, type ProvisionResponse, type SyncRequest, type SyncResponse } from '@mango/connect-shared';
import * as v from 'valibot';
import { ApiRequestError, apiRequest } from '../../lib/http';
import type { SendResult } from './relay/decide';

export const TokenResponseSchema = v.object({ token: nonEmptyString(), expiresAt: v.union([v.string(), v.number()]), refreshAt: v.optional(v.union([v.string(), v.number()])) });
export type TokenResponse = v.InferOutput<typeof TokenResponseSchema>;

const HealthSchema = v.object({ ok: v.boolean(), latencyMs: v.number(), status: v.nullable(v.number()) });

const DeliveryOutcomeSchema = v.object({
  ok: v.boolean(),
  status: v.nullable(v.number()),
  attempts: v.number(),
  durationMs: v.number(),
  retryable: v.boolean(),
  retryAfterSeconds: v.optional(v.number()),
  bodyExcerpt: v.string(),
  error: v.optional(v.string()),
  gone: v.optional(v.boolean()),
});

const BatchResultsSchema = v.object({
  results: v.array(
    v.variant('type', [
      v.object({ type: v.literal('outcome'), outcome: DeliveryOutcomeSchema }),
      v.object({ type: v.literal('refused'), status: v.number(), code: v.string(), message: v.string() }),
      v.object({ type: v.literal('skipped'), kind: v.picklist(['silence', 'budget']), reason: v.string() }),
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

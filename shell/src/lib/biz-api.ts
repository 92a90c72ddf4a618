import {
  ChangesResponseSchema,
  ConnectHealthSchema,
  ConnectStateSchema,
  DeliveriesResponseSchema,
  nonEmptyString,
  PushResponseSchema,
  RetryNowResponseSchema,
  WaitingResponseSchema,
  type ChangesResponse,
  type ConnectFeatures,
  type ConnectHealth,
  type ConnectState,
  type DeliveriesResponse,
  type DeliveryStatus,
  type Mutation,
  type PushResult,
  type WaitingResponse,
  type WebhookEvent,
} from '@mango/connect-shared';
import * as v from 'valibot';
import { apiRequest } from './http';

export const TokenResponseSchema = v.object({ token: nonEmptyString(), expiresAt: v.union([v.string(), v.number()]), refreshAt: v.optional(v.union([v.string(), v.number()])) });
export type TokenResponse = v.InferOutput<typeof TokenResponseSchema>;

const StateResponseSchema = v.object({ state: ConnectStateSchema });
const OkSchema = v.object({ ok: v.literal(true) });

export interface DeliveryQuery {
  status?: DeliveryStatus;
  event?: WebhookEvent;
  limit?: number;
  before?: string;
}

/**
 * The Biz API as the browser calls it (same origin, session cookie): one function per endpoint,
 * each answer checked against the wire schema both ends share. Failures reject with
 * ApiRequestError (`status`, the API's `code`, a message a person can act on).
 */
export interface BizApi {
  /** POST /api/mutations: one result per mutation, in order (matched by mutation id). */
  push(mutations: readonly Mutation[]): Promise<PushResult[]>;
  /** GET /api/changes?since=N */
  changes(since: number): Promise<ChangesResponse>;
  connectState(): Promise<ConnectState>;
  enableConnect(): Promise<ConnectState>;
  disableConnect(): Promise<ConnectState>;
  updateConnectFeatures(features: Partial<ConnectFeatures>): Promise<ConnectState>;
  /** Starts a sync run, or answers the one already running. */
  startSync(): Promise<ConnectState>;
  deliveries(query: DeliveryQuery): Promise<DeliveriesResponse>;
  redeliver(eventId: string): Promise<void>;
  /** GET /api/connect/waiting: the destination's circuit and the events waiting for it. */
  waiting(): Promise<WaitingResponse>;
  /** POST /api/connect/waiting/retry: that event (or every waiting one) due now; how many were made due. */
  retryNow(eventId?: string): Promise<number>;
  connectHealth(): Promise<ConnectHealth>;
  connectToken(): Promise<TokenResponse>;
}

function deliveriesPath(query: DeliveryQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return `/api/connect/deliveries${qs ? `?${qs}` : ''}`;
}

export function createBizApi(doFetch?: typeof fetch): BizApi {
  const f = doFetch ? { fetch: doFetch } : {};
  const state = async (path: string, method: 'POST' | 'PATCH', body: unknown) => (await apiRequest(path, { method, body, schema: StateResponseSchema, ...f })).state;
  return {
    push: async (mutations) => (await apiRequest('/api/mutations', { method: 'POST', body: { mutations }, schema: PushResponseSchema, ...f })).results,
    changes: (since) => apiRequest(`/api/changes?since=${since}`, { schema: ChangesResponseSchema, ...f }),
    connectState: () => apiRequest('/api/connect/state', { schema: ConnectStateSchema, ...f }),
    enableConnect: () => state('/api/connect/enable', 'POST', {}),
    disableConnect: () => state('/api/connect/disable', 'POST', {}),
    updateConnectFeatures: (features) => state('/api/connect/config', 'PATCH', { features }),
    startSync: () => state('/api/connect/sync', 'POST', {}),
    deliveries: (query) => apiRequest(deliveriesPath(query), { schema: DeliveriesResponseSchema, ...f }),
    async redeliver(eventId) {
      await apiRequest('/api/connect/deliveries/redeliver', { method: 'POST', body: { eventId }, schema: OkSchema, ...f });
    },
    waiting: () => apiRequest('/api/connect/waiting', { schema: WaitingResponseSchema, ...f }),
    retryNow: async (eventId) => (await apiRequest('/api/connect/waiting/retry', { method: 'POST', body: eventId === undefined ? {} : { eventId }, schema: RetryNowResponseSchema, ...f })).due,
    connectHealth: () => apiRequest('/api/connect/health', { schema: ConnectHealthSchema, ...f }),
    connectToken: () => apiRequest('/api/connect/token', { method: 'POST', body: {}, schema: TokenResponseSchema, ...f }),
  };
}

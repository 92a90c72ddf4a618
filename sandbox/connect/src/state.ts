import type { WebhookEvent } from '@mango/connect-shared/types';
import type { FaultRule } from './domain/faults.js';
import type { Tenant } from './domain/types.js';
import type { SandboxProfile } from './profile.js';

/** One webhook as it arrived, for the admin log (valid or not). */
export interface ReceivedWebhook {
  /** Order of arrival, from 1. */
  seq: number;
  id: string | null;
  event: WebhookEvent | null;
  entityId: string | null;
  storeId: string | null;
  /** The payload's `data` as sent (what Connect would apply), for tests and the Connect team's debugging. */
  data: Record<string, unknown> | null;
  /** `webhook-timestamp` as sent (unix seconds), when present. */
  timestamp: number | null;
  receivedAt: string;
  signatureValid: boolean;
  duplicate: boolean;
  status: number;
  outcome: 'created' | 'updated' | 'unchanged' | 'duplicate' | 'rejected';
  errorCode: string | null;
}

export interface SyncBatchRecord {
  seq: number;
  requestId: string;
  batchId: string;
  storeId: string;
  entity: 'clients' | 'appointments';
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  receivedAt: string;
}

export type SdkMode = 'ok' | '404' | 'throw' | 'missing-exports' | 'slow';

/** Everything the sandbox remembers; in memory only, cleared by POST /__admin/reset. */
export interface SandboxState {
  tenants: Map<string, Tenant>;
  webhooks: ReceivedWebhook[];
  /** webhook-ids applied successfully: a repeat is a duplicate. */
  appliedWebhookIds: Set<string>;
  syncBatches: SyncBatchRecord[];
  faults: FaultRule[];
  nextFaultId: number;
  /** Tokens issued before this instant count as expired (admin expire-tokens); null = off. */
  tokensExpiredBeforeMs: number | null;
  /** When the sandbox first saw each token, so "issued before" is exact within a second. */
  tokenFirstSeenMs: Map<string, number>;
  sdkMode: { mode: SdkMode; latencyMs: number };
  /** How the sandbox answers now; starts as the configured profile, switched by POST /__admin/profile. */
  profile: SandboxProfile;
  nextId: number;
}

export function createSandboxState(profile: SandboxProfile = 'full'): SandboxState {
  return {
    tenants: new Map(),
    webhooks: [],
    appliedWebhookIds: new Set(),
    syncBatches: [],
    faults: [],
    nextFaultId: 1,
    tokensExpiredBeforeMs: null,
    tokenFirstSeenMs: new Map(),
    sdkMode: { mode: 'ok', latencyMs: 0 },
    profile,
    nextId: 1,
  };
}

/** Forgets everything and returns to `profile` (the configured one). */
export function resetSandboxState(state: SandboxState, profile: SandboxProfile): void {
  Object.assign(state, createSandboxState(profile));
}

/** Short, readable, unique-per-process ids (msg_1, cmp_2…). */
export function nextId(state: SandboxState, prefix: string): string {
  return `${prefix}_${state.nextId++}`;
}

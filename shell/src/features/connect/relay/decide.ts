import { nextRetryDelayMs, WEBHOOK_BATCH_LIMIT, type DeliveryOutcome, type DeliveryStatus } from '@mango/connect-shared';
import type { OutboxRecord } from '../../../db/types';
import { packInOrder } from '../../../lib/pack';

/**
 * What one send produced. `outcome`: the edge API reached Connect (or tried to) and reports how it
 * went. `api-error`: the edge API itself refused (4xx) or could not be reached (network, 5xx).
 */
export type SendResult =
  | { type: 'outcome'; outcome: DeliveryOutcome }
  | { type: 'api-error'; status: number | null; retryable: boolean; message: string }
  /** Not attempted: Connect went silent or gone earlier in the batch, or the batch ran out of time. */
  | { type: 'skipped'; kind: 'silence' | 'budget'; reason: string };

export type Decision =
  | { kind: 'delivered'; attempts: number }
  /** Nothing was attempted: no delivery record, no attempt counted; wait until `nextAttemptAt`. */
  | { kind: 'postponed'; attempts: number; nextAttemptAt: number; reason: string }
  | { kind: 'retry'; attempts: number; nextAttemptAt: number; reason: string }
  | { kind: 'dead'; attempts: number; reason: string; deactivateSubscription: boolean };

/**
 * The events the relay may send now: for each entity only its lowest pending `seq` (so seq n+1
 * never overtakes seq n), and only once its `nextAttemptAt` has come. Dead events do not block
 * later events of the same entity: every event carries the entity's full snapshot, so a later
 * event supersedes a dead one, and blocking would freeze that client in Connect until an owner
 * acts. Oldest first, at most `limit`.
 */
export function selectDue(pending: readonly OutboxRecord[], now: number, limit = Infinity): OutboxRecord[] {
  const head = new Map<string, OutboxRecord>();
  for (const e of pending) {
    if (e.status !== 'pending') continue;
    const key = `${e.entityType}:${e.entityId}`;
    const current = head.get(key);
    if (!current || e.seq < current.seq) head.set(key, e);
  }
  return [...head.values()]
    .filter((e) => e.nextAttemptAt <= now)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.seq - b.seq)
    .slice(0, limit);
}

/** Pure: the outbox record after `decision`, as the relay stores it (`nowIso` stamps a delivery). */
export function applyDecision(event: OutboxRecord, decision: Decision, nowIso: string): OutboxRecord {
  const { lastError: _lastError, ...rest } = event;
  switch (decision.kind) {
    case 'delivered':
      return { ...rest, status: 'done', attempts: decision.attempts, doneAt: nowIso };
    case 'retry':
    case 'postponed':
      return { ...event, attempts: decision.attempts, nextAttemptAt: decision.nextAttemptAt, lastError: decision.reason };
    case 'dead':
      return { ...event, status: 'dead', attempts: decision.attempts, lastError: decision.reason };
  }
}

/** When the relay should next look again: the earliest future head-of-entity attempt, or null. */
export function nextWakeAt(pending: readonly OutboxRecord[]): number | null {
  const heads = selectDue(pending, Infinity);
  if (heads.length === 0) return null;
  return Math.min(...heads.map((e) => e.nextAttemptAt));
}

function retryOrDead(attempts: number, now: number, reason: string, retryAfterSeconds?: number, schedule?: readonly number[]): Decision {
  const delay = nextRetryDelayMs(attempts, schedule ? { retryAfterSeconds, schedule } : { retryAfterSeconds });
  if (delay === null) return { kind: 'dead', attempts, reason: `${reason}; the retry schedule is spent`, deactivateSubscription: false };
  return { kind: 'retry', attempts, nextAttemptAt: now + delay, reason };
}

/**
 * Pure: what to do with an event after one send. `event.attempts` counts earlier failed attempts.
 * `schedule` replaces the shared retry schedule (the deploy may set one in its runtime config).
 */
export function decide(event: Pick<OutboxRecord, 'attempts'>, result: SendResult, now: number, schedule?: readonly number[]): Decision {
  if (result.type === 'skipped') return { kind: 'postponed', attempts: event.attempts, nextAttemptAt: now, reason: result.reason };
  const attempts = event.attempts + 1;
  if (result.type === 'api-error') {
    // 401: the staff session lapsed; it comes back on sign-in, so the event waits instead of dying.
    if (result.retryable || result.status === 401) return retryOrDead(attempts, now, result.message, undefined, schedule);
    return { kind: 'dead', attempts, reason: `The Mango Biz server refused the event: ${result.message}`, deactivateSubscription: false };
  }
  const o = result.outcome;
  if (o.ok) return { kind: 'delivered', attempts };
  if (o.gone) return { kind: 'dead', attempts, reason: 'Connect answered 410 Gone: the webhook endpoint no longer exists', deactivateSubscription: true };
  const why = o.error ?? (o.status === null ? 'no answer from Connect' : `Connect answered ${o.status}`);
  if (o.retryable) return retryOrDead(attempts, now, why, o.retryAfterSeconds, schedule);
  return { kind: 'dead', attempts, reason: `${why} (not retryable)`, deactivateSubscription: false };
}

export function deliveryStatusOf(decision: Exclude<Decision, { kind: 'postponed' }>): DeliveryStatus {
  return decision.kind === 'delivered' ? 'delivered' : decision.kind === 'retry' ? 'retrying' : 'dead';
}

/** Most events per batch request (the edge API's limit) and the body size a batch stays under. */
export const BATCH_MAX_EVENTS = WEBHOOK_BATCH_LIMIT;
export const BATCH_MAX_BYTES = 512 * 1024;

/**
 * Splits the due events (one per entity) into batches for `concurrency` parallel requests: as
 * even as possible so every lane stays busy, at most BATCH_MAX_EVENTS each, and under
 * BATCH_MAX_BYTES of JSON so a batch of large events never meets the edge API's 1 MB body limit
 * (an event too big on its own goes alone, and gets the single-event answer for its size).
 */
export function toBatches<T>(due: readonly T[], concurrency: number, sizeOf: (item: T) => number): T[][] {
  const perBatch = Math.min(BATCH_MAX_EVENTS, Math.max(1, Math.ceil(due.length / Math.max(1, concurrency))));
  return packInOrder(due, { maxCount: perBatch, maxBytes: BATCH_MAX_BYTES }, sizeOf);
}

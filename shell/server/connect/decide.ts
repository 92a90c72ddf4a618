import { nextRetryDelayMs, type DeliveryOutcome, type DeliveryStatus } from '@mango/connect-shared';

export type Decision =
  | { kind: 'delivered'; attempts: number }
  | { kind: 'retry'; attempts: number; nextAttemptAt: number; reason: string }
  | { kind: 'dead'; attempts: number; reason: string; deactivateSubscription: boolean };

/**
 * Pure: what to do with an event after one delivery attempt. `attempts` counts earlier failed
 * attempts. Success is a 2xx; a 3xx is a failure (redirects are never followed); 410 Gone
 * deactivates the subscription; 408/429/5xx and no answer follow the retry schedule, honouring
 * Retry-After; any other answer is the receiver's configuration and goes to the dead letter at
 * once, where an owner can redeliver it after fixing the endpoint.
 */
export function decide(attempts: number, outcome: DeliveryOutcome, now: number, schedule?: readonly number[]): Decision {
  const made = attempts + 1;
  if (outcome.ok) return { kind: 'delivered', attempts: made };
  if (outcome.gone) return { kind: 'dead', attempts: made, reason: 'Connect answered 410 Gone: the webhook endpoint no longer exists', deactivateSubscription: true };
  const why = outcome.error ?? (outcome.status === null ? 'no answer from Connect' : `Connect answered ${outcome.status}`);
  if (!outcome.retryable) return { kind: 'dead', attempts: made, reason: `${why} (not retryable)`, deactivateSubscription: false };
  const delay = nextRetryDelayMs(made, { ...(outcome.retryAfterSeconds !== undefined ? { retryAfterSeconds: outcome.retryAfterSeconds } : {}), ...(schedule ? { schedule } : {}) });
  if (delay === null) return { kind: 'dead', attempts: made, reason: `${why}; the retry schedule is spent`, deactivateSubscription: false };
  return { kind: 'retry', attempts: made, nextAttemptAt: now + delay, reason: why };
}

export function deliveryStatusOf(decision: Decision): DeliveryStatus {
  return decision.kind === 'delivered' ? 'delivered' : decision.kind === 'retry' ? 'retrying' : 'dead';
}

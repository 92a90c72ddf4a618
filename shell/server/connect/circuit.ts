import type { DeliveryOutcome } from '@mango/connect-shared';

/** A destination's health, as its subscription row keeps it. */
export interface Circuit {
  state: 'closed' | 'open' | 'half_open';
  /** Failed attempts in a row (unreachable answers only). */
  failures: number;
  /** When the next probe may go (open), or when a probe in flight is given up (half_open). */
  probeAt: number | null;
  probeIntervalMs: number;
}

export interface CircuitPolicy {
  /** Failed attempts in a row that open the circuit. */
  openAfter: number;
  /** Wait before the first probe; it doubles after each failed probe, up to `maxProbeMs`. */
  firstProbeMs: number;
  /** Longest wait between probes: an outage that ends is noticed within this. */
  maxProbeMs: number;
}

export const DEFAULT_CIRCUIT_POLICY: CircuitPolicy = { openAfter: 10, firstProbeMs: 1_000, maxProbeMs: 2_000 };

export const CLOSED: Circuit = { state: 'closed', failures: 0, probeAt: null, probeIntervalMs: 0 };

/**
 * Whether an answer says the destination is down or overwhelmed (5xx, 408, 429, no answer, a
 * timeout) — what trips the breaker — as opposed to reachable: any other answer, a 4xx included,
 * shows Connect is there, even when it refuses this one event.
 */
export function isUnreachable(outcome: DeliveryOutcome): boolean {
  if (outcome.ok) return false;
  return outcome.status === null || outcome.status === 408 || outcome.status === 429 || outcome.status >= 500;
}

export interface CircuitStep {
  next: Circuit;
  /** The destination answered after trouble: every event waiting in backoff for it is due now. */
  healed: boolean;
}

/**
 * Pure: the destination's health after one attempt (a regular delivery or a probe), in the manner
 * of Convoy's circuit breaker — closed, open after repeated failures, a half-open probe; any
 * answer that shows the destination is reachable closes it.
 */
export function stepCircuit(current: Circuit, outcome: DeliveryOutcome, now: number, policy: CircuitPolicy = DEFAULT_CIRCUIT_POLICY): CircuitStep {
  if (!isUnreachable(outcome)) {
    return { next: CLOSED, healed: current.state !== 'closed' || current.failures > 0 };
  }
  const failures = current.failures + 1;
  if (current.state === 'half_open') {
    const interval = Math.min(policy.maxProbeMs, Math.max(policy.firstProbeMs, current.probeIntervalMs * 2));
    return { next: { state: 'open', failures, probeAt: now + interval, probeIntervalMs: interval }, healed: false };
  }
  if (current.state === 'open') return { next: { ...current, failures }, healed: false };
  if (failures >= policy.openAfter) {
    return { next: { state: 'open', failures, probeAt: now + policy.firstProbeMs, probeIntervalMs: policy.firstProbeMs }, healed: false };
  }
  return { next: { ...current, failures }, healed: false };
}

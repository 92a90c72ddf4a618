import type { DeliveryOutcome } from '../types/index.js';

/** Why the rest of a batch was not attempted: Connect went silent (or gone), or time ran out. */
export type BatchSkip = { kind: 'silence' | 'budget'; reason: string };

export interface BatchGateOptions {
  /** Stop starting deliveries once the batch has run this long (default 10 s). */
  budgetMs?: number;
  /** Stop after this many consecutive attempts without an answer (default 2). */
  maxSilent?: number;
}

/**
 * Decides, event by event, whether a batch delivered one after another should go on. Pure: the
 * caller passes the clock. One unanswered attempt is not enough to stop (a share of requests time
 * out on a flaky link, and stopping at the first would starve the batch); two in a row, or a 410,
 * means Connect is down or gone and the rest would only wait just as long. The time budget keeps
 * a batch request from outliving the browser's patience when answers are slow but do come.
 */
export function createBatchGate(startedAt: number, opts: BatchGateOptions = {}) {
  const budgetMs = opts.budgetMs ?? 10_000;
  const maxSilent = opts.maxSilent ?? 2;
  let silentInARow = 0;
  let stopped: BatchSkip | null = null;
  return {
    /** Null to go on with the next event, or why it is skipped. */
    check(now: number): BatchSkip | null {
      if (stopped) return stopped;
      if (now - startedAt >= budgetMs) return { kind: 'budget', reason: `not attempted: this batch used its ${Math.round(budgetMs / 1000)} s budget` };
      return null;
    },
    /** Tells the gate how an attempt went. */
    record(outcome: DeliveryOutcome): void {
      if (outcome.gone) {
        stopped = { kind: 'silence', reason: 'not attempted: an earlier event of this batch found the endpoint gone (410)' };
        return;
      }
      silentInARow = outcome.status === null && outcome.retryable ? silentInARow + 1 : 0;
      if (silentInARow >= maxSilent) stopped = { kind: 'silence', reason: `not attempted: ${maxSilent} events in a row of this batch got no answer from Connect (${outcome.error ?? 'no answer'})` };
    },
  };
}

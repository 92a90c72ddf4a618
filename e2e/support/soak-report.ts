// The fault soak's verdict, as pure functions over what the browser and the sandbox recorded, so
// every rule ("applied once", "order per entity", "no tab double-sends") is tested with plain values.

/** One outbox event as the browser holds it at the end (from window.__mangoBench.outboxEvents()). */
export interface SoakEvent {
  id: string;
  entityType: string;
  entityId: string;
  seq: number;
  status: string;
  createdAt: string;
}

/** One row of the browser's delivery log. */
export interface SoakDelivery {
  eventId: string;
  status: string;
  responseCode: number | null;
  attempt: number;
}

/** One arrival at the sandbox (GET /__admin/webhooks); `seq` is the sandbox's arrival order. */
export interface SoakArrival {
  seq: number;
  id: string;
  entityId: string;
  storeId: string;
  receivedAt: string;
  signatureValid: boolean;
  duplicate: boolean;
  status?: number;
}

/** One event a tab handed to the edge API (alone or in a batch): when its request left and when it ended. */
export interface SoakSend {
  tab: string;
  eventId: string;
  start: number;
  end: number;
}

export interface SoakCounts {
  made: number;
  delivered: number;
  duplicatesSuppressed: number;
  maxDelayMs: number;
  attempts: number;
  failedAttempts: number;
}

export interface SoakVerdict {
  counts: SoakCounts;
  /** Every broken promise, each a sentence naming the event; empty = the soak passed. */
  problems: string[];
}

const groupBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
};

/** Two sends of one event in flight at the same moment: the double-send Web Locks must prevent. */
export function overlappingSends(sends: readonly SoakSend[]): Array<[SoakSend, SoakSend]> {
  const found: Array<[SoakSend, SoakSend]> = [];
  for (const list of groupBy(sends, (s) => s.eventId).values()) {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      if (cur.start < prev.end) found.push([prev, cur]);
    }
  }
  return found;
}

/** Judges a soak run. `storeId` limits the sandbox's log to this store's arrivals. */
export function judgeSoak(input: { made: number; storeId: string; events: readonly SoakEvent[]; deliveries: readonly SoakDelivery[]; arrivals: readonly SoakArrival[]; sends: readonly SoakSend[] }): SoakVerdict {
  const problems: string[] = [];
  const events = new Map(input.events.map((e) => [e.id, e]));
  const arrivals = input.arrivals.filter((a) => a.storeId === input.storeId);
  const byEvent = groupBy(arrivals, (a) => a.id);
  const logByEvent = groupBy(input.deliveries, (d) => d.eventId);

  if (input.events.length !== input.made) problems.push(`the driver made ${input.made} changes but the outbox holds ${input.events.length} events`);

  let maxDelayMs = 0;
  for (const e of input.events) {
    if (e.status !== 'done') problems.push(`event ${e.id} (${e.entityType} ${e.entityId} #${e.seq}) ended ${e.status}, not delivered`);
    const got = byEvent.get(e.id) ?? [];
    const applied = got.filter((a) => !a.duplicate);
    if (applied.length === 0) problems.push(`event ${e.id} never reached Connect`);
    if (applied.length > 1) problems.push(`event ${e.id} was applied ${applied.length} times at Connect`);
    const first = applied[0];
    if (first) maxDelayMs = Math.max(maxDelayMs, Date.parse(first.receivedAt) - Date.parse(e.createdAt));

    const log = logByEvent.get(e.id) ?? [];
    const delivered = log.filter((d) => d.status === 'delivered');
    if (delivered.length !== (e.status === 'done' ? 1 : 0)) problems.push(`event ${e.id} has ${delivered.length} "delivered" rows in the delivery log`);
    const attemptNumbers = log.map((d) => d.attempt);
    if (new Set(attemptNumbers).size !== attemptNumbers.length) problems.push(`event ${e.id} logged the same attempt number twice (${attemptNumbers.join(',')}): two senders`);
    const answered2xx = log.filter((d) => d.responseCode !== null && d.responseCode >= 200 && d.responseCode < 300).length;
    if (answered2xx > got.length) problems.push(`event ${e.id}: the log shows ${answered2xx} answers from Connect but Connect saw ${got.length} arrivals`);
  }

  for (const a of arrivals) {
    if (!events.has(a.id)) problems.push(`Connect received ${a.id}, which is no outbox event of this store`);
    if (!a.signatureValid) problems.push(`arrival #${a.seq} of ${a.id} had an invalid signature`);
  }

  // Order per entity: the first application of each event, in Connect's arrival order, follows seq.
  const appliedArrivals = arrivals.filter((a) => !a.duplicate && events.has(a.id));
  for (const [entityId, list] of groupBy(appliedArrivals, (a) => a.entityId)) {
    const seqs = [...list].sort((a, b) => a.seq - b.seq).map((a) => events.get(a.id)!.seq);
    for (let i = 1; i < seqs.length; i++) {
      if (seqs[i]! <= seqs[i - 1]!) {
        problems.push(`entity ${entityId} was applied out of order: seq ${seqs.join(', ')}`);
        break;
      }
    }
  }

  for (const [a, b] of overlappingSends(input.sends)) problems.push(`event ${a.eventId} was in flight from tab ${a.tab} and tab ${b.tab} at once`);

  return {
    counts: {
      made: input.made,
      delivered: new Set(appliedArrivals.map((a) => a.id)).size,
      duplicatesSuppressed: arrivals.filter((a) => a.duplicate && events.has(a.id)).length,
      maxDelayMs,
      attempts: input.deliveries.length,
      failedAttempts: input.deliveries.filter((d) => d.status !== 'delivered').length,
    },
    problems,
  };
}

export function formatSoakLine(c: SoakCounts): string {
  return `soak: made ${c.made}, delivered ${c.delivered}, duplicates suppressed ${c.duplicatesSuppressed}, max delay ${(c.maxDelayMs / 1000).toFixed(1)} s`;
}

/**
 * Rules for the sandbox, which takes the FIRST rule that fires: each rule's rate is of the requests
 * the earlier rules let through, so shares [0.3, 0.1] become rates [0.3, 0.1 / 0.7] of that rule's traffic.
 */
export function layeredRates(shares: readonly number[]): number[] {
  let left = 1;
  return shares.map((share) => {
    const rate = left <= 0 ? 0 : Math.min(1, share / left);
    left -= share;
    return rate;
  });
}

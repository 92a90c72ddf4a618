// The fault soak's verdict, as pure functions over what the devices, the server's database and the
// Connect sandbox recorded, so every rule ("reached the server once", "applied once at Connect",
// "order per entity", "the delivery log agrees with Connect") is tested with plain values.
// Times are epoch milliseconds.

export type ChangeType = 'client.create' | 'client.update' | 'appointment.create' | 'appointment.update' | 'appointment.cancel';

/** One change a device made through its UI, as the soak's driver did it. */
export interface MadeChange {
  device: string;
  type: ChangeType;
  /** The driver's name for the entity (e.g. "A client 3"): one entity id on the server. */
  entity: string;
  /** Fields the mutation must carry (what the person typed). */
  expect: Record<string, string | number>;
  /** When the UI had saved it on the device. */
  at: number;
}

/** One mutation a device pushed (POST /api/mutations), in the order the device first sent it. */
export interface SentMutation {
  device: string;
  id: string;
  type: string;
  entityId: string;
  fields?: Record<string, unknown>;
}

/** A row of the server's `mutations` table; `seq` is the store change its result carries. */
export interface ServerMutation {
  id: string;
  type: string;
  status: string;
  seq: number | null;
}

/** A row of the server's outbox. */
export interface OutboxEvent {
  id: string;
  entityType: string;
  entityId: string;
  seq: number;
  event: string;
  status: string;
  createdAt: number;
}

/** A row of the server's delivery log (`webhook_deliveries`). */
export interface DeliveryRecord {
  eventId: string;
  status: string;
  responseCode: number | null;
  attempt: number;
  sentAt: number;
  durationMs: number;
}

/** One arrival at the Connect sandbox; `seq` is the sandbox's arrival order, `id` the webhook-id. */
export interface Arrival {
  seq: number;
  id: string | null;
  storeId: string | null;
  receivedAt: number;
  signatureValid: boolean;
  duplicate: boolean;
  status: number;
}

/** A span of time, e.g. the database restarting. */
export interface Span {
  from: number;
  to: number;
}

const EVENT_OF: Record<ChangeType, string> = {
  'client.create': 'client.created',
  'client.update': 'client.updated',
  'appointment.create': 'appointment.created',
  'appointment.update': 'appointment.updated',
  'appointment.cancel': 'appointment.cancelled',
};

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

export interface DevicesVerdict {
  problems: string[];
  /** The change each outbox event reports, as its device made it (when, which, what). */
  madeByEvent: Map<string, MadeChange>;
  /** The server's entity id of each of the driver's entities. */
  entityIds: Map<string, string>;
}

/**
 * Every change the devices made reached the server exactly once: the k-th mutation a device sent is
 * its k-th change (same type, the typed fields, one entity id per entity), the server applied each
 * sent id once and applied nothing else, and each applied mutation put exactly one event of its
 * kind for its entity in the outbox, at the store change its result names.
 */
export function judgeDevices(input: { made: readonly MadeChange[]; sent: readonly SentMutation[]; server: readonly ServerMutation[]; outbox: readonly OutboxEvent[] }): DevicesVerdict {
  const problems: string[] = [];
  const entityIds = new Map<string, string>();
  const madeByMutation = new Map<string, MadeChange>();
  const sentByDevice = groupBy(input.sent, (s) => s.device);
  for (const [device, made] of groupBy(input.made, (m) => m.device)) {
    const sent = sentByDevice.get(device) ?? [];
    if (sent.length !== made.length) problems.push(`device ${device} made ${made.length} changes but sent ${sent.length} distinct mutations`);
    for (const [i, m] of made.entries()) {
      const s = sent[i];
      if (!s) break;
      const what = `device ${device} change #${i + 1} (${m.type} of ${m.entity})`;
      if (s.type !== m.type) {
        problems.push(`${what} went out as ${s.type} ${s.id}`);
        continue;
      }
      for (const [key, value] of Object.entries(m.expect)) {
        if (s.fields?.[key] !== value) problems.push(`${what}: mutation ${s.id} carries ${key}=${JSON.stringify(s.fields?.[key])}, the UI saved ${JSON.stringify(value)}`);
      }
      const known = entityIds.get(m.entity);
      if (known === undefined) entityIds.set(m.entity, s.entityId);
      else if (known !== s.entityId) problems.push(`${what}: mutation ${s.id} names entity ${s.entityId}, earlier changes named ${known}`);
      madeByMutation.set(s.id, m);
    }
  }

  const sentIds = new Set(input.sent.map((s) => s.id));
  const serverById = groupBy(input.server, (m) => m.id);
  const outboxBySeq = groupBy(input.outbox, (e) => String(e.seq));
  const madeByEvent = new Map<string, MadeChange>();
  for (const s of input.sent) {
    const rows = serverById.get(s.id) ?? [];
    if (rows.length !== 1) {
      problems.push(`mutation ${s.id} (${s.type}) is on the server ${rows.length} times`);
      continue;
    }
    const row = rows[0]!;
    if (row.status !== 'applied' || row.seq === null) {
      problems.push(`mutation ${s.id} (${s.type}) ended ${row.status} on the server`);
      continue;
    }
    const events = outboxBySeq.get(String(row.seq)) ?? [];
    const expected = EVENT_OF[s.type as ChangeType];
    if (events.length !== 1 || events[0]!.entityId !== s.entityId || events[0]!.event !== expected) {
      problems.push(`mutation ${s.id} (${s.type} of ${s.entityId}, store change ${row.seq}) has ${events.map((e) => `${e.event} of ${e.entityId}`).join(', ') || 'no event'} in the outbox, not one ${expected}`);
      continue;
    }
    const change = madeByMutation.get(s.id);
    if (change) madeByEvent.set(events[0]!.id, change);
  }
  for (const m of input.server) if (!sentIds.has(m.id)) problems.push(`the server applied mutation ${m.id} (${m.type}), which no device sent`);
  if (input.outbox.length !== input.made.length) problems.push(`the devices made ${input.made.length} changes but the outbox holds ${input.outbox.length} events`);
  return { problems, madeByEvent, entityIds };
}

/** A client or appointment row as the server holds it at the end. */
export interface ServerRow {
  id: string;
  [field: string]: string | number;
}

/**
 * The server's rows are what the devices last made: for each of the driver's entities, the fields
 * of its changes folded in order (a cancel sets the status) match the row with its entity id.
 */
export function judgeRows(made: readonly MadeChange[], entityIds: ReadonlyMap<string, string>, rows: readonly ServerRow[]): string[] {
  const problems: string[] = [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const expected = new Map<string, Record<string, string | number>>();
  for (const m of made) {
    const fields = { ...expected.get(m.entity), ...m.expect, ...(m.type === 'appointment.cancel' ? { status: 'cancelled' } : {}) };
    expected.set(m.entity, fields);
  }
  for (const [entity, fields] of expected) {
    const id = entityIds.get(entity);
    const row = id === undefined ? undefined : byId.get(id);
    if (!row) {
      problems.push(`${entity} (${id ?? 'never sent'}) is not on the server`);
      continue;
    }
    for (const [key, value] of Object.entries(fields)) {
      if (row[key] !== value) problems.push(`${entity} (${id}) has ${key}=${JSON.stringify(row[key])} on the server; the device last saved ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

export interface DeliveryIncidents {
  /** Events a SIGKILLed worker held (leased) when it died: it may have sent them and recorded nothing. */
  killedHeld: ReadonlySet<string>;
  /** When an attempt's record could be lost (the database restarting): Connect may have got it all the same. */
  recordsLost: readonly Span[];
}

export interface DeliveryCounts {
  events: number;
  delivered: number;
  duplicatesSuppressed: number;
  attempts: number;
  failedAttempts: number;
  /** Arrivals at Connect with no record, each explained by a killed worker or the database restart. */
  unrecordedArrivals: number;
}

export interface DeliveryVerdict {
  counts: DeliveryCounts;
  /** The first time Connect applied each event (a non-duplicate arrival). */
  firstApplied: Map<string, number>;
  problems: string[];
}

/**
 * Judges the deliveries of the store `storeId`:
 * - every outbox event is `done` and was applied at Connect exactly once (a repeat is answered as a
 *   duplicate, never applied again), with a valid signature, and Connect saw nothing else;
 * - per entity, Connect applied the events in the order of their store sequence;
 * - the delivery log agrees with Connect: each event has exactly one `delivered` record and no
 *   `dead` one; Connect had applied the event by the time that record's attempt ended; the log
 *   never shows more 2xx answers than Connect gave for the event; and Connect saw no more arrivals
 *   of an event than the log has attempts, except one per event a SIGKILLed worker held when it
 *   died and those that arrived while the database was restarting (their attempts could not be
 *   recorded; the event's lease then ran out and another attempt delivered it).
 */
export function judgeDeliveries(input: { storeId: string; events: readonly OutboxEvent[]; records: readonly DeliveryRecord[]; arrivals: readonly Arrival[]; incidents: DeliveryIncidents; slackMs?: number }): DeliveryVerdict {
  const problems: string[] = [];
  const slackMs = input.slackMs ?? 1_000;
  const events = new Map(input.events.map((e) => [e.id, e]));
  const arrivals = [...input.arrivals].filter((a) => a.storeId === input.storeId).sort((a, b) => a.seq - b.seq);
  const byEvent = groupBy(arrivals, (a) => a.id ?? '');
  const logByEvent = groupBy(input.records, (r) => r.eventId);
  const recordMayBeLost = (at: number) => input.incidents.recordsLost.some((s) => at >= s.from && at <= s.to);
  const firstApplied = new Map<string, number>();
  let unrecorded = 0;

  for (const a of arrivals) {
    if (a.id === null || !events.has(a.id)) problems.push(`Connect received ${a.id ?? 'a webhook without an id'}, which is no outbox event of this store`);
    if (!a.signatureValid) problems.push(`arrival #${a.seq} of ${a.id} had an invalid signature`);
    if (!a.duplicate && a.status !== 200) problems.push(`arrival #${a.seq} of ${a.id} was refused by Connect (${a.status})`);
  }

  for (const e of input.events) {
    const what = `event ${e.id} (${e.event} of ${e.entityId}, store change ${e.seq})`;
    if (e.status !== 'done') problems.push(`${what} ended ${e.status}, not delivered`);
    const got = byEvent.get(e.id) ?? [];
    const applied = got.filter((a) => !a.duplicate && a.status === 200);
    if (applied.length === 0) problems.push(`${what} never reached Connect`);
    if (applied.length > 1) problems.push(`${what} was applied ${applied.length} times at Connect`);
    if (applied[0]) firstApplied.set(e.id, applied[0].receivedAt);

    const log = logByEvent.get(e.id) ?? [];
    const delivered = log.filter((r) => r.status === 'delivered');
    if (delivered.length !== 1) problems.push(`${what} has ${delivered.length} "delivered" records in the delivery log`);
    if (log.some((r) => r.status === 'dead')) problems.push(`${what} was dead-lettered`);
    for (const r of delivered) {
      const ended = r.sentAt + r.durationMs;
      if (!applied[0] || applied[0].receivedAt > ended + slackMs) problems.push(`${what} is recorded delivered at ${new Date(ended).toISOString()} but Connect had not applied it by then`);
    }
    const answered2xx = log.filter((r) => r.responseCode !== null && r.responseCode >= 200 && r.responseCode < 300).length;
    if (answered2xx > got.length) problems.push(`${what}: the log shows ${answered2xx} 2xx answers but Connect saw ${got.length} arrivals`);
    const extra = got.length - log.length;
    if (extra > 0) {
      const explained = (input.incidents.killedHeld.has(e.id) ? 1 : 0) + got.filter((a) => recordMayBeLost(a.receivedAt)).length;
      if (extra > explained) problems.push(`${what}: Connect saw ${got.length} arrivals but the log records ${log.length} attempts, and no killed worker or database restart explains the rest`);
      unrecorded += extra;
    }
  }

  // Order per entity: the first application of each event, in Connect's arrival order, follows seq.
  const applications = arrivals.filter((a) => a.id !== null && events.has(a.id) && !a.duplicate && a.status === 200);
  for (const [entityId, list] of groupBy(applications, (a) => events.get(a.id!)!.entityId)) {
    const seqs = list.map((a) => events.get(a.id!)!.seq);
    for (let i = 1; i < seqs.length; i++) {
      if (seqs[i]! <= seqs[i - 1]!) {
        problems.push(`entity ${entityId} was applied out of order: store changes ${seqs.join(', ')}`);
        break;
      }
    }
  }

  return {
    counts: {
      events: input.events.length,
      delivered: firstApplied.size,
      duplicatesSuppressed: arrivals.filter((a) => a.duplicate && a.id !== null && events.has(a.id)).length,
      attempts: input.records.length,
      failedAttempts: input.records.filter((r) => r.status !== 'delivered').length,
      unrecordedArrivals: unrecorded,
    },
    firstApplied,
    problems,
  };
}

/**
 * The longest time from `from` to `to` over the events both know: from a change being made on a
 * device to Connect first applying its event, or any leg of that way (made → in the outbox →
 * applied). Answers the time and the event.
 */
export function longestDelay(from: ReadonlyMap<string, number>, to: ReadonlyMap<string, number>): { ms: number; eventId: string | null } {
  let longest: { ms: number; eventId: string | null } = { ms: 0, eventId: null };
  for (const [eventId, start] of from) {
    const end = to.get(eventId);
    if (end !== undefined && end - start > longest.ms) longest = { ms: end - start, eventId };
  }
  return longest;
}

export interface CatchUp {
  /** Events recorded before the outage ended that Connect had not applied by then. */
  backlog: number;
  /** From the end of the outage until Connect had applied the whole backlog (0 when there was none). */
  ms: number;
  /** From the end of the outage until Connect applied the first of it: how soon delivery resumed. */
  resumeMs: number;
  /** A backlog event Connect never applied, if any (then `ms` is meaningless). */
  missing: number;
}

/** How long the backlog of an outage that ended at `endedAt` took to reach Connect. */
export function catchUpAfter(endedAt: number, events: readonly OutboxEvent[], firstApplied: ReadonlyMap<string, number>): CatchUp {
  let backlog = 0;
  let missing = 0;
  let last = endedAt;
  let first = Number.POSITIVE_INFINITY;
  for (const e of events) {
    if (e.createdAt > endedAt) continue;
    const applied = firstApplied.get(e.id);
    if (applied !== undefined && applied <= endedAt) continue;
    backlog += 1;
    if (applied === undefined) missing += 1;
    else {
      last = Math.max(last, applied);
      first = Math.min(first, applied);
    }
  }
  return { backlog, ms: last - endedAt, resumeMs: first === Number.POSITIVE_INFINITY ? 0 : first - endedAt, missing };
}

/**
 * How many of each series fell in each `bucketMs` from `start`, one bucket per entry:
 * "0–10 s made 57 recorded 40 applied 14 | 10–20 s …": shows where a backlog built up and drained.
 */
export function timeline(start: number, bucketMs: number, series: Readonly<Record<string, readonly number[]>>): string {
  const names = Object.keys(series);
  const end = Math.max(start, ...names.flatMap((n) => series[n]!));
  const buckets = Math.floor((end - start) / bucketMs) + 1;
  const counts = names.map((n) => {
    const c = Array<number>(buckets).fill(0);
    for (const t of series[n]!) if (t >= start) c[Math.floor((t - start) / bucketMs)]! += 1;
    return c;
  });
  const label = (ms: number) => `${ms / 1000}`;
  return Array.from({ length: buckets }, (_, b) => `${label(b * bucketMs)}–${label((b + 1) * bucketMs)} s ${names.map((n, i) => `${n} ${counts[i]![b]}`).join(' ')}`).join(' | ');
}

export interface SoakSummary {
  made: number;
  delivered: number;
  duplicatesSuppressed: number;
  maxDelayMs: number;
  catchUp: CatchUp;
  catchUpGoalMs: number;
  workerKills: number;
  databaseRestarts: number;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatSoakLine(s: SoakSummary): string {
  const verdict = s.catchUp.missing > 0 ? 'missed: part of it never arrived' : s.catchUp.ms <= s.catchUpGoalMs ? 'met' : 'missed';
  return (
    `soak: made ${s.made}, delivered ${s.delivered}, duplicates suppressed ${s.duplicatesSuppressed}, max delay ${secs(s.maxDelayMs)}, ` +
    `catch-up after the outage ${secs(s.catchUp.ms)} for a backlog of ${s.catchUp.backlog}, resumed after ${secs(s.catchUp.resumeMs)} (goal ${secs(s.catchUpGoalMs)}: ${verdict}), ` +
    `worker kills ${s.workerKills}, database restarts ${s.databaseRestarts}`
  );
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

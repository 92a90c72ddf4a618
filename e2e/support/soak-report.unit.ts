// Vitest (project e2e-support), not Playwright: Playwright would take a *.test.ts under e2e/ for a spec.
import { describe, expect, it } from 'vitest';
import {
  catchUpAfter,
  formatSoakLine,
  judgeDeliveries,
  judgeDevices,
  judgeRows,
  layeredRates,
  longestDelay,
  timeline,
  type Arrival,
  type DeliveryIncidents,
  type DeliveryRecord,
  type MadeChange,
  type OutboxEvent,
  type SentMutation,
  type ServerMutation,
  type ServerRow,
} from './soak-report';

const STORE = 'store_1';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const NO_INCIDENTS: DeliveryIncidents = { killedHeld: new Set(), recordsLost: [] };

describe('judgeDevices', () => {
  const made: MadeChange[] = [
    { device: 'A', type: 'client.create', entity: 'A client 0', expect: { name: 'Ana' }, at: T0 },
    { device: 'A', type: 'client.update', entity: 'A client 0', expect: { name: 'Ana B' }, at: T0 + 100 },
    { device: 'B', type: 'appointment.cancel', entity: 'B appt 0', expect: {}, at: T0 + 50 },
  ];
  const sent: SentMutation[] = [
    { device: 'A', id: 'm1', type: 'client.create', entityId: 'c1', fields: { name: 'Ana' } },
    { device: 'B', id: 'm3', type: 'appointment.cancel', entityId: 'a1' },
    { device: 'A', id: 'm2', type: 'client.update', entityId: 'c1', fields: { name: 'Ana B' } },
  ];
  const server: ServerMutation[] = [
    { id: 'm1', type: 'client.create', status: 'applied', seq: 10 },
    { id: 'm2', type: 'client.update', status: 'applied', seq: 12 },
    { id: 'm3', type: 'appointment.cancel', status: 'applied', seq: 11 },
  ];
  const ev = (id: string, entityId: string, seq: number, event: string): OutboxEvent => ({ id, entityType: 'client', entityId, seq, event, status: 'done', createdAt: T0 });
  const outbox = [ev('e1', 'c1', 10, 'client.created'), ev('e3', 'a1', 11, 'appointment.cancelled'), ev('e2', 'c1', 12, 'client.updated')];

  it('passes when each change went out once, in order, and was applied once with one event', () => {
    const v = judgeDevices({ made, sent, server, outbox });
    expect(v.problems).toEqual([]);
    expect(v.entityIds).toEqual(new Map([['A client 0', 'c1'], ['B appt 0', 'a1']]));
    expect(v.madeByEvent).toEqual(new Map([['e1', made[0]], ['e2', made[1]], ['e3', made[2]]]));
  });

  it('reports a change sent with other fields, another type, or naming another entity', () => {
    const wrong: SentMutation[] = [
      { device: 'A', id: 'm1', type: 'client.create', entityId: 'c1', fields: { name: 'Anna' } },
      { device: 'A', id: 'm2', type: 'client.update', entityId: 'c9', fields: { name: 'Ana B' } },
      { device: 'B', id: 'm3', type: 'appointment.update', entityId: 'a1' },
    ];
    const text = judgeDevices({ made, sent: wrong, server, outbox }).problems.join('\n');
    expect(text).toMatch(/change #1 \(client.create of A client 0\): mutation m1 carries name="Anna", the UI saved "Ana"/);
    expect(text).toMatch(/mutation m2 names entity c9, earlier changes named c1/);
    expect(text).toMatch(/device B change #1 \(appointment.cancel of B appt 0\) went out as appointment.update m3/);
  });

  it('reports a change that never left the device, a mutation lost or refused on the server, and one the server applied unasked', () => {
    const text = judgeDevices({
      made,
      sent: sent.slice(0, 2),
      server: [{ id: 'm1', type: 'client.create', status: 'refused', seq: null }, server[2]!, { id: 'mx', type: 'client.create', status: 'applied', seq: 13 }],
      outbox,
    }).problems.join('\n');
    expect(text).toMatch(/device A made 2 changes but sent 1 distinct mutations/);
    expect(text).toMatch(/mutation m1 \(client.create\) ended refused on the server/);
    expect(text).toMatch(/the server applied mutation mx \(client.create\), which no device sent/);
  });

  it('reports an applied mutation without exactly one matching outbox event, and an outbox of another size', () => {
    const text = judgeDevices({ made, sent, server, outbox: [outbox[0]!, ev('e3', 'a1', 11, 'appointment.updated')] }).problems.join('\n');
    expect(text).toMatch(/mutation m3 \(appointment.cancel of a1, store change 11\) has appointment.updated of a1 in the outbox, not one appointment.cancelled/);
    expect(text).toMatch(/mutation m2 .* has no event in the outbox/);
    expect(text).toMatch(/the devices made 3 changes but the outbox holds 2 events/);
  });
});

describe('judgeRows', () => {
  const made: MadeChange[] = [
    { device: 'A', type: 'appointment.create', entity: 'x', expect: { serviceName: 'Cut', scheduledAt: '2026-01-02T10:00:00.000Z' }, at: T0 },
    { device: 'A', type: 'appointment.update', entity: 'x', expect: { scheduledAt: '2026-01-02T11:00:00.000Z' }, at: T0 },
    { device: 'A', type: 'appointment.cancel', entity: 'x', expect: {}, at: T0 },
    { device: 'A', type: 'client.create', entity: 'y', expect: { name: 'Bo' }, at: T0 },
  ];
  const ids = new Map([
    ['x', 'a1'],
    ['y', 'c1'],
  ]);

  it('passes when each row holds what its device last saved', () => {
    const rows: ServerRow[] = [
      { id: 'a1', serviceName: 'Cut', scheduledAt: '2026-01-02T11:00:00.000Z', status: 'cancelled' },
      { id: 'c1', name: 'Bo' },
    ];
    expect(judgeRows(made, ids, rows)).toEqual([]);
  });

  it('reports a row holding an earlier version, and a row that is missing', () => {
    const problems = judgeRows(made, ids, [{ id: 'a1', serviceName: 'Cut', scheduledAt: '2026-01-02T10:00:00.000Z', status: 'scheduled' }]);
    expect(problems.join('\n')).toMatch(/x \(a1\) has scheduledAt="2026-01-02T10:00:00.000Z" on the server; the device last saved "2026-01-02T11:00:00.000Z"/);
    expect(problems.join('\n')).toMatch(/x \(a1\) has status="scheduled"/);
    expect(problems.join('\n')).toMatch(/y \(c1\) is not on the server/);
  });
});

describe('judgeDeliveries', () => {
  const ev = (id: string, entityId: string, seq: number, status = 'done'): OutboxEvent => ({ id, entityType: 'client', entityId, seq, event: 'client.updated', status, createdAt: T0 });
  let n = 0;
  const arr = (id: string, at: number, duplicate = false, extra: Partial<Arrival> = {}): Arrival => ({ seq: ++n, id, storeId: STORE, receivedAt: T0 + at, signatureValid: true, duplicate, status: 200, ...extra });
  const rec = (eventId: string, status: string, responseCode: number | null, sentAt: number, attempt = 1): DeliveryRecord => ({ eventId, status, responseCode, attempt, sentAt: T0 + sentAt, durationMs: 20 });
  const judge = (events: OutboxEvent[], records: DeliveryRecord[], arrivals: Arrival[], incidents = NO_INCIDENTS) => judgeDeliveries({ storeId: STORE, events, records, arrivals, incidents });

  it('passes a run with retries, a timeout Connect applied late, and the repeats suppressed as duplicates', () => {
    const events = [ev('e1', 'c1', 1), ev('e2', 'c1', 2)];
    // e1: a 500 (never reached the handler), then a timeout whose request Connect applied after the
    // worker gave up, then a retry Connect answered as a duplicate.
    const records = [rec('e1', 'retrying', 500, 0), rec('e1', 'retrying', null, 100, 2), rec('e1', 'delivered', 200, 2_200, 3), rec('e2', 'delivered', 200, 2_300)];
    const arrivals = [arr('e1', 2_150), arr('e1', 2_210, true), arr('e2', 2_310)];
    const v = judge(events, records, arrivals);
    expect(v.problems).toEqual([]);
    expect(v.counts).toEqual({ events: 2, delivered: 2, duplicatesSuppressed: 1, attempts: 4, failedAttempts: 2, unrecordedArrivals: 0 });
    expect(v.firstApplied).toEqual(new Map([['e1', T0 + 2_150], ['e2', T0 + 2_310]]));
  });

  it('reports a lost event, a dead letter, a double application and an entity applied out of order', () => {
    const events = [ev('e1', 'c1', 1), ev('e2', 'c1', 2), ev('e3', 'c2', 3, 'dead'), ev('e4', 'c3', 4)];
    const records = [rec('e1', 'delivered', 200, 10), rec('e2', 'delivered', 200, 0), rec('e3', 'dead', 400, 0), rec('e4', 'delivered', 200, 0), rec('e4', 'delivered', 200, 10)];
    const arrivals = [arr('e2', 5), arr('e1', 15), arr('e4', 5), arr('e4', 15)];
    const text = judge(events, records, arrivals).problems.join('\n');
    expect(text).toMatch(/event e3 .* ended dead, not delivered/);
    expect(text).toMatch(/event e3 .* never reached Connect/);
    expect(text).toMatch(/event e3 .* was dead-lettered/);
    expect(text).toMatch(/event e4 .* was applied 2 times at Connect/);
    expect(text).toMatch(/event e4 .* has 2 "delivered" records/);
    expect(text).toMatch(/entity c1 was applied out of order: store changes 2, 1/);
  });

  it('reports arrivals Connect refused or could not verify, and ones for events this store never had', () => {
    const arrivals = [arr('e1', 5, false, { signatureValid: false, status: 401 }), arr('e1', 10), arr('zz', 12)];
    const text = judge([ev('e1', 'c1', 1)], [rec('e1', 'retrying', 401, 0), rec('e1', 'delivered', 200, 8)], arrivals).problems.join('\n');
    expect(text).toMatch(/arrival #\d+ of e1 had an invalid signature/);
    expect(text).toMatch(/arrival #\d+ of e1 was refused by Connect \(401\)/);
    expect(text).toMatch(/Connect received zz, which is no outbox event of this store/);
  });

  it('reports a log that says delivered before Connect applied the event, or more 2xx answers than Connect gave', () => {
    const early = judge([ev('e1', 'c1', 1)], [rec('e1', 'delivered', 200, 0)], [arr('e1', 5_000)]).problems.join('\n');
    expect(early).toMatch(/event e1 .* is recorded delivered at .* but Connect had not applied it by then/);
    const more = judge([ev('e1', 'c1', 1)], [rec('e1', 'retrying', 200, 0), rec('e1', 'delivered', 200, 10)], [arr('e1', 15)]).problems.join('\n');
    expect(more).toMatch(/the log shows 2 2xx answers but Connect saw 1 arrivals/);
  });

  it('allows arrivals without a record only for events a killed worker held or that arrived while the database restarted', () => {
    const events = [ev('e1', 'c1', 1), ev('e2', 'c2', 2), ev('e3', 'c3', 3)];
    const records = [rec('e1', 'delivered', 200, 11_000), rec('e2', 'delivered', 200, 31_000), rec('e3', 'delivered', 200, 50_000)];
    const arrivals = [arr('e1', 500), arr('e1', 11_010, true), arr('e2', 20_500), arr('e2', 31_010, true), arr('e3', 40_000), arr('e3', 50_010, true)];
    const incidents: DeliveryIncidents = { killedHeld: new Set(['e1']), recordsLost: [{ from: T0 + 19_000, to: T0 + 21_000 }] };
    const v = judge(events, records, arrivals, incidents);
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0]).toMatch(/event e3 .* Connect saw 2 arrivals but the log records 1 attempts, and no killed worker or database restart explains the rest/);
    expect(v.counts.unrecordedArrivals).toBe(3);
  });

  it('ignores arrivals for other stores', () => {
    const v = judge([ev('e1', 'c1', 1)], [rec('e1', 'delivered', 200, 0)], [arr('e1', 5), { ...arr('x', 5), storeId: 'other' }]);
    expect(v.problems).toEqual([]);
  });
});

describe('longestDelay and catchUpAfter', () => {
  const ev = (id: string, createdAt: number): OutboxEvent => ({ id, entityType: 'client', entityId: id, seq: 1, event: 'client.created', status: 'done', createdAt: T0 + createdAt });

  it('takes the longest time from a change being made to Connect first applying it', () => {
    const made = new Map([['e1', T0], ['e2', T0 + 1_000], ['e3', T0]]);
    const applied = new Map([['e1', T0 + 500], ['e2', T0 + 9_000]]);
    expect(longestDelay(made, applied)).toEqual({ ms: 8_000, eventId: 'e2' });
    expect(longestDelay(made, new Map())).toEqual({ ms: 0, eventId: null });
  });

  it('measures the backlog of the outage from its end until the last of it was applied', () => {
    const events = [ev('before-applied', 0), ev('backlog-1', 1_000), ev('backlog-2', 2_000), ev('after', 12_000)];
    const applied = new Map([['before-applied', T0 + 500], ['backlog-1', T0 + 10_500], ['backlog-2', T0 + 16_200], ['after', T0 + 30_000]]);
    expect(catchUpAfter(T0 + 10_000, events, applied)).toEqual({ backlog: 2, ms: 6_200, resumeMs: 500, missing: 0 });
    expect(catchUpAfter(T0 + 10_000, events, new Map([['backlog-1', T0 + 11_000]]))).toEqual({ backlog: 3, ms: 1_000, resumeMs: 1_000, missing: 2 });
    expect(catchUpAfter(T0 + 100, [ev('none-yet', 200)], applied)).toEqual({ backlog: 0, ms: 0, resumeMs: 0, missing: 0 });
  });
});

describe('timeline', () => {
  it('counts each series per bucket from the start, leaving out what came before it', () => {
    const made = [T0 - 5, T0 + 100, T0 + 9_999, T0 + 10_000, T0 + 25_000];
    const applied = [T0 + 12_000];
    expect(timeline(T0, 10_000, { made, applied })).toBe('0–10 s made 2 applied 0 | 10–20 s made 1 applied 1 | 20–30 s made 1 applied 0');
  });
});

describe('formatSoakLine', () => {
  it('prints the counts, the delays and how the catch-up compares to its goal', () => {
    const base = { made: 2000, delivered: 2000, duplicatesSuppressed: 153, maxDelayMs: 71_240, catchUp: { backlog: 412, ms: 6_310, resumeMs: 2_060, missing: 0 }, catchUpGoalMs: 10_000, workerKills: 1, databaseRestarts: 1 };
    expect(formatSoakLine(base)).toBe(
      'soak: made 2000, delivered 2000, duplicates suppressed 153, max delay 71.2 s, catch-up after the outage 6.3 s for a backlog of 412, resumed after 2.1 s (goal 10.0 s: met), worker kills 1, database restarts 1',
    );
    expect(formatSoakLine({ ...base, catchUp: { ...base.catchUp, ms: 12_000 } })).toContain('12.0 s for a backlog of 412, resumed after 2.1 s (goal 10.0 s: missed)');
    expect(formatSoakLine({ ...base, catchUp: { ...base.catchUp, ms: 12_000, missing: 3 } })).toContain('(goal 10.0 s: missed: part of it never arrived)');
  });
});

describe('layeredRates', () => {
  it('turns shares of all requests into rates of what earlier first-match rules let through', () => {
    const rates = layeredRates([0.15, 0.15, 0.1, 0.05]);
    expect(rates[0]).toBeCloseTo(0.15);
    expect(rates[1]).toBeCloseTo(0.15 / 0.85);
    expect(rates[2]).toBeCloseTo(0.1 / 0.7);
    expect(rates[3]).toBeCloseTo(0.05 / 0.6);
  });
});

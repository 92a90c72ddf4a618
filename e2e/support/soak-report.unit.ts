// Vitest (project e2e-support), not Playwright: Playwright would take a *.test.ts under e2e/ for a spec.
import { describe, expect, it } from 'vitest';
import { formatSoakLine, judgeSoak, layeredRates, overlappingSends, type SoakArrival, type SoakDelivery, type SoakEvent } from './soak-report';

const STORE = 'store_1';
const ev = (id: string, entityId: string, seq: number, status = 'done'): SoakEvent => ({ id, entityType: 'client', entityId, seq, status, createdAt: '2026-01-01T00:00:00.000Z' });
let n = 0;
const arr = (id: string, entityId: string, duplicate = false, at = '2026-01-01T00:00:02.000Z'): SoakArrival => ({ seq: ++n, id, entityId, storeId: STORE, receivedAt: at, signatureValid: true, duplicate });
const ok = (eventId: string, attempt = 1): SoakDelivery => ({ eventId, status: 'delivered', responseCode: 200, attempt });
const failed = (eventId: string, attempt: number, responseCode: number | null = 500): SoakDelivery => ({ eventId, status: 'retrying', responseCode, attempt });

describe('judgeSoak', () => {
  it('passes a run where each event was applied once, in order, retries showing as suppressed duplicates', () => {
    const events = [ev('e1', 'c1', 1), ev('e2', 'c1', 2)];
    const arrivals = [arr('e1', 'c1'), arr('e1', 'c1', true), arr('e2', 'c1', false, '2026-01-01T00:00:05.500Z')];
    const deliveries = [failed('e1', 1, null), ok('e1', 2), ok('e2')];
    const v = judgeSoak({ made: 2, storeId: STORE, events, deliveries, arrivals, sends: [] });
    expect(v.problems).toEqual([]);
    expect(v.counts).toMatchObject({ made: 2, delivered: 2, duplicatesSuppressed: 1, maxDelayMs: 5500, attempts: 3, failedAttempts: 1 });
    expect(formatSoakLine(v.counts)).toBe('soak: made 2, delivered 2, duplicates suppressed 1, max delay 5.5 s');
  });

  it('reports a lost event, a dead event, a double application and an out-of-order entity', () => {
    const events = [ev('e1', 'c1', 1), ev('e2', 'c1', 2), ev('e3', 'c2', 1, 'dead'), ev('e4', 'c3', 1)];
    const arrivals = [arr('e2', 'c1'), arr('e1', 'c1'), arr('e4', 'c3'), arr('e4', 'c3')];
    const v = judgeSoak({ made: 4, storeId: STORE, events, deliveries: [ok('e1'), ok('e2'), ok('e4')], arrivals, sends: [] });
    expect(v.problems.join('\n')).toMatch(/e3 .*ended dead/);
    expect(v.problems.join('\n')).toMatch(/e3 never reached Connect/);
    expect(v.problems.join('\n')).toMatch(/e4 was applied 2 times/);
    expect(v.problems.join('\n')).toMatch(/entity c1 was applied out of order: seq 2, 1/);
  });

  it('reports a made count the outbox does not hold, a foreign arrival, a bad signature and a log that claims more answers than Connect saw', () => {
    const events = [ev('e1', 'c1', 1)];
    const arrivals = [{ ...arr('e1', 'c1'), signatureValid: false }, arr('zz', 'c9')];
    const v = judgeSoak({ made: 2, storeId: STORE, events, deliveries: [{ ...failed('e1', 1, 200) }, ok('e1', 2)], arrivals, sends: [] });
    const text = v.problems.join('\n');
    expect(text).toMatch(/made 2 changes but the outbox holds 1/);
    expect(text).toMatch(/received zz/);
    expect(text).toMatch(/invalid signature/);
    expect(text).toMatch(/log shows 2 answers from Connect but Connect saw 1/);
  });

  it('reports two senders of one event: the same attempt number twice, and overlapping sends from two tabs', () => {
    const events = [ev('e1', 'c1', 1)];
    const sends = [
      { tab: 'A', eventId: 'e1', start: 0, end: 100 },
      { tab: 'B', eventId: 'e1', start: 50, end: 120 },
    ];
    const v = judgeSoak({ made: 1, storeId: STORE, events, deliveries: [ok('e1', 1), failed('e1', 1)], arrivals: [arr('e1', 'c1'), arr('e1', 'c1', true)], sends });
    const text = v.problems.join('\n');
    expect(text).toMatch(/same attempt number twice/);
    expect(text).toMatch(/in flight from tab A and tab B at once/);
  });

  it('ignores arrivals for other stores', () => {
    const v = judgeSoak({ made: 1, storeId: STORE, events: [ev('e1', 'c1', 1)], deliveries: [ok('e1')], arrivals: [arr('e1', 'c1'), { ...arr('x', 'y'), storeId: 'other' }], sends: [] });
    expect(v.problems).toEqual([]);
  });
});

describe('overlappingSends', () => {
  it('allows a resend after the first send ended', () => {
    expect(overlappingSends([{ tab: 'A', eventId: 'e', start: 0, end: 10 }, { tab: 'B', eventId: 'e', start: 10, end: 20 }])).toEqual([]);
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

import type { DeliveryOutcome } from '@mango/connect-shared';
import { describe, expect, it } from 'vitest';
import { CLOSED, isUnreachable, stepCircuit, type CircuitPolicy } from './circuit.js';

const policy: CircuitPolicy = { openAfter: 3, firstProbeMs: 1_000, maxProbeMs: 4_000 };
const answer = (status: number | null): DeliveryOutcome => ({ ok: status !== null && status < 300, status, attempts: 1, durationMs: 1, retryable: status === null || status >= 500, bodyExcerpt: '' });

describe('a destination\'s circuit', () => {
  it('counts only answers that say the destination is down: 5xx, 408, 429, no answer', () => {
    expect([null, 500, 503, 408, 429].map((s) => isUnreachable(answer(s)))).toEqual([true, true, true, true, true]);
    expect([200, 204, 400, 401, 404, 410].map((s) => isUnreachable(answer(s)))).toEqual([false, false, false, false, false, false]);
  });

  it('opens after the set number of failures in a row, with a probe one interval later', () => {
    let c = CLOSED;
    for (let i = 0; i < 2; i++) c = stepCircuit(c, answer(503), 0, policy).next;
    expect(c).toMatchObject({ state: 'closed', failures: 2 });
    expect(stepCircuit(c, answer(null), 10_000, policy).next).toEqual({ state: 'open', failures: 3, probeAt: 11_000, probeIntervalMs: 1_000 });
  });

  it('waits twice as long after each failed probe, up to the cap', () => {
    let c = stepCircuit({ ...CLOSED, failures: 2 }, answer(503), 0, policy).next;
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      c = stepCircuit({ ...c, state: 'half_open' }, answer(503), 0, policy).next;
      waits.push(c.probeIntervalMs);
    }
    expect(waits).toEqual([2_000, 4_000, 4_000, 4_000]);
  });

  it('closes and heals on any answer that shows the destination is there, also a refusal', () => {
    const open = stepCircuit({ ...CLOSED, failures: 2 }, answer(500), 0, policy).next;
    expect(stepCircuit({ ...open, state: 'half_open' }, answer(200), 0, policy)).toEqual({ next: CLOSED, healed: true });
    expect(stepCircuit(open, answer(400), 0, policy)).toEqual({ next: CLOSED, healed: true });
    expect(stepCircuit({ ...CLOSED, failures: 1 }, answer(200), 0, policy).healed).toBe(true);
    expect(stepCircuit(CLOSED, answer(200), 0, policy).healed).toBe(false);
  });
});

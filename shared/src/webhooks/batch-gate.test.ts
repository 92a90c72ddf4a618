import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../types/index.js';
import { createBatchGate } from './batch-gate.js';

const answered: DeliveryOutcome = { ok: false, status: 503, attempts: 1, durationMs: 5, retryable: true, bodyExcerpt: '' };
const silent: DeliveryOutcome = { ok: false, status: null, attempts: 1, durationMs: 2000, retryable: true, bodyExcerpt: '', error: 'timed out' };

describe('createBatchGate', () => {
  it('goes on after one unanswered attempt and stops after two in a row', () => {
    const gate = createBatchGate(0);
    gate.record(silent);
    expect(gate.check(1)).toBeNull();
    gate.record(answered);
    gate.record(silent);
    expect(gate.check(2)).toBeNull();
    gate.record(silent);
    expect(gate.check(3)).toMatchObject({ kind: 'silence', reason: expect.stringMatching(/2 events in a row .* no answer .*timed out/) });
  });

  it('stops at once after a 410', () => {
    const gate = createBatchGate(0);
    gate.record({ ...answered, status: 410, retryable: false, gone: true });
    expect(gate.check(1)).toMatchObject({ kind: 'silence', reason: expect.stringMatching(/gone/) });
  });

  it('stops starting deliveries when the time budget is spent, whatever the answers', () => {
    const gate = createBatchGate(1000, { budgetMs: 500 });
    expect(gate.check(1499)).toBeNull();
    expect(gate.check(1500)).toMatchObject({ kind: 'budget', reason: expect.stringMatching(/budget/) });
  });
});

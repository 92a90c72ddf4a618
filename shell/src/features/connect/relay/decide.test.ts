import { RETRY_SCHEDULE_MS, type DeliveryOutcome } from '@mango/connect-shared';
import { describe, expect, it } from 'vitest';
import type { OutboxRecord } from '../../../db/types';
import { applyDecision, BATCH_MAX_BYTES, BATCH_MAX_EVENTS, decide, nextWakeAt, selectDue, toBatches, type SendResult } from './decide';

const NOW = 1_800_000_000_000;

function ev(entityId: string, seq: number, over: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id: `${entityId}-${seq}`,
    entityType: 'client',
    entityId,
    seq,
    payload: { event: 'client.updated', storeId: 's', timestamp: new Date(NOW).toISOString(), data: { id: entityId, name: '', email: '', phone: '', notes: '', createdAt: '', updatedAt: '' } },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: NOW,
    createdAt: new Date(NOW + seq).toISOString(),
    ...over,
  };
}

const outcome = (o: Partial<DeliveryOutcome>): SendResult => ({ type: 'outcome', outcome: { ok: false, status: 500, attempts: 1, durationMs: 10, retryable: true, bodyExcerpt: '', ...o } });

describe('selectDue', () => {
  it('never offers seq n+1 of an entity while seq n is pending, even when n is waiting for its retry', () => {
    const due = selectDue([ev('a', 1), ev('a', 0, { nextAttemptAt: NOW + 5000 }), ev('b', 0)], NOW);
    expect(due.map((e) => e.id)).toEqual(['b-0']);
  });

  it('lets later events of an entity go after a dead one', () => {
    const due = selectDue([ev('a', 0, { status: 'dead' }), ev('a', 1)], NOW);
    expect(due.map((e) => e.id)).toEqual(['a-1']);
  });

  it('offers one event per entity, oldest first, up to the limit', () => {
    const due = selectDue([ev('c', 0), ev('a', 0), ev('a', 1), ev('b', 0)], NOW, 2);
    expect(due).toHaveLength(2);
    expect(new Set(due.map((e) => e.entityId)).size).toBe(2);
  });

  it('wakes at the earliest head-of-entity retry', () => {
    expect(nextWakeAt([ev('a', 0, { nextAttemptAt: NOW + 300 }), ev('a', 1, { nextAttemptAt: NOW }), ev('b', 0, { nextAttemptAt: NOW + 900 })])).toBe(NOW + 300);
    expect(nextWakeAt([])).toBeNull();
  });
});

describe('decide', () => {
  it('marks a 2xx delivered', () => {
    expect(decide({ attempts: 0 }, outcome({ ok: true, status: 204, retryable: false }), NOW)).toEqual({ kind: 'delivered', attempts: 1 });
  });

  it('schedules a retry on a 500 using the retry schedule', () => {
    expect(decide({ attempts: 0 }, outcome({ status: 500 }), NOW)).toMatchObject({ kind: 'retry', attempts: 1, nextAttemptAt: NOW + RETRY_SCHEDULE_MS[1]! });
    expect(decide({ attempts: 2 }, outcome({ status: 503 }), NOW)).toMatchObject({ kind: 'retry', attempts: 3, nextAttemptAt: NOW + RETRY_SCHEDULE_MS[3]! });
  });

  it('follows a schedule given by the runtime config instead of the shared one, and dead-letters when it is spent', () => {
    const short = [0, 1000, 2000];
    expect(decide({ attempts: 0 }, outcome({ status: 500 }), NOW, short)).toMatchObject({ kind: 'retry', nextAttemptAt: NOW + 1000 });
    expect(decide({ attempts: 1 }, outcome({ status: 500 }), NOW, short)).toMatchObject({ kind: 'retry', nextAttemptAt: NOW + 2000 });
    expect(decide({ attempts: 2 }, outcome({ status: 500 }), NOW, short).kind).toBe('dead');
  });

  it('honours a Retry-After longer than the schedule', () => {
    expect(decide({ attempts: 0 }, outcome({ status: 429, retryAfterSeconds: 120 }), NOW)).toMatchObject({ kind: 'retry', nextAttemptAt: NOW + 120_000 });
  });

  it('dead-letters after the schedule is spent', () => {
    const last = RETRY_SCHEDULE_MS.length - 1;
    expect(decide({ attempts: last - 1 }, outcome({ status: 500 }), NOW).kind).toBe('retry');
    expect(decide({ attempts: last }, outcome({ status: 500 }), NOW)).toMatchObject({ kind: 'dead', attempts: last + 1, reason: expect.stringMatching(/schedule is spent/) });
  });

  it('dead-letters a non-retryable answer at once and deactivates on 410', () => {
    expect(decide({ attempts: 0 }, outcome({ status: 400, retryable: false }), NOW)).toMatchObject({ kind: 'dead', deactivateSubscription: false });
    expect(decide({ attempts: 0 }, outcome({ status: 410, retryable: false, gone: true }), NOW)).toMatchObject({ kind: 'dead', deactivateSubscription: true });
  });

  it('treats a 4xx from the edge API as permanent, but a network failure reaching it as retryable', () => {
    expect(decide({ attempts: 0 }, { type: 'api-error', status: 400, retryable: false, message: 'untrusted URL' }, NOW)).toMatchObject({ kind: 'dead' });
    expect(decide({ attempts: 0 }, { type: 'api-error', status: null, retryable: true, message: 'offline' }, NOW)).toMatchObject({ kind: 'retry' });
  });
});

describe('toBatches', () => {
  const one = () => 100;
  const items = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('spreads the due events evenly over the lanes', () => {
    expect(toBatches(items(10), 4, one).map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(toBatches(items(3), 4, one).map((b) => b.length)).toEqual([1, 1, 1]);
    expect(toBatches([], 4, one)).toEqual([]);
  });

  it('caps a batch at the edge API’s event limit', () => {
    const batches = toBatches(items(1000), 4, one);
    expect(Math.max(...batches.map((b) => b.length))).toBe(BATCH_MAX_EVENTS);
    expect(batches.flat()).toEqual(items(1000));
  });

  it('keeps a batch under the byte budget and sends an event too large for it alone', () => {
    const sizes = [BATCH_MAX_BYTES / 2, BATCH_MAX_BYTES / 2, 10, BATCH_MAX_BYTES * 2, 10];
    const batches = toBatches(items(5), 1, (i) => sizes[i]!);
    expect(batches).toEqual([[0, 1], [2], [3], [4]]);
  });
});

describe('applyDecision', () => {
  const at = new Date(NOW).toISOString();
  const failed = ev('c1', 0, { attempts: 2, lastError: 'Connect answered 503' });

  it('marks a delivered event done, stamps it, and drops the last error', () => {
    const next = applyDecision(failed, { kind: 'delivered', attempts: 3 }, at);
    expect(next).toMatchObject({ status: 'done', attempts: 3, doneAt: at });
    expect('lastError' in next).toBe(false);
    expect(next.payload).toBe(failed.payload);
  });

  it('keeps a retried or postponed event pending with its next time and reason', () => {
    expect(applyDecision(failed, { kind: 'retry', attempts: 3, nextAttemptAt: NOW + 5000, reason: 'Connect answered 500' }, at)).toMatchObject({ status: 'pending', attempts: 3, nextAttemptAt: NOW + 5000, lastError: 'Connect answered 500' });
    expect(applyDecision(failed, { kind: 'postponed', attempts: 2, nextAttemptAt: NOW, reason: 'skipped' }, at)).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: NOW, lastError: 'skipped' });
  });

  it('dead-letters with the reason and leaves the rest of the record alone', () => {
    const next = applyDecision(failed, { kind: 'dead', attempts: 9, reason: 'the retry schedule is spent', deactivateSubscription: false }, at);
    expect(next).toEqual({ ...failed, status: 'dead', attempts: 9, lastError: 'the retry schedule is spent' });
  });
});

import { describe, expect, it } from 'vitest';
import { client } from '../../test/fixtures.js';
import { readSyncAnswer } from './sync-answer.js';

const batch = { batchId: 'b1', entity: 'clients' as const, items: ['c1', 'c2', 'c3'].map((id) => ({ ...client, id })) };
const allSent = { batchId: 'b1', entity: 'clients', sent: 3, failedItems: [] };

describe('readSyncAnswer', () => {
  it.each([
    ['no body', undefined],
    ['{ ok: true }', { ok: true }],
    ['null', null],
    ['an array', [1, 2]],
    ['a string', 'accepted'],
    ['results that are not a list', { results: 'all good' }],
  ])('counts every item as sent for %s', (_what, answer) => {
    expect(readSyncAnswer(batch, answer)).toEqual(allSent);
  });

  it('takes our counts answer, ignoring its echo of batchId and entity', () => {
    expect(readSyncAnswer(batch, { batchId: 'other', entity: 'appointments', received: 3, created: 1, updated: 1, unchanged: 1 })).toEqual({
      ...allSent,
      counts: { received: 3, created: 1, updated: 1, unchanged: 1 },
    });
  });

  it('keeps only the counts that are whole, non-negative numbers', () => {
    expect(readSyncAnswer(batch, { received: 3, created: '3', updated: -1, unchanged: 1.5 })).toEqual({ ...allSent, counts: { received: 3 } });
  });

  it('reports items marked ok: false, once each, and only items of this batch', () => {
    const outcome = readSyncAnswer(batch, {
      results: [
        { id: 'c1', ok: false, error: 'email is taken' },
        { id: 'c1', ok: false, error: 'said twice' },
        { id: 'c2', ok: true },
        { id: 'not-in-batch', ok: false, error: 'x' },
        { id: 'c3', ok: 'false' },
        { ok: false },
        'c3',
      ],
    });
    expect(outcome.failedItems).toEqual([{ id: 'c1', message: 'email is taken' }]);
  });

  it('takes a reason from error.message, and says so when there is none', () => {
    const outcome = readSyncAnswer(batch, {
      results: [
        { id: 'c1', ok: false, error: { code: 'invalid', message: 'phone is not valid' } },
        { id: 'c2', ok: false },
        { id: 'c3', ok: false, error: '   ' },
      ],
    });
    expect(outcome.failedItems).toEqual([
      { id: 'c1', message: 'phone is not valid' },
      { id: 'c2', message: 'Mango Connect reported this item as not synced and gave no reason' },
      { id: 'c3', message: 'Mango Connect reported this item as not synced and gave no reason' },
    ]);
  });

  it('cuts a very long reason', () => {
    const [failed] = readSyncAnswer(batch, { results: [{ id: 'c1', ok: false, error: 'e'.repeat(5_000) }] }).failedItems;
    expect(failed!.message).toHaveLength(301);
    expect(failed!.message.endsWith('…')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { chunk, runSync, type SyncProgress } from './index.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const tick = () => new Promise((r) => setTimeout(r, 1));

describe('chunk', () => {
  it('splits into batches of 100 by default, the last one shorter', () => {
    const batches = chunk(range(250));
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(range(250));
  });
  it('returns no batches for no items, and refuses a size below 1', () => {
    expect(chunk([])).toEqual([]);
    expect(chunk(range(3), 1)).toEqual([[0], [1], [2]]);
    expect(() => chunk(range(3), 0)).toThrow(RangeError);
  });
});

describe('runSync', () => {
  it('sends every item once, in batches, and reports them synced', async () => {
    const seen: number[][] = [];
    const report = await runSync({ items: range(250), send: async (b) => { seen.push(b); } });
    expect(report).toEqual({ total: 250, synced: 250, failed: 0, errors: [] });
    expect(seen.map((b) => b.length).sort()).toEqual([100, 100, 50]);
    expect(seen.flat().sort((a, b) => a - b)).toEqual(range(250));
  });

  it('never has more batches in flight than the concurrency bound', async () => {
    let inFlight = 0;
    let peak = 0;
    const report = await runSync({
      items: range(20), batchSize: 2, concurrency: 3,
      send: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick();
        await tick();
        inFlight--;
      },
    });
    expect(report.synced).toBe(20);
    expect(peak).toBe(3);
  });

  it('retries a failing batch and succeeds when a retry works', async () => {
    const attempts = new Map<number, number>();
    const report = await runSync({
      items: range(6), batchSize: 2, retries: 2, retryDelayMs: 1,
      send: async (_b, i) => {
        const n = (attempts.get(i) ?? 0) + 1;
        attempts.set(i, n);
        if (i === 1 && n < 3) throw new Error('503 from Connect');
      },
    });
    expect(report).toEqual({ total: 6, synced: 6, failed: 0, errors: [] });
    expect(attempts.get(1)).toBe(3);
    expect(attempts.get(0)).toBe(1);
  });

  it('counts a batch that keeps failing instead of throwing, and carries on with the rest', async () => {
    let calls = 0;
    const report = await runSync({
      items: range(5), batchSize: 2, retries: 1, retryDelayMs: 1,
      send: async (_b, i) => {
        calls++;
        if (i === 1) throw new Error('invalid item');
      },
    });
    expect(report.total).toBe(5);
    expect(report.synced).toBe(3);
    expect(report.failed).toBe(2);
    expect(report.errors).toEqual([{ batchIndex: 1, message: '2 item(s) failed after 2 attempt(s): invalid item' }]);
    expect(calls).toBe(4);
  });

  it('skips checkpointed batches, counts them synced and saves a checkpoint for each new one', async () => {
    const sent: number[] = [];
    const saved: number[] = [];
    const report = await runSync({
      items: range(10), batchSize: 2, completedBatches: new Set([0, 2]),
      send: async (_b, i) => { sent.push(i); },
      onBatchDone: async (i) => { await tick(); saved.push(i); },
    });
    expect(sent.sort()).toEqual([1, 3, 4]);
    expect(saved.sort()).toEqual([1, 3, 4]);
    expect(report).toEqual({ total: 10, synced: 10, failed: 0, errors: [] });
  });

  it('counts a batch whose checkpoint could not be saved as failed, so a resume resends it', async () => {
    const report = await runSync({
      items: range(4), batchSize: 2,
      send: async () => undefined,
      onBatchDone: (i) => { if (i === 1) throw new Error('disk full'); },
    });
    expect(report.synced).toBe(2);
    expect(report.failed).toBe(2);
    expect(report.errors[0]!.message).toContain('disk full');
  });

  it('reports progress up to the total, including failures', async () => {
    const updates: SyncProgress[] = [];
    await runSync({
      items: range(5), batchSize: 2, concurrency: 1, retries: 0,
      send: async (_b, i) => { if (i === 2) throw new Error('x'); },
      onProgress: (p) => updates.push(p),
    });
    expect(updates).toEqual([
      { done: 2, total: 5, failed: 0 },
      { done: 4, total: 5, failed: 0 },
      { done: 5, total: 5, failed: 1 },
    ]);
  });

  it('stops starting batches when aborted and reports the unsent ones as failed', async () => {
    const controller = new AbortController();
    const sent: number[] = [];
    const report = await runSync({
      items: range(10), batchSize: 2, concurrency: 1, signal: controller.signal,
      send: async (_b, i) => {
        sent.push(i);
        if (i === 1) controller.abort();
      },
    });
    expect(sent).toEqual([0, 1]);
    expect(report.synced).toBe(4);
    expect(report.failed).toBe(6);
    expect(report.errors.map((e) => e.batchIndex)).toEqual([2, 3, 4]);
  });

  it('does nothing for no items', async () => {
    await expect(runSync({ items: [], send: async () => { throw new Error('not called'); } })).resolves.toEqual({
      total: 0, synced: 0, failed: 0, errors: [],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles from one second and stops at the ceiling', () => {
    const top = (n: number) => retryDelayMs(n, { random: () => 1 });
    expect([1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('waits at least half the step, so a jittered retry is never immediate', () => {
    expect(retryDelayMs(3, { random: () => 0 })).toBe(2000);
    expect(retryDelayMs(50, { random: () => 0, maxMs: 10_000 })).toBe(5000);
  });
});

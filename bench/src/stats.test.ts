import { describe, expect, it } from 'vitest';
import { median, percentile } from './stats.js';

describe('stats', () => {
  it('takes the nearest-rank median of an odd and an even sample', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
  });
  it('puts p99 of 100 values at the 99th smallest', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
  });
  it('refuses an empty sample', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

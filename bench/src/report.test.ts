import { describe, expect, it } from 'vitest';
import { evaluate, formatLine } from './report.js';

describe('report', () => {
  it('meets a ratio ceiling at the limit and misses just above it', () => {
    const base = { name: 'x', unit: 'KB', baseline: 100, baselineIs: 'b' };
    expect(evaluate({ ...base, value: 150, goal: { on: 'ratio', atMost: 1.5 } }).met).toBe(true);
    expect(evaluate({ ...base, value: 151, goal: { on: 'ratio', atMost: 1.5 } }).met).toBe(false);
  });
  it('holds a throughput to a ratio floor and a count to an exact value', () => {
    expect(evaluate({ name: 't', unit: 'events/s', value: 40, baseline: 100, baselineIs: 'b', goal: { on: 'ratio', atLeast: 0.5 } }).met).toBe(false);
    expect(evaluate({ name: 'c', unit: 'copies', value: 2, baseline: 1, baselineIs: 'b', goal: { on: 'value', equals: 1 } }).met).toBe(false);
  });
  it('prints one line with the baseline, the ratio and the verdict', () => {
    const line = formatLine(evaluate({ name: 'shell initial JS (gzip)', value: 120, unit: 'KB', baseline: 80, baselineIs: 'b', goal: { on: 'ratio', atMost: 1.5 } }));
    expect(line).toBe('shell initial JS (gzip): 120 KB (baseline: 80, ratio: 1.50) GOAL MET [ratio ≤ 1.5]');
  });
  it('marks figures without a goal as INFO', () => {
    expect(formatLine(evaluate({ name: 'sdk', value: 12, unit: 'ms', baseline: 6, baselineIs: 'b' }))).toMatch(/ratio: 2\) INFO$/);
  });
});

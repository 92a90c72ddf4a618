import { describe, expect, it } from 'vitest';
import { isRetryableStatus, nextRetryDelayMs, parseRetryAfter, RETRY_SCHEDULE_MS } from './retry.js';

describe('retry schedule', () => {
  it('is immediate, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(RETRY_SCHEDULE_MS).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(Object.isFrozen(RETRY_SCHEDULE_MS)).toBe(true);
  });

  it('gives the delay before the next attempt after n failures', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => nextRetryDelayMs(n))).toEqual([...RETRY_SCHEDULE_MS]);
  });

  it('dead-letters after the 8th failed attempt', () => {
    expect(nextRetryDelayMs(8)).toBeNull();
    expect(nextRetryDelayMs(20)).toBeNull();
  });

  it('waits for Retry-After when it is longer than the schedule, and not when shorter', () => {
    expect(nextRetryDelayMs(1, { retryAfterSeconds: 120 })).toBe(120_000);
    expect(nextRetryDelayMs(2, { retryAfterSeconds: 120 })).toBe(300_000);
    expect(nextRetryDelayMs(8, { retryAfterSeconds: 1 })).toBeNull();
  });

  it('adds at most 10 % jitter from the given random source, and none by default', () => {
    expect(nextRetryDelayMs(2, { random: () => 0 })).toBe(300_000);
    expect(nextRetryDelayMs(2, { random: () => 0.5 })).toBe(315_000);
    expect(nextRetryDelayMs(2, { random: () => 0.999 })).toBeLessThan(330_000);
  });

  it('follows a custom schedule', () => {
    expect(nextRetryDelayMs(1, { schedule: [0, 10] })).toBe(10);
    expect(nextRetryDelayMs(2, { schedule: [0, 10] })).toBeNull();
  });

  it('refuses a negative or fractional attempt count', () => {
    expect(() => nextRetryDelayMs(-1)).toThrow(RangeError);
    expect(() => nextRetryDelayMs(1.5)).toThrow(RangeError);
  });
});

describe('isRetryableStatus', () => {
  it('retries no response, 408, 429 and 5xx; not 2xx, 3xx, other 4xx or 410', () => {
    for (const s of [null, 408, 429, 500, 502, 503, 504, 599]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [200, 301, 302, 400, 401, 403, 404, 410, 413, 422]) expect(isRetryableStatus(s)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
  });
});

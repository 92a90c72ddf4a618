import { describe, expect, it } from 'vitest';
import { formatWhen, formatWhenExact } from './sync-format.js';

describe('timestamps for people', () => {
  const at = new Date(2026, 10, 25, 14, 3, 21).toISOString();

  it('shows a moment to the minute, or "Never"', () => {
    expect(formatWhen(at, 'en-GB')).toBe('25 Nov 2026, 14:03');
    expect(formatWhen(undefined)).toBe('Never');
  });
  it('shows a moment to the second when seconds matter', () => {
    expect(formatWhenExact(at, 'en-GB')).toBe('25 Nov 2026, 14:03:21');
  });
  it('shows a value that is not a time as it came', () => {
    expect(formatWhenExact('soon')).toBe('soon');
  });
});

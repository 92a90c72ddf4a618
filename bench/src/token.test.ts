import { describe, expect, it } from 'vitest';
import { serverTimingMs } from './token.js';

describe('serverTimingMs', () => {
  it('reads the total from a Server-Timing header, wherever it is in the list', () => {
    expect(serverTimingMs('total;dur=0.4;desc="Biz edge API"')).toBe(0.4);
    expect(serverTimingMs('db;dur=3, total;dur=12.5')).toBe(12.5);
  });

  it('answers null when there is no total to read', () => {
    expect(serverTimingMs(null)).toBeNull();
    expect(serverTimingMs('db;dur=3')).toBeNull();
    expect(serverTimingMs('subtotal;dur=3')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { createSandboxState } from '../state.js';
import { isExpiredByAdmin, noteTokenSeen } from './token-expiry.js';

describe('admin token expiry', () => {
  const cutoff = Date.parse('2030-01-01T00:00:10.500Z');
  const sec = (iso: string) => Date.parse(iso) / 1000;

  it('is off until expire-tokens is called', () => {
    expect(isExpiredByAdmin(createSandboxState(), 't', 0)).toBe(false);
  });

  it('expires tokens whose whole issue second is before the cut-off, not later ones', () => {
    const state = { ...createSandboxState(), tokensExpiredBeforeMs: cutoff };
    expect(isExpiredByAdmin(state, 'a', sec('2030-01-01T00:00:09Z'))).toBe(true);
    expect(isExpiredByAdmin(state, 'b', sec('2030-01-01T00:00:11Z'))).toBe(false);
  });

  it('within the cut-off second, expires only tokens the sandbox saw before it', () => {
    const state = createSandboxState();
    noteTokenSeen(state, 'seen-before', cutoff - 100);
    state.tokensExpiredBeforeMs = cutoff;
    const sameSecond = sec('2030-01-01T00:00:10Z');
    expect(isExpiredByAdmin(state, 'seen-before', sameSecond)).toBe(true);
    expect(isExpiredByAdmin(state, 'minted-after', sameSecond)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isCompatibleContract, SHELL_CONTRACT_VERSION } from './contract.js';

describe('isCompatibleContract', () => {
  it('accepts a remote built against the same major', () => {
    expect(isCompatibleContract('1.9.0', '1.0.0')).toBe(true);
  });
  it('refuses a remote built against another major', () => {
    expect(isCompatibleContract('2.0.0', '1.0.0')).toBe(false);
  });
  it('checks against the current version by default', () => {
    expect(isCompatibleContract(SHELL_CONTRACT_VERSION)).toBe(true);
  });
  it('is 1.3: a minor step from 1.2, so remotes built against 1.2, 1.1 and 1.0 still load', () => {
    expect(SHELL_CONTRACT_VERSION).toBe('1.3.0');
    expect(isCompatibleContract('1.2.0')).toBe(true);
    expect(isCompatibleContract('1.1.0')).toBe(true);
    expect(isCompatibleContract('1.0.0')).toBe(true);
  });
});

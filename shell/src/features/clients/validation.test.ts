import { describe, expect, it } from 'vitest';
import { matchesClientSearch, validateClient } from './validation';

const base = { name: 'Zoë Test', email: '', phone: '', notes: '' };

describe('client form validation', () => {
  it('requires a name', () => {
    expect(validateClient({ ...base, name: '   ' }).name).toMatch(/name is required/i);
  });
  it('asks for a valid email only when one is given', () => {
    expect(validateClient(base)).toEqual({});
    expect(validateClient({ ...base, email: 'not-an-email' }).email).toMatch(/valid email/i);
    expect(validateClient({ ...base, email: 'zoe.pw@example.com' }).email).toBeUndefined();
  });
  it('refuses letters in a phone number', () => {
    expect(validateClient({ ...base, phone: 'call me' }).phone).toBeDefined();
    expect(validateClient({ ...base, phone: '+1 555 0100' }).phone).toBeUndefined();
  });
});

describe('client search', () => {
  it('matches names regardless of case and accents', () => {
    expect(matchesClientSearch({ name: 'Zoë Playwright-Test', email: '', phone: '' }, 'zoe playwright')).toBe(true);
    expect(matchesClientSearch({ name: 'Zoë Playwright-Test', email: '', phone: '' }, 'Zoë Playwright')).toBe(true);
    expect(matchesClientSearch({ name: 'Ada', email: 'ada@example.com', phone: '+1 555 0100' }, '5550100')).toBe(true);
    expect(matchesClientSearch({ name: 'Ada', email: '', phone: '' }, 'grace')).toBe(false);
  });
});

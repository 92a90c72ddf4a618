import { ClientFieldsSchema, LIMITS } from '@mango/connect-shared';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { matchesClientSearch, normaliseClient, validateClient } from './validation';

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

  it('accepts exactly what the server accepts, at and around every limit', () => {
    const cases = [
      base,
      { ...base, name: 'n'.repeat(LIMITS.clientName) },
      { ...base, name: 'n'.repeat(LIMITS.clientName + 1) },
      { ...base, name: `  ${'n'.repeat(LIMITS.clientName)}  ` },
      { ...base, email: `${'e'.repeat(LIMITS.email - 12)}@example.com` },
      { ...base, email: `${'e'.repeat(LIMITS.email - 11)}@example.com` },
      { ...base, email: 'a@b.c' },
      { ...base, email: ' ada@example.com ' },
      { ...base, phone: '1234' },
      { ...base, phone: '12345' },
      { ...base, phone: '1'.repeat(LIMITS.phone) },
      { ...base, phone: '1'.repeat(LIMITS.phone + 1) },
      { ...base, phone: '+44 (20) 7946.0018' },
      { ...base, notes: 'x'.repeat(LIMITS.notes) },
      { ...base, notes: 'x'.repeat(LIMITS.notes + 1) },
    ];
    for (const values of cases) {
      const formAccepts = Object.keys(validateClient(values)).length === 0;
      const serverAccepts = v.safeParse(ClientFieldsSchema, normaliseClient(values)).success;
      expect({ values, formAccepts }).toEqual({ values, formAccepts: serverAccepts });
    }
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

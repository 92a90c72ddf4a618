import { describe, expect, it } from 'vitest';
import {
  assertSecret, ConnectApiError, ConnectConfigError, ConnectError, ConnectTokenError, ConnectValidationError,
  WebhookVerificationError,
} from './errors.js';

describe('typed errors', () => {
  it('carry a static and an instance code, and are ConnectErrors', () => {
    const cases: [ConnectError, { code: string }, string][] = [
      [new ConnectConfigError('x'), ConnectConfigError, 'ERR_CONNECT_CONFIG'],
      [new ConnectTokenError('expired', 'x'), ConnectTokenError, 'ERR_CONNECT_TOKEN'],
      [new WebhookVerificationError('id_missing', 'x'), WebhookVerificationError, 'ERR_WEBHOOK_VERIFICATION'],
      [new ConnectApiError({ kind: 'timeout', status: null, message: 'x' }), ConnectApiError, 'ERR_CONNECT_API'],
      [new ConnectValidationError('x', []), ConnectValidationError, 'ERR_CONNECT_VALIDATION'],
    ];
    for (const [err, cls, code] of cases) {
      expect(err).toBeInstanceOf(ConnectError);
      expect(err).toBeInstanceOf(Error);
      expect(err.code).toBe(code);
      expect(cls.code).toBe(code);
      expect(err.name).toBe((cls as unknown as { name: string }).name);
    }
  });

  it('keep reason, kind, status and body excerpt as data', () => {
    expect(new ConnectTokenError('alg', 'm').reason).toBe('alg');
    const api = new ConnectApiError({ kind: 'http', status: 503, bodyExcerpt: 'busy', message: 'm' });
    expect([api.kind, api.status, api.bodyExcerpt]).toEqual(['http', 503, 'busy']);
    expect(new ConnectValidationError('Bad batch', ['items: too many']).message).toBe('Bad batch: items: too many');
  });
});

describe('assertSecret', () => {
  it('returns a long enough secret', () => {
    expect(assertSecret('S', 'x'.repeat(32))).toBe('x'.repeat(32));
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(assertSecret('S', 'é'.repeat(16))).toBe('é'.repeat(16));
    expect(() => assertSecret('S', 'é'.repeat(15))).toThrow('S must be at least 32 bytes (got 30)');
  });

  it('names the variable when it is missing or short', () => {
    expect(() => assertSecret('MANGO_CONNECT_JWT_SECRET', undefined)).toThrow(/MANGO_CONNECT_JWT_SECRET is not set/);
    expect(() => assertSecret('MANGO_CONNECT_JWT_SECRET', 'a'.repeat(12))).toThrow(
      new ConnectConfigError('MANGO_CONNECT_JWT_SECRET must be at least 32 bytes (got 12)'),
    );
    expect(() => assertSecret('X', 'a'.repeat(10), 8)).not.toThrow();
  });
});

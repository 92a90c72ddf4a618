import { afterEach, describe, expect, it, vi } from 'vitest';
import { SESSION_TTL_SECONDS, signSessionToken, verifySessionToken } from './session-token.js';

const SECRET = 'session-secret-for-tests-0123456789abcdef';
const claims = { sessionId: 'sess_1', memberId: 'm_owner', storeId: 'store_demo_001' };
const T0 = Date.parse('2026-12-01T10:00:00Z');

afterEach(() => vi.restoreAllMocks());

describe('session tokens', () => {
  it('answers the claims of a token it signed, and checks the MAC once while the token lives', async () => {
    const token = await signSessionToken(claims, SECRET, T0);
    const verify = vi.spyOn(globalThis.crypto.subtle, 'verify');
    expect(await verifySessionToken(token, SECRET, T0 + 1_000)).toEqual(claims);
    expect(await verifySessionToken(token, SECRET, T0 + 60_000)).toEqual(claims);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a token once it has expired, even one verified while it was valid', async () => {
    const token = await signSessionToken(claims, SECRET, T0);
    const expiry = T0 + SESSION_TTL_SECONDS * 1000;
    expect(await verifySessionToken(token, SECRET, expiry - 1_000)).toEqual(claims);
    expect(await verifySessionToken(token, SECRET, expiry)).toBeNull();
    expect(await verifySessionToken(token, SECRET, expiry - 1_000)).toEqual(claims);
  });

  it('refuses a verified token under another secret', async () => {
    const token = await signSessionToken(claims, SECRET, T0);
    expect(await verifySessionToken(token, SECRET, T0)).toEqual(claims);
    expect(await verifySessionToken(token, `${SECRET}-rotated`, T0)).toBeNull();
  });

  it('refuses a forged or altered token every time', async () => {
    const token = await signSessionToken(claims, SECRET, T0);
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ storeId: 'store_other', sub: 'm_owner', jti: 'sess_1', iss: 'mango-biz-edge', aud: 'mango-biz-session', iat: T0 / 1000, exp: T0 / 1000 + 3600 })).toString('base64url');
    const altered = `${header}.${payload}.${signature}`;
    const forged = await signSessionToken(claims, 'not-the-secret', T0);
    for (let i = 0; i < 2; i++) {
      expect(await verifySessionToken(altered, SECRET, T0)).toBeNull();
      expect(await verifySessionToken(forged, SECRET, T0)).toBeNull();
      expect(await verifySessionToken('not a jwt', SECRET, T0)).toBeNull();
    }
  });
});

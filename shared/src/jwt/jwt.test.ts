import jsonwebtoken from 'jsonwebtoken';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ConnectConfigError, ConnectTokenError } from '../errors.js';
import { JWT_SECRET, member, store } from '../../test/fixtures.js';
import { connectTokenClaims, decodeConnectToken, generateConnectToken, isTokenExpired, refreshDelayMs, verifyConnectToken } from './index.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;

async function rejectionOf(p: Promise<unknown>): Promise<ConnectTokenError> {
  const err = await p.then(
    () => { throw new Error('expected a rejection'); },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectTokenError);
  return err as ConnectTokenError;
}

/** A token with the right claims, signed by hand so the tests can bend one thing at a time. */
function handSigned(overrides: Record<string, unknown>, secret = JWT_SECRET, alg = 'HS256') {
  return new SignJWT({
    storeId: 'store_1', tenantId: 'tenant_1', memberId: 'mem_1', memberEmail: 'ana@lotus.example',
    memberName: 'Ana Pham', role: 'manager', permissions: [], iss: 'mango-biz', aud: 'mango-connect',
    iat: NOW_S, exp: NOW_S + 3600, ...overrides,
  })
    .setProtectedHeader({ alg })
    .sign(new TextEncoder().encode(secret));
}

describe('generateConnectToken', () => {
  it('mints a token the independent jsonwebtoken library verifies, with every contract claim', async () => {
    const token = await generateConnectToken(store, member, JWT_SECRET, { now: NOW, jti: 'jti-1' });
    const claims = jsonwebtoken.verify(token, JWT_SECRET, {
      algorithms: ['HS256'], audience: 'mango-connect', issuer: 'mango-biz', clockTimestamp: NOW_S,
    });
    expect(claims).toEqual({
      storeId: 'store_1', tenantId: 'tenant_1', memberId: 'mem_1', memberEmail: 'ana@lotus.example',
      memberName: 'Ana Pham', role: 'manager', permissions: ['clients.read', 'messages.send'],
      iat: NOW_S, exp: NOW_S + 3600, iss: 'mango-biz', aud: 'mango-connect', sub: 'mem_1', jti: 'jti-1',
    });
    expect(jsonwebtoken.decode(token, { complete: true })?.header.alg).toBe('HS256');
  });

  it('mints byte for byte the token jose\'s SignJWT makes of the same claims', async () => {
    const members: [typeof member, string][] = [[member, 'jti-1'], [{ ...member, name: 'Zoë Ðorđević 🌸', permissions: ['a', 'b'] }, 'jti-2']];
    for (const [who, jti] of members) {
      const opts = { now: NOW, jti };
      const ours = await generateConnectToken(store, who, JWT_SECRET, opts);
      const jose = await new SignJWT({ ...connectTokenClaims(store, who, opts) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(JWT_SECRET));
      expect(ours).toBe(jose);
    }
  });

  it('gives every token a distinct random jti by default', async () => {
    const a = decodeConnectToken(await generateConnectToken(store, member, JWT_SECRET));
    const b = decodeConnectToken(await generateConnectToken(store, member, JWT_SECRET));
    expect(a.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.jti).not.toBe(b.jti);
  });

  it('refuses a secret shorter than 32 bytes, naming the variable', async () => {
    await expect(generateConnectToken(store, member, 'short-secret')).rejects.toThrow(ConnectConfigError);
    await expect(generateConnectToken(store, member, 'short-secret')).rejects.toThrow(
      'MANGO_CONNECT_JWT_SECRET must be at least 32 bytes (got 12)',
    );
  });
});

describe('verifyConnectToken', () => {
  it('returns the claims of a token it minted (and jose agrees with jsonwebtoken)', async () => {
    const token = await generateConnectToken(store, member, JWT_SECRET, { now: NOW });
    const claims = await verifyConnectToken(token, JWT_SECRET, { now: NOW });
    expect(claims.memberId).toBe('mem_1');
    expect(claims.role).toBe('manager');
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it('accepts a token minted by jsonwebtoken with the contract claims', async () => {
    const token = jsonwebtoken.sign(
      { storeId: 's', tenantId: 't', memberId: 'm', memberEmail: 'm@x.example', memberName: 'M', role: 'staff', permissions: [], iat: NOW_S },
      JWT_SECRET,
      { algorithm: 'HS256', expiresIn: 3600, audience: 'mango-connect', issuer: 'mango-biz' },
    );
    await expect(verifyConnectToken(token, JWT_SECRET, { now: NOW })).resolves.toMatchObject({ memberId: 'm', role: 'staff' });
  });

  it('rejects a token signed with another secret (reason signature)', async () => {
    const forged = await generateConnectToken(store, member, 'another-secret-that-is-32-bytes-long!!', { now: NOW });
    expect((await rejectionOf(verifyConnectToken(forged, JWT_SECRET, { now: NOW }))).reason).toBe('signature');
  });

  it('rejects a token whose payload was altered after signing (reason signature)', async () => {
    const token = await generateConnectToken(store, member, JWT_SECRET, { now: NOW });
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.role = 'owner';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect((await rejectionOf(verifyConnectToken(tampered, JWT_SECRET, { now: NOW }))).reason).toBe('signature');
  });

  it('rejects an expired token (reason expired)', async () => {
    const token = await generateConnectToken(store, member, JWT_SECRET, { now: NOW });
    const later = NOW.getTime() + 3600_000 + 31_000;
    expect((await rejectionOf(verifyConnectToken(token, JWT_SECRET, { now: later }))).reason).toBe('expired');
  });

  it('accepts a token just past exp within the clock tolerance', async () => {
    const token = await generateConnectToken(store, member, JWT_SECRET, { now: NOW });
    await expect(verifyConnectToken(token, JWT_SECRET, { now: NOW.getTime() + 3600_000 + 10_000 })).resolves.toBeTruthy();
  });

  it('rejects an unsigned alg:none token (reason alg)', async () => {
    const none = new UnsecuredJWT({ storeId: 's', iat: NOW_S, exp: NOW_S + 3600 }).setIssuer('mango-biz').setAudience('mango-connect').encode();
    expect((await rejectionOf(verifyConnectToken(none, JWT_SECRET, { now: NOW }))).reason).toBe('alg');
  });

  it('rejects an HS512 token even with the right secret (reason alg)', async () => {
    const token = await handSigned({}, JWT_SECRET, 'HS512');
    expect((await rejectionOf(verifyConnectToken(token, JWT_SECRET, { now: NOW }))).reason).toBe('alg');
  });

  it('rejects a token for another audience (reason claims)', async () => {
    const token = await handSigned({ aud: 'someone-else' });
    const err = await rejectionOf(verifyConnectToken(token, JWT_SECRET, { now: NOW }));
    expect(err.reason).toBe('claims');
    expect(err.message).toContain('"aud"');
  });

  it('rejects a token from another issuer (reason claims)', async () => {
    const token = await handSigned({ iss: 'evil' });
    expect((await rejectionOf(verifyConnectToken(token, JWT_SECRET, { now: NOW }))).reason).toBe('claims');
  });

  it('rejects a token issued in the future beyond the tolerance (reason claims)', async () => {
    const token = await handSigned({ iat: NOW_S + 600, exp: NOW_S + 4200 });
    const err = await rejectionOf(verifyConnectToken(token, JWT_SECRET, { now: NOW }));
    expect(err.reason).toBe('claims');
    expect(err.message).toContain('future');
  });

  it('rejects a correctly signed token missing contract claims (reason claims)', async () => {
    const token = await handSigned({ role: 'superuser' });
    expect((await rejectionOf(verifyConnectToken(token, JWT_SECRET, { now: NOW }))).reason).toBe('claims');
  });

  it('rejects garbage (reason malformed)', async () => {
    expect((await rejectionOf(verifyConnectToken('not.a.jwt', JWT_SECRET))).reason).toBe('malformed');
    expect((await rejectionOf(verifyConnectToken('', JWT_SECRET))).reason).toBe('malformed');
  });
});

describe('decodeConnectToken, isTokenExpired, refreshDelayMs', () => {
  it('decodes the claims without the secret', async () => {
    const token = await generateConnectToken(store, member, JWT_SECRET, { now: NOW });
    expect(decodeConnectToken(token)).toMatchObject({ storeId: 'store_1', memberEmail: 'ana@lotus.example' });
  });

  it('throws ConnectTokenError malformed for something that is not a JWT', () => {
    expect(() => decodeConnectToken('abc')).toThrow(ConnectTokenError);
    try { decodeConnectToken('abc'); } catch (e) { expect((e as ConnectTokenError).reason).toBe('malformed'); }
  });

  it('says a token is expired exactly from exp on, and that garbage is expired', async () => {
    const token = await generateConnectToken(store, member, JWT_SECRET, { now: NOW });
    expect(isTokenExpired(token, NOW.getTime() + 3599_000)).toBe(false);
    expect(isTokenExpired(token, NOW.getTime() + 3600_000)).toBe(true);
    expect(isTokenExpired('garbage', NOW)).toBe(true);
  });

  it('schedules the refresh 5 minutes before exp and never returns a negative delay', async () => {
    const token = await generateConnectToken(store, member, JWT_SECRET, { now: NOW });
    expect(refreshDelayMs(token, NOW)).toBe(3300_000);
    expect(refreshDelayMs(token, NOW.getTime() + 3000_000)).toBe(300_000);
    expect(refreshDelayMs(token, NOW.getTime() + 3500_000)).toBe(0);
  });
});

import { SignJWT } from 'jose';
import { assertSecret } from '../errors.js';
import { toEpochMs } from '../internal/bytes.js';
import { hmacKey } from '../internal/hmac.js';
import {
  CONNECT_TOKEN_AUDIENCE,
  CONNECT_TOKEN_ISSUER,
  CONNECT_TOKEN_TTL_SECONDS,
  type MemberSession,
  type StoreSession,
} from '../types/auth.js';

export interface GenerateConnectTokenOptions {
  /** Issue time; defaults to now. */
  now?: Date | number;
  /** Lifetime; defaults to 3600 s (the contract). */
  ttlSeconds?: number;
  /** Token id; defaults to a random UUID. */
  jti?: string;
}

/**
 * Mints the HS256 JWT Connect validates: who the staff member is, which store, which role.
 * Only the edge API calls this — the secret never reaches a browser.
 */
export async function generateConnectToken(
  store: StoreSession,
  member: MemberSession,
  secret: string,
  opts: GenerateConnectTokenOptions = {},
): Promise<string> {
  assertSecret('MANGO_CONNECT_JWT_SECRET', secret);
  const iat = Math.floor(toEpochMs(opts.now) / 1000);
  const ttl = opts.ttlSeconds ?? CONNECT_TOKEN_TTL_SECONDS;
  return new SignJWT({
    storeId: store.storeId,
    tenantId: store.tenantId,
    memberId: member.memberId,
    memberEmail: member.email,
    memberName: member.name,
    role: member.role,
    permissions: [...member.permissions],
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setIssuer(CONNECT_TOKEN_ISSUER)
    .setAudience(CONNECT_TOKEN_AUDIENCE)
    .setSubject(member.memberId)
    .setJti(opts.jti ?? globalThis.crypto.randomUUID())
    .sign(await hmacKey(secret));
}

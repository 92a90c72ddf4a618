import { assertSecret } from '../errors.js';
import { toEpochMs } from '../internal/bytes.js';
import { signHs256Jwt } from '../internal/jws-hs256.js';
import {
  CONNECT_TOKEN_AUDIENCE,
  CONNECT_TOKEN_ISSUER,
  CONNECT_TOKEN_TTL_SECONDS,
  type ConnectTokenClaims,
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
 * The claims of a Connect token, in the order they are serialised: the contract's claims, then
 * the registered ones (iat, exp, iss, aud, sub, jti).
 */
export function connectTokenClaims(store: StoreSession, member: MemberSession, opts: GenerateConnectTokenOptions = {}): ConnectTokenClaims {
  const iat = Math.floor(toEpochMs(opts.now) / 1000);
  return {
    storeId: store.storeId,
    tenantId: store.tenantId,
    memberId: member.memberId,
    memberEmail: member.email,
    memberName: member.name,
    role: member.role,
    permissions: [...member.permissions],
    iat,
    exp: iat + (opts.ttlSeconds ?? CONNECT_TOKEN_TTL_SECONDS),
    iss: CONNECT_TOKEN_ISSUER,
    aud: CONNECT_TOKEN_AUDIENCE,
    sub: member.memberId,
    jti: opts.jti ?? globalThis.crypto.randomUUID(),
  };
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
  return signHs256Jwt(connectTokenClaims(store, member, opts), secret);
}

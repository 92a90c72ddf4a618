import { decodeJwt } from 'jose';
import { ConnectTokenError } from '../errors.js';
import { toEpochMs } from '../internal/bytes.js';
import { CONNECT_TOKEN_REFRESH_LEAD_SECONDS, type ConnectTokenClaims } from '../types/auth.js';
import { parseClaims } from './claims.js';

/**
 * Reads a Connect token's claims WITHOUT verifying the signature — for timers and debugging in
 * the browser, which never holds the secret. Never trust the result for authorisation.
 */
export function decodeConnectToken(token: string): ConnectTokenClaims {
  let payload: unknown;
  try {
    payload = decodeJwt(token);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ConnectTokenError('malformed', `Connect token is not a well-formed JWT: ${detail}`, { cause: err });
  }
  try {
    return parseClaims(payload);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ConnectTokenError('malformed', detail, { cause: err });
  }
}

/** True when `exp` is at or before `now`. A token that cannot be decoded counts as expired. */
export function isTokenExpired(token: string, now?: Date | number): boolean {
  try {
    return decodeConnectToken(token).exp * 1000 <= toEpochMs(now);
  } catch {
    return true;
  }
}

/** Milliseconds until the token should be refreshed (5 minutes before exp); 0 when already due. */
export function refreshDelayMs(token: string, now?: Date | number): number {
  const { exp } = decodeConnectToken(token);
  return Math.max(0, (exp - CONNECT_TOKEN_REFRESH_LEAD_SECONDS) * 1000 - toEpochMs(now));
}

import {
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { assertSecret, ConnectTokenError } from '../errors.js';
import { toEpochMs } from '../internal/bytes.js';
import { hmacKey } from '../internal/hmac-key.js';
import { CONNECT_TOKEN_AUDIENCE, CONNECT_TOKEN_ISSUER, type ConnectTokenClaims } from '../types/auth.js';
import { parseClaims } from './claims.js';

export interface VerifyConnectTokenOptions {
  /** The time to verify at; defaults to now. */
  now?: Date | number;
  /** Allowed clock skew for exp and iat; defaults to 30 s. */
  clockToleranceSeconds?: number;
  /** Expected `aud`; defaults to CONNECT_TOKEN_AUDIENCE. */
  audience?: string;
  /** Expected `iss`; defaults to CONNECT_TOKEN_ISSUER. */
  issuer?: string;
}

const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Verifies a Connect JWT: HS256 only (so `alg: none` and any other algorithm are refused), the
 * signature, exp, an iat not in the future, iss and aud, then the claim schema.
 * Throws ConnectTokenError whose `reason` says which check failed.
 */
export async function verifyConnectToken(
  token: string,
  secret: string,
  opts: VerifyConnectTokenOptions = {},
): Promise<ConnectTokenClaims> {
  assertSecret('MANGO_CONNECT_JWT_SECRET', secret);
  const tolerance = opts.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const nowMs = toEpochMs(opts.now);
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, await hmacKey(secret), {
      algorithms: ['HS256'],
      audience: opts.audience ?? CONNECT_TOKEN_AUDIENCE,
      issuer: opts.issuer ?? CONNECT_TOKEN_ISSUER,
      currentDate: new Date(nowMs),
      clockTolerance: tolerance,
    }));
  } catch (err) {
    throw toTokenError(err);
  }
  const claims = parseClaims(payload);
  // jose only checks iat when maxTokenAge is set; a token issued in the future means a wrong clock or a forgery.
  if (claims.iat > Math.floor(nowMs / 1000) + tolerance) {
    throw new ConnectTokenError('claims', `Connect token was issued in the future (iat ${claims.iat}); check the issuing server's clock`);
  }
  return claims;
}

function toTokenError(err: unknown): ConnectTokenError {
  if (err instanceof joseErrors.JWTExpired) {
    return new ConnectTokenError('expired', 'Connect token has expired; fetch a fresh one from /api/connect/token', { cause: err });
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) {
    return new ConnectTokenError('alg', 'Connect token is not signed with HS256, the only algorithm accepted', { cause: err });
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new ConnectTokenError('signature', 'Connect token signature does not match MANGO_CONNECT_JWT_SECRET', { cause: err });
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    return new ConnectTokenError('claims', `Connect token claim "${err.claim}" is not acceptable: ${err.message}`, { cause: err });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new ConnectTokenError('malformed', `Connect token is not a well-formed JWT: ${detail}`, { cause: err });
}

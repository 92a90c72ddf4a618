import { errors, jwtVerify } from 'jose';
import { ConnectTokenClaimsSchema, issuePath, type ConnectTokenClaims } from '@mango/connect-shared/types';
import * as v from 'valibot';
import { SandboxError } from '../errors.js';

/** The token contract: HS256 only, issued by Biz for Connect. */
export const TOKEN_ISSUER = 'mango-biz';
export const TOKEN_AUDIENCE = 'mango-connect';
/** Clock skew accepted between Biz and Connect for exp and iat. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface VerifyTokenOptions {
  now?: Date;
  /** Extra revocation rule (the admin "expire-tokens" switch); true = treat as expired. */
  isRevoked?: (token: string, claims: ConnectTokenClaims) => boolean;
}

const unauthorized = (code: string, message: string) =>
  new SandboxError(401, code, message, { 'WWW-Authenticate': `Bearer error="invalid_token"` });

/** Reads `Authorization: Bearer <jwt>`; 401 token_missing when absent. */
export function bearerToken(header: string | undefined): string {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) throw unauthorized('token_missing', 'Send the Biz JWT as "Authorization: Bearer <token>".');
  return match[1]!;
}

/**
 * Verifies a Biz JWT independently of Biz's own code (jose, HS256 only), so a passing check
 * proves Biz signs what the contract says. Maps every failure to a 401 code the SDK can branch on.
 */
export async function verifyBizToken(
  token: string,
  secret: string,
  opts: VerifyTokenOptions = {},
): Promise<ConnectTokenClaims> {
  const now = opts.now ?? new Date();
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['iat', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (err) {
    throw mapJoseError(err);
  }
  const parsed = v.safeParse(ConnectTokenClaimsSchema, payload);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw unauthorized('token_claims', `Token claim "${issuePath(issue)}" is invalid: ${issue.message}.`);
  }
  const claims = parsed.output;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (claims.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw unauthorized('token_claims', 'Token "iat" is in the future; check the Biz server clock.');
  }
  if (opts.isRevoked?.(token, claims)) {
    throw unauthorized('token_expired', 'Token has expired; fetch a fresh one from Biz.');
  }
  return claims;
}

function mapJoseError(err: unknown): SandboxError {
  if (err instanceof errors.JWTExpired) {
    return unauthorized('token_expired', 'Token has expired; fetch a fresh one from Biz.');
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    return unauthorized('token_claims', `Token claim "${err.claim}" failed: ${err.reason}.`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return unauthorized('token_invalid', 'Token algorithm is not allowed; only HS256 is accepted.');
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return unauthorized('token_invalid', 'Token signature does not match MANGO_CONNECT_JWT_SECRET.');
  }
  return unauthorized('token_invalid', `Token is malformed: ${err instanceof Error ? err.message : String(err)}.`);
}

import { ConnectTokenError } from '../errors.js';
import { ConnectTokenClaimsSchema, type ConnectTokenClaims } from '../types/auth.js';

/** Validates a decoded payload against the contract's claim schema. */
export function parseClaims(payload: unknown): ConnectTokenClaims {
  const parsed = ConnectTokenClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConnectTokenError('claims', `Connect token claims do not match the contract: ${issues}`, { cause: parsed.error });
  }
  return parsed.data;
}

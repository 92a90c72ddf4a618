import * as v from 'valibot';
import { ConnectTokenError } from '../errors.js';
import { ConnectTokenClaimsSchema, type ConnectTokenClaims } from '../types/auth.js';
import { describeIssues } from '../types/validation.js';

/** Validates a decoded payload against the contract's claim schema. */
export function parseClaims(payload: unknown): ConnectTokenClaims {
  const parsed = v.safeParse(ConnectTokenClaimsSchema, payload);
  if (!parsed.success) {
    const issues = describeIssues(parsed.issues).join('; ');
    throw new ConnectTokenError('claims', `Connect token claims do not match the contract: ${issues}`, { cause: new v.ValiError(parsed.issues) });
  }
  return parsed.output;
}

import { describeIssues, type ProvisionResponse } from '@mango/connect-shared';
import * as v from 'valibot';

/** What every check gets: where Connect is, the shared secrets, and what earlier checks learned. */
export interface CheckContext {
  connectUrl: string;
  sdkUrl: string;
  jwtSecret: string;
  webhookSecret: string;
  /** A store id unique to this run, so checks never touch real tenants' data. */
  storeId: string;
  fetch: typeof fetch;
  /** Runs the SDK script and returns the global it defined (Node: node:vm; browser: a real page). */
  evaluateSdk: (source: string) => unknown;
  /** Filled by the provisioning check; later checks need the webhook URL it returned. */
  tenant?: ProvisionResponse;
}

/** A contract check failed: `detail` says what Connect did and what the contract expects. */
export class CheckFailure extends Error {
  readonly code = 'ERR_CONTRACT_CHECK';
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'CheckFailure';
  }
}

export function expectThat(condition: unknown, detail: string): asserts condition {
  if (!condition) throw new CheckFailure(detail);
}

/** The answer read through the contract's schema; a CheckFailure naming every field that is off, when it does not match. */
export function expectShape<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) throw new CheckFailure(`${what} does not match the contract: ${describeIssues(parsed.issues).join('; ')}`);
  return parsed.output;
}

/**
 * Typed errors, in the manner of jose's `JOSEError`: one base class with a static and an instance
 * `code`, so a caller branches on data (`err.code`, `err.reason`, `err.kind`), never on message text.
 * Every message is a sentence a person can act on.
 */

export class ConnectError extends Error {
  static code: string = 'ERR_CONNECT';
  code: string = 'ERR_CONNECT';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A secret or URL the process was started with is missing or unusable. */
export class ConnectConfigError extends ConnectError {
  static override code = 'ERR_CONNECT_CONFIG';
  override code = 'ERR_CONNECT_CONFIG';
}

export type ConnectTokenErrorReason = 'malformed' | 'expired' | 'signature' | 'claims' | 'alg';

/** A Connect JWT could not be decoded or did not verify. */
export class ConnectTokenError extends ConnectError {
  static override code = 'ERR_CONNECT_TOKEN';
  override code = 'ERR_CONNECT_TOKEN';
  readonly reason: ConnectTokenErrorReason;

  constructor(reason: ConnectTokenErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

export type WebhookVerificationErrorReason =
  | 'signature_missing'
  | 'signature_invalid'
  | 'timestamp_missing'
  | 'timestamp_stale'
  | 'id_missing'
  | 'body_invalid';

/** A received webhook (or signed request) failed verification and must be rejected. */
export class WebhookVerificationError extends ConnectError {
  static override code = 'ERR_WEBHOOK_VERIFICATION';
  override code = 'ERR_WEBHOOK_VERIFICATION';
  readonly reason: WebhookVerificationErrorReason;

  constructor(reason: WebhookVerificationErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

export type ConnectApiErrorKind = 'http' | 'timeout' | 'network' | 'invalid_response';

/** A call to the Mango Connect API failed: a non-2xx answer, no answer in time, no connection, or an answer of the wrong shape. */
export class ConnectApiError extends ConnectError {
  static override code = 'ERR_CONNECT_API';
  override code = 'ERR_CONNECT_API';
  readonly kind: ConnectApiErrorKind;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  /** The start of the response body (at most 500 characters), for logs and support. */
  readonly bodyExcerpt: string;

  constructor(
    args: { kind: ConnectApiErrorKind; status: number | null; bodyExcerpt?: string; message: string },
    options?: { cause?: unknown },
  ) {
    super(args.message, options);
    this.kind = args.kind;
    this.status = args.status;
    this.bodyExcerpt = args.bodyExcerpt ?? '';
  }
}

/**
 * A value built or sent by Biz does not match the contract (a webhook payload, a provisioning
 * request, a sync batch). Raised before anything leaves the process.
 */
export class ConnectValidationError extends ConnectError {
  static override code = 'ERR_CONNECT_VALIDATION';
  override code = 'ERR_CONNECT_VALIDATION';
  /** One line per problem, `path: message`. */
  readonly issues: string[];

  constructor(message: string, issues: string[], options?: { cause?: unknown }) {
    super(issues.length > 0 ? `${message}: ${issues.join('; ')}` : message, options);
    this.issues = issues;
  }
}

/**
 * Returns `value` when it is a secret of at least `minBytes` UTF-8 bytes; otherwise throws a
 * ConnectConfigError that names the variable, so the fix is obvious from the log line.
 */
export function assertSecret(name: string, value: string | undefined, minBytes = 32): string {
  if (value === undefined || value === '') {
    throw new ConnectConfigError(`${name} is not set; set it to a random secret of at least ${minBytes} bytes`);
  }
  const bytes = new TextEncoder().encode(value).byteLength;
  if (bytes < minBytes) {
    throw new ConnectConfigError(`${name} must be at least ${minBytes} bytes (got ${bytes})`);
  }
  return value;
}

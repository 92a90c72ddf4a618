export type SDKErrorCode = 'token_invalid' | 'token_expired' | 'network' | 'api_error' | 'not_initialised';

/** What the SDK hands to `onError`, per the contract. */
export interface SDKError {
  code: SDKErrorCode;
  message: string;
  status?: number;
}

/** Thrown (rejected) by SDK calls; carries the same fields it reports. */
export class MangoConnectError extends Error implements SDKError {
  override readonly name = 'MangoConnectError';
  constructor(
    readonly code: SDKErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  toJSON(): SDKError {
    return this.status === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, status: this.status };
  }
}

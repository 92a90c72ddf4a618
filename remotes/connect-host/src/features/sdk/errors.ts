/** Why the SDK could not be made available; a caller branches on `code`, a person reads `message`. */
export type ConnectSDKLoadErrorCode =
  | 'ERR_SDK_SCRIPT_FAILED'
  | 'ERR_SDK_GLOBALS_MISSING'
  | 'ERR_SDK_SCRIPT_THREW'
  | 'ERR_SDK_TIMEOUT'
  | 'ERR_SDK_URL_INVALID';

export class ConnectSDKLoadError extends Error {
  override readonly name = 'ConnectSDKLoadError';
  constructor(
    readonly code: ConnectSDKLoadErrorCode,
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

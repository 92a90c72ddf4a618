/** The remote could not be fetched or evaluated (entry 404, connection refused, timeout, bad module). */
export class RemoteUnavailableError extends Error {
  static readonly code = 'ERR_REMOTE_UNAVAILABLE';
  readonly code = RemoteUnavailableError.code;
  constructor(
    readonly moduleId: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'RemoteUnavailableError';
  }
}

/** The remote was built against another major of the shell contract: rendering it could break the page. */
export class RemoteIncompatibleError extends Error {
  static readonly code = 'ERR_REMOTE_INCOMPATIBLE';
  readonly code = RemoteIncompatibleError.code;
  constructor(
    readonly remoteVersion: string,
    readonly shellVersion: string,
  ) {
    super(`The Connect module was built for shell contract ${remoteVersion}, but this Mango Biz provides ${shellVersion}. An update of one of them is needed.`);
    this.name = 'RemoteIncompatibleError';
  }
}

/** A sentence for the fallback: what went wrong, without stack noise. */
export function describeRemoteError(error: unknown): string {
  if (error instanceof RemoteIncompatibleError) return error.message;
  if (error instanceof Error) {
    const msg = error.message.replace(/\s+/g, ' ').trim();
    return msg.length > 300 ? `${msg.slice(0, 297)}…` : msg;
  }
  return String(error);
}

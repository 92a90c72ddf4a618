/** How a capped read ended. */
export type CappedReadEnd = 'complete' | 'over_cap' | 'timeout';

export interface CappedBody {
  /** The body decoded as UTF-8: all of it when `end` is 'complete', otherwise its first bytes (at most `maxBytes`). */
  text: string;
  /** Bytes taken off the stream: at most `maxBytes` plus the rest of the chunk that crossed the cap. */
  bytesRead: number;
  /** 'complete': the whole body was read; 'over_cap': it is longer than `maxBytes`; 'timeout': it did not arrive in time. In both of the latter the rest was never read and the stream was cancelled. */
  end: CappedReadEnd;
}

export interface ReadCappedOptions {
  /** Longest wait for the whole read; unbounded when left out. */
  timeoutMs?: number;
}

/**
 * Reads an answer's body like `response.text()`, but never more than `maxBytes` of it and never
 * for longer than `timeoutMs`: a broken or hostile server cannot make the caller buffer megabytes
 * or wait forever. Past the cap or the deadline the stream is cancelled, which closes the
 * connection. Rejects only when the stream itself fails (the connection drops mid-body).
 */
export async function readCapped(response: Response, maxBytes: number, options: ReadCappedOptions = {}): Promise<CappedBody> {
  const { body } = response;
  if (!body) return { text: '', bytesRead: 0, end: 'complete' };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytesRead = 0;
  let kept = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline =
    options.timeoutMs === undefined
      ? undefined
      : new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
        });

  const stop = (end: CappedReadEnd): CappedBody => {
    // Not awaited: when the body is one branch of a clone, cancelling settles only once every branch is cancelled.
    reader.cancel().catch(() => undefined);
    return { text: text + decoder.decode(), bytesRead, end };
  };

  try {
    for (;;) {
      const next = deadline ? await Promise.race([reader.read(), deadline]) : await reader.read();
      if (next === 'timeout') return stop('timeout');
      if (next.done) return { text: text + decoder.decode(), bytesRead, end: 'complete' };
      const chunk = next.value;
      bytesRead += chunk.byteLength;
      const room = maxBytes - kept;
      if (chunk.byteLength > room) {
        text += decoder.decode(chunk.subarray(0, room), { stream: true });
        kept = maxBytes;
        return stop('over_cap');
      }
      text += decoder.decode(chunk, { stream: true });
      kept += chunk.byteLength;
    }
  } finally {
    clearTimeout(timer);
  }
}

import ky, { isHTTPError, isNetworkError, isTimeoutError } from 'ky';
import { capErrorBody } from '../internal/cap-error-body.js';
import { readCapped } from '../internal/read-capped.js';
import type { DeliveryOutcome } from '../types/webhooks.js';
import { isRetryableStatus, parseRetryAfter } from './retry.js';

/** How one delivery request behaves. A plain object, so the edge API can pass it through config. */
export interface DeliveryPolicy {
  /** Per-attempt limit for the receiver to answer (headers). Success is a 2xx within this. */
  timeoutMs: number;
  /** Attempts inside this one call (1 = no in-request retry; the long-horizon schedule belongs to the caller). */
  attempts: number;
  /** Statuses retried inside this call (network errors are retried too; timeouts are not). */
  retryOn: number[];
  /**
   * Longest Retry-After honoured inside this call. A longer ask ends the call with
   * `retryAfterSeconds` set, so the caller's schedule waits instead of holding a request open.
   */
  maxRetryAfterMs: number;
  /** First in-request backoff; doubles per retry when the receiver gives no Retry-After. */
  backoffMs: number;
}

const FIVE_XX = Array.from({ length: 100 }, (_, i) => 500 + i);

export const DEFAULT_DELIVERY_POLICY: Readonly<DeliveryPolicy> = Object.freeze({
  timeoutMs: 15_000,
  attempts: 1,
  retryOn: [408, 429, ...FIVE_XX],
  maxRetryAfterMs: 10_000,
  backoffMs: 1_000,
});

const EXCERPT_CHARS = 500;
/** Of a receiver's answer only the start is read, for the excerpt: a huge body is never buffered. */
const MAX_EXCERPT_BYTES = 4 * 1024;

export interface DeliverWebhookArgs {
  url: string;
  /** Exactly the bytes that were signed. */
  rawBody: string;
  /** From signedRequestHeaders(). */
  headers: Record<string, string>;
  policy?: Partial<DeliveryPolicy>;
  fetch?: typeof fetch;
}

/**
 * POSTs a signed webhook once (plus in-request retries when policy.attempts > 1) and returns
 * what happened as a value. Never throws for HTTP, network or timeout failures.
 * Redirects are never followed: a 3xx is a failure, so a body signed for one URL never lands on another.
 * Of the answer's body only the first 4 KB are read (for `bodyExcerpt`); the rest is cancelled unread.
 */
export async function deliverWebhook(args: DeliverWebhookArgs): Promise<DeliveryOutcome> {
  const policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY, ...args.policy };
  const baseFetch = args.fetch ?? globalThis.fetch.bind(globalThis);
  const started = Date.now();
  let attempts = 0;
  let lastResponse: Response | undefined;

  const countingFetch: typeof fetch = async (input, init) => {
    attempts++;
    const response = await baseFetch(input, init);
    lastResponse = response;
    return response;
  };
  const retryAfterMsOf = (response: Response | undefined) => {
    const s = parseRetryAfter(response?.headers.get('retry-after'));
    return s === undefined ? undefined : s * 1000;
  };

  const outcome = (fields: Omit<DeliveryOutcome, 'attempts' | 'durationMs'>): DeliveryOutcome => ({
    ...fields,
    attempts,
    durationMs: Date.now() - started,
  });

  try {
    const response = await ky.post(args.url, {
      body: args.rawBody,
      headers: args.headers,
      redirect: 'manual',
      timeout: policy.timeoutMs,
      fetch: countingFetch,
      throwHttpErrors: true,
      hooks: { afterResponse: [capErrorBody(MAX_EXCERPT_BYTES, policy.timeoutMs)] },
      retry: {
        limit: Math.max(0, policy.attempts - 1),
        // ky leaves POST out of its retriable methods by default; a webhook is idempotent by webhook-id.
        methods: ['post'],
        statusCodes: policy.retryOn,
        afterStatusCodes: policy.retryOn.filter((s) => s === 429 || s === 503),
        maxRetryAfter: policy.maxRetryAfterMs,
        delay: (n) => policy.backoffMs * 2 ** (n - 1),
        retryOnTimeout: false,
        shouldRetry: ({ error }) => {
          if (isHTTPError(error)) {
            const wait = retryAfterMsOf(error.response);
            // Waiting longer than the cap is the caller's schedule's job, not this request's.
            if (wait !== undefined && wait > policy.maxRetryAfterMs) return false;
          }
          return undefined;
        },
      },
    });
    return outcome({
      ok: true,
      status: response.status,
      retryable: false,
      bodyExcerpt: await readExcerpt(response, policy.timeoutMs),
    });
  } catch (error) {
    if (isHTTPError(error)) {
      const res = error.response;
      const redirect = res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400);
      const status = res.type === 'opaqueredirect' ? null : res.status;
      const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
      const gone = res.status === 410;
      return outcome({
        ok: false,
        status,
        retryable: !redirect && !gone && isRetryableStatus(res.status),
        bodyExcerpt: excerptOf(error.data),
        error: redirect
          ? `receiver answered a redirect${locationOf(res)}; redirects are never followed, update the webhook URL`
          : gone
            ? 'receiver answered 410 Gone: the endpoint no longer exists; deactivate the subscription'
            : `receiver answered ${res.status}`,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        ...(gone ? { gone: true } : {}),
      });
    }
    if (isTimeoutError(error)) {
      return outcome({
        ok: false,
        status: null,
        retryable: true,
        bodyExcerpt: '',
        error: `receiver did not answer within ${policy.timeoutMs} ms`,
      });
    }
    if (isNetworkError(error)) {
      const cause = error.cause instanceof Error ? `${error.cause.message}${causeDetail(error.cause)}` : String(error.cause);
      return outcome({ ok: false, status: null, retryable: true, bodyExcerpt: '', error: `network error: ${cause}` });
    }
    // Anything else (a bad URL, a fetch that throws something unknown) is still reported, never thrown.
    const message = error instanceof Error ? error.message : String(error);
    return outcome({
      ok: false,
      status: lastResponse?.status ?? null,
      retryable: false,
      bodyExcerpt: '',
      error: `delivery could not be attempted: ${message}`,
    });
  }
}

function locationOf(res: Response): string {
  const location = res.headers.get('location');
  return location ? ` to ${location}` : '';
}

function causeDetail(err: Error): string {
  const inner = (err as { cause?: unknown }).cause;
  return inner instanceof Error ? ` (${inner.message})` : '';
}

/** capErrorBody made an error answer's `data` the start of its body as text (undefined when empty). */
function excerptOf(data: unknown): string {
  return typeof data === 'string' ? data.slice(0, EXCERPT_CHARS) : '';
}

/** The start of a success body, read without letting a large or slow body hold the outcome hostage. */
async function readExcerpt(response: Response, timeoutMs: number): Promise<string> {
  const read = await readCapped(response, MAX_EXCERPT_BYTES, { timeoutMs }).catch(() => undefined);
  return read ? read.text.slice(0, EXCERPT_CHARS) : '';
}

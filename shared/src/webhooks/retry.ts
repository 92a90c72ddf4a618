import { toEpochMs } from '../internal/bytes.js';

/**
 * Delay before each delivery attempt, Standard-Webhooks style: immediately, 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h — about 27.6 h in all. After the 8th failed attempt the event is dead-lettered.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
]);

/**
 * Whether a failed delivery is worth trying again: no response at all (network error or
 * timeout: null), 408, 429 and every 5xx. Other 4xx and 3xx are the receiver's configuration
 * (wrong URL, redirect, auth) and will not heal by repetition; they go straight to the dead letter,
 * where the owner can fix the endpoint and redeliver. 410 is "gone": deactivate.
 */
export function isRetryableStatus(status: number | null): boolean {
  if (status === null) return true;
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

export interface NextRetryOptions {
  /** Seconds the receiver asked us to wait (Retry-After); honoured when longer than the schedule. */
  retryAfterSeconds?: number;
  schedule?: readonly number[];
  /** Source of jitter in [0, 1); adds up to 10 % to the delay. Default: none (deterministic). */
  random?: () => number;
}

/**
 * Milliseconds to wait before the next attempt after `failedAttempts` failures, or null when the
 * schedule is spent and the event must be dead-lettered. `nextRetryDelayMs(0)` is the first attempt (0).
 */
export function nextRetryDelayMs(failedAttempts: number, opts: NextRetryOptions = {}): number | null {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 0) {
    throw new RangeError(`failedAttempts must be a non-negative integer (got ${failedAttempts})`);
  }
  const schedule = opts.schedule ?? RETRY_SCHEDULE_MS;
  const base = schedule[failedAttempts];
  if (base === undefined) return null;
  // Jitter only ever lengthens the wait, so a Retry-After floor is still respected.
  const jittered = opts.random ? base + Math.floor(base * 0.1 * opts.random()) : base;
  const retryAfterMs = opts.retryAfterSeconds !== undefined && opts.retryAfterSeconds > 0 ? opts.retryAfterSeconds * 1000 : 0;
  return Math.max(jittered, retryAfterMs);
}

/**
 * Parses a Retry-After header value — delay-seconds or an HTTP date — into whole seconds
 * from `now` (never negative). Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now?: Date | number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // Every HTTP-date form (IMF-fixdate, RFC 850, asctime) starts with a day name; Date.parse alone would read '-5' as a year.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - toEpochMs(now)) / 1000));
}

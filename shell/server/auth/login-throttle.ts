import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '../db/database.js';

export interface ThrottleRule {
  /** Failed sign-ins allowed in one window before the key is refused. */
  maxFailures: number;
  windowMs: number;
}

/** Per account: a handful of guesses, then a pause. Per address: more, since a shop shares one. */
export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowMs: 15 * 60_000 };

/**
 * Failed sign-ins counted in the database, so every API instance sees the same counts. A key is an
 * account (`email:<address>`) or a caller's address (`ip:<address>`).
 */
export function createLoginThrottle(q: () => Queryable, now: () => number = Date.now) {
  return {
    /** Seconds until `key` may try again, or 0 when it may try now. */
    async retryAfterSeconds(key: string, rule: ThrottleRule): Promise<number> {
      const [row] = await rows<{ window_start: Date | string; failures: number }>(q(), sql`SELECT window_start, failures FROM login_throttle WHERE key = ${key}`);
      if (!row || row.failures < rule.maxFailures) return 0;
      const endsAt = new Date(row.window_start).getTime() + rule.windowMs;
      return Math.max(0, Math.ceil((endsAt - now()) / 1000));
    },
    /** Counts one failure for `key`; a window that has passed starts again at one. */
    async recordFailure(key: string, rule: ThrottleRule): Promise<void> {
      const at = new Date(now());
      const windowFloor = new Date(at.getTime() - rule.windowMs);
      await q().execute(sql`
        INSERT INTO login_throttle (key, window_start, failures) VALUES (${key}, ${at}, 1)
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN login_throttle.window_start <= ${windowFloor} THEN 1 ELSE login_throttle.failures + 1 END,
          window_start = CASE WHEN login_throttle.window_start <= ${windowFloor} THEN ${at} ELSE login_throttle.window_start END`);
    },
    async clear(key: string): Promise<void> {
      await q().execute(sql`DELETE FROM login_throttle WHERE key = ${key}`);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

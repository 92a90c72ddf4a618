import { PUSH_LIMIT } from '@mango/connect-shared';
import { useCacheStatus, type CacheStatus } from '../db/cache-status';
import type { BizDb } from '../db/db';
import { applyPushResults, readPendingBatch, type RefusedChange } from '../db/server-changes';
import { retryDelayMs } from '../lib/backoff';
import type { BizApi } from '../lib/biz-api';
import { ApiRequestError } from '../lib/http';
import { withWebLock } from '../lib/web-lock';

export interface PusherDeps {
  db: BizDb;
  storeId: string;
  api: Pick<BizApi, 'push'>;
  /** The server refused these for good; they have left the queue. Called once per push. */
  onRefused: (changes: RefusedChange[]) => void;
  /** The server answered 401: nothing more is sent until the member signs in again. */
  onUnauthorized: () => void;
  isOnline?: () => boolean;
  withLock?: <T>(name: string, work: () => Promise<T>) => Promise<T>;
  random?: () => number;
}

export interface Pusher {
  start(): void;
  stop(): void;
  /** Sends now if there is anything to send: after a change, on `online`, or to retry early. */
  wake(): void;
  /**
   * Sends what is queued and resolves once the queue is empty, the push failed, or `timeoutMs`
   * passed, to the number of changes still queued (sign-out asks before discarding them).
   */
  flush(timeoutMs: number): Promise<number>;
}

type Outcome = 'done' | 'failed' | 'unauthorized';

const setPush = (push: CacheStatus['push']) => {
  if (useCacheStatus.getState().push !== push) useCacheStatus.setState({ push });
};

/**
 * Sends the pending mutations to the server in the order they were made, up to PUSH_LIMIT per
 * request, one tab per store at a time (a Web Lock; the server is idempotent by mutation id, so a
 * browser without locks is still safe). A whole-request failure (network, 5xx, 503) keeps the
 * queue and retries with backoff; a refused mutation is final and never retried.
 */
export function createPusher(deps: PusherDeps): Pusher {
  const { db } = deps;
  const isOnline = deps.isOnline ?? (() => navigator.onLine);
  const withLock = deps.withLock ?? withWebLock;
  const lockName = `mango-push:${deps.storeId}`;
  let stopped = true;
  let unauthorized = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let current: Promise<void> | null = null;
  let again = false;

  const clearRetry = () => {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  };

  /** Pushes batch after batch while holding the lock, until the queue is empty or a push fails. */
  async function pushAll(): Promise<Outcome> {
    for (;;) {
      if (stopped) return 'done';
      const batch = await readPendingBatch(db, PUSH_LIMIT);
      if (batch.length === 0) return 'done';
      setPush('saving');
      let results;
      try {
        results = await deps.api.push(batch.map((q) => q.mutation));
      } catch (err) {
        if (err instanceof ApiRequestError && err.status === 401) return 'unauthorized';
        console.warn(`[shell] push failed; the changes stay queued and go out again: ${err instanceof Error ? err.message : String(err)}`);
        return 'failed';
      }
      const refused = await applyPushResults(db, batch, results);
      if (refused.length > 0) deps.onRefused(refused);
      // An answer that settles none of what was sent would resend the same batch at once, forever.
      const sent = new Set(batch.map((q) => q.mutation.id));
      if (!results.some((r) => sent.has(r.id))) return 'failed';
    }
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      if (stopped || unauthorized) return;
      if (!isOnline()) {
        setPush('offline');
        return;
      }
      let outcome: Outcome;
      try {
        outcome = await withLock(lockName, pushAll);
      } catch (err) {
        // IndexedDB failed (quota, a closed database): the queue is intact, try again later.
        console.error('[shell] pushing pending changes', err);
        outcome = 'failed';
      }
      if (stopped) return;
      if (outcome === 'unauthorized') {
        unauthorized = true;
        setPush('unauthorized');
        deps.onUnauthorized();
        return;
      }
      if (outcome === 'failed') {
        failures += 1;
        setPush('retrying');
        clearRetry();
        retryTimer = setTimeout(() => {
          retryTimer = null;
          void run();
        }, retryDelayMs(failures, { random: deps.random }));
        return;
      }
      failures = 0;
      setPush('idle');
    } while (again);
  }

  function run(): Promise<void> {
    if (current) {
      again = true;
      return current;
    }
    current = loop().finally(() => {
      current = null;
    });
    return current;
  }

  return {
    start() {
      stopped = false;
      void run();
    },
    stop() {
      stopped = true;
      clearRetry();
    },
    wake() {
      if (stopped) return;
      clearRetry();
      void run();
    },
    async flush(timeoutMs) {
      if (!stopped && !unauthorized) {
        clearRetry();
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([run(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
      }
      return db.count('pending');
    },
  };
}

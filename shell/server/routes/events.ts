import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SessionEnv } from '../auth/session-middleware.js';
import { currentStoreSeq } from '../data/store-seq.js';
import type { Db } from '../db/database.js';
import type { Signal, Signals } from '../events/signals.js';

/** A comment line this often keeps proxies from closing an idle stream. */
const PING_MS = 20_000;

/**
 * GET /api/events: the session's store's commits as server-sent events, so every open device
 * pulls within moments of a change made anywhere. `change` carries the store's new sequence (sent
 * once on connect too, so a device that was away catches up); `deliveries` says webhook attempts
 * were recorded. Only the session's store is ever told; the data itself comes through /api/changes.
 */
export function eventRoutes(deps: { db: Db; signals: Signals }) {
  const app = new Hono<SessionEnv>();
  app.get('/', (c) => {
    const storeId = c.get('session').store.storeId;
    c.header('cache-control', 'no-store');
    // Tells a proxy in front (nginx) not to buffer the stream.
    c.header('x-accel-buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: Signal[] = [];
      let wake: (() => void) | null = null;
      const stop = deps.signals.onSignal((s) => {
        if (s.storeId !== storeId || (s.seq === undefined && !s.deliveries)) return;
        queue.push(s);
        wake?.();
      });
      // Commits of other processes may have gone unheard: tell the device the current sequence.
      let resync = false;
      const stopResync = deps.signals.onResync(() => {
        resync = true;
        wake?.();
      });
      stream.onAbort(() => {
        stop();
        stopResync();
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'change', data: JSON.stringify({ seq: await currentStoreSeq(deps.db, storeId) }) });
        while (!stream.aborted && !stream.closed) {
          if (resync) {
            resync = false;
            await stream.writeSSE({ event: 'change', data: JSON.stringify({ seq: await currentStoreSeq(deps.db, storeId) }) });
            continue;
          }
          if (queue.length > 0) {
            // What queued up while the last write was in flight goes out as at most two events:
            // the newest sequence, and one "deliveries" for any number of attempts.
            const batch = queue.splice(0);
            const seq = Math.max(-1, ...batch.map((s) => s.seq ?? -1));
            if (seq >= 0) await stream.writeSSE({ event: 'change', data: JSON.stringify({ seq }) });
            if (batch.some((s) => s.deliveries)) await stream.writeSSE({ event: 'deliveries', data: '{}' });
            continue;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, PING_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
          if (queue.length === 0 && !resync && !stream.aborted) await stream.write(': ping\n\n');
        }
      } finally {
        stop();
        stopResync();
      }
    });
  });
  return app;
}

import type { OutboxEvent } from '@mango/connect-shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../outbox/outbox';
import { enableConnectForTest, freshDb, TEST_STORE } from '../test-helpers';
import type { SendResult } from './decide';
import { startOutboxRelay } from './runner';

/** A minimal exclusive LockManager: one holder per name, the rest queue in order (as browsers do). */
function fakeLocks() {
  const queues = new Map<string, (() => void)[]>();
  const held = new Set<string>();
  const next = (name: string) => {
    const q = queues.get(name) ?? [];
    const run = q.shift();
    if (run) run();
    else held.delete(name);
  };
  return {
    request(name: string, _opts: object, cb: () => Promise<void>) {
      return new Promise<void>((resolve) => {
        const run = () => {
          held.add(name);
          void cb().finally(() => {
            resolve();
            next(name);
          });
        };
        if (held.has(name)) queues.set(name, [...(queues.get(name) ?? []), run]);
        else run();
      });
    },
  };
}

const ok: SendResult = { type: 'outcome', outcome: { ok: true, status: 200, attempts: 1, durationMs: 1, retryable: false, bodyExcerpt: '' } };

describe('relay runner', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lets exactly one tab deliver; the next takes over when the holder stops', async () => {
    vi.stubGlobal('navigator', { onLine: true, locks: fakeLocks() });
    const db = freshDb();
    await enableConnectForTest(db);
    const sentBy: string[] = [];
    const send = (tab: string) => async (_e: OutboxEvent): Promise<SendResult> => {
      sentBy.push(tab);
      return ok;
    };
    const stopA = startOutboxRelay({ db, storeId: TEST_STORE, send: send('A') });
    const stopB = startOutboxRelay({ db, storeId: TEST_STORE, send: send('B') });
    await createClient({ db, storeId: TEST_STORE }, { name: 'Ada', email: '', phone: '', notes: '' });
    await vi.waitFor(async () => expect(await db.countFromIndex('outbox', 'status', 'done')).toBe(1));
    expect(sentBy).toEqual(['A']);

    stopA();
    await createClient({ db, storeId: TEST_STORE }, { name: 'Bea', email: '', phone: '', notes: '' });
    await vi.waitFor(async () => expect(await db.countFromIndex('outbox', 'status', 'done')).toBe(2));
    expect(sentBy).toEqual(['A', 'B']);
    stopB();
  });

  it('gathers a burst of writes into one batch instead of one request per write', async () => {
    vi.stubGlobal('navigator', { onLine: true });
    const db = freshDb();
    await enableConnectForTest(db);
    const requests: number[] = [];
    const sendBatch = async (events: OutboxEvent[]): Promise<SendResult[]> => {
      requests.push(events.length);
      return events.map(() => ok);
    };
    // The first look happens at start (nothing due); the burst then waits for company.
    const stop = startOutboxRelay({ db, storeId: TEST_STORE, sendBatch, concurrency: 1, coalesceMs: 200 });
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 5; i++) await createClient({ db, storeId: TEST_STORE }, { name: `C${i}`, email: '', phone: '', notes: '' });
    await vi.waitFor(async () => expect(await db.countFromIndex('outbox', 'status', 'done')).toBe(5));
    expect(requests).toEqual([5]);
    stop();
  });
});


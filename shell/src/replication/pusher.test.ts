import { PUSH_LIMIT } from '@mango/connect-shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetCacheStatus, useCacheStatus } from '../db/cache-status';
import type { BizDb } from '../db/db';
import { createClient, updateClient } from '../db/local-changes';
import type { RefusedChange } from '../db/server-changes';
import { createBizApi } from '../lib/biz-api';
import { freshDb } from '../test/db';
import { createFakeBizServer, type FakeBizServer } from '../test/fake-biz-api';
import { createPusher, type Pusher, type PusherDeps } from './pusher';

const ada = { name: 'Ada', email: '', phone: '', notes: '' };
const running: Pusher[] = [];

function startPusher(db: BizDb, server: FakeBizServer, over: Partial<PusherDeps> = {}) {
  const refused: RefusedChange[] = [];
  const onUnauthorized = vi.fn();
  const pusher = createPusher({
    db,
    storeId: 'store_test',
    api: createBizApi(server.fetch),
    onRefused: (changes) => refused.push(...changes),
    onUnauthorized,
    // The shortest backoff, so a retry comes within a second.
    random: () => 0,
    ...over,
  });
  pusher.start();
  running.push(pusher);
  return { pusher, refused, onUnauthorized };
}

const pushCount = (server: FakeBizServer) => server.requests.filter((r) => r.startsWith('POST /api/mutations')).length;

afterEach(() => {
  for (const p of running.splice(0)) p.stop();
  resetCacheStatus();
});

describe('the pusher', () => {
  it('sends pending changes in the order they were made, at most PUSH_LIMIT per request', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    for (let i = 0; i < PUSH_LIMIT + 10; i++) await createClient({ db }, { ...ada, name: `Client ${String(i).padStart(2, '0')}` });
    const { pusher } = startPusher(db, server);
    expect(await pusher.flush(5000)).toBe(0);
    expect(server.pushes.map((p) => p.length)).toEqual([PUSH_LIMIT, 10]);
    expect(server.pushes.flat().map((m) => (m.type === 'client.create' ? m.fields.name : ''))).toEqual(Array.from({ length: PUSH_LIMIT + 10 }, (_, i) => `Client ${String(i).padStart(2, '0')}`));
  });

  it('stores the server’s row for an applied change and empties the queue', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    const row = await createClient({ db }, ada);
    const { pusher } = startPusher(db, server);
    await pusher.flush(5000);
    expect(await db.get('clients', row.id)).toMatchObject({ name: 'Ada', seq: server.seq() });
    expect(await db.count('pending')).toBe(0);
    expect(useCacheStatus.getState().push).toBe('idle');
  });

  it('wakes on a new change and pushes it', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    const { pusher } = startPusher(db, server);
    await pusher.flush(1000);
    const row = await createClient({ db }, ada);
    pusher.wake();
    await vi.waitFor(() => expect(server.clients().map((c) => c.id)).toEqual([row.id]));
  });

  it('drops a refused change, hands it over once with the server’s reason, and never sends it again', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    server.refuse((m) => (m.type === 'client.create' && m.fields.name === 'Ana' ? { code: 'validation', message: 'Email must look like name@example.com' } : null));
    await createClient({ db }, { ...ada, name: 'Ana' });
    await createClient({ db }, { ...ada, name: 'Bea' });
    const { pusher, refused } = startPusher(db, server);
    await pusher.flush(5000);
    expect(refused.map((r) => [r.queued.label, r.error.message])).toEqual([['save client “Ana”', 'Email must look like name@example.com']]);
    expect(server.clients().map((c) => c.name)).toEqual(['Bea']);
    pusher.wake();
    await pusher.flush(1000);
    expect(pushCount(server)).toBe(1);
  });

  it('keeps the queue when the whole request fails (5xx, network), then retries with backoff', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    server.failNext('/api/mutations', 503);
    server.failNext('/api/mutations', 'network');
    await createClient({ db }, ada);
    startPusher(db, server);
    await vi.waitFor(() => expect(useCacheStatus.getState().push).toBe('retrying'));
    expect(await db.count('pending')).toBe(1);
    // First retry after ≥ 0.5 s, the second after ≥ 1 s more: both within the wait.
    await vi.waitFor(() => expect(server.clients()).toHaveLength(1), { timeout: 4000 });
    await vi.waitFor(() => expect(useCacheStatus.getState().push).toBe('idle'));
    expect(pushCount(server)).toBe(3);
    expect(await db.count('pending')).toBe(0);
  });

  it('does not apply a change twice when the answer was lost: the repeat gets the stored result', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    server.loseNextPushAnswer();
    await createClient({ db }, ada);
    const [queued] = await db.getAll('pending');
    startPusher(db, server);
    await vi.waitFor(() => expect(pushCount(server)).toBe(2), { timeout: 3000 });
    await vi.waitFor(async () => expect(await db.count('pending')).toBe(0));
    expect(server.appliedCount(queued!.mutation.id)).toBe(1);
    expect(server.clients()).toHaveLength(1);
  });

  it('does not resend what was applied', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    const row = await createClient({ db }, ada);
    const { pusher } = startPusher(db, server);
    await pusher.flush(5000);
    await updateClient({ db }, row.id, { ...ada, name: 'Ada King' });
    await pusher.flush(5000);
    expect(server.pushes.map((p) => p.map((m) => m.type))).toEqual([['client.create'], ['client.update']]);
  });

  it('stops on 401 until the member signs in again, keeping the queue', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    server.signOut();
    await createClient({ db }, ada);
    const { pusher, onUnauthorized } = startPusher(db, server);
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledOnce());
    pusher.wake();
    expect(await pusher.flush(200)).toBe(1);
    expect(pushCount(server)).toBe(1);
    expect(useCacheStatus.getState().push).toBe('unauthorized');
  });

  it('sends nothing while offline, and everything once woken online', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    let online = false;
    await createClient({ db }, ada);
    const { pusher } = startPusher(db, server, { isOnline: () => online });
    await vi.waitFor(() => expect(useCacheStatus.getState().push).toBe('offline'));
    expect(await pusher.flush(100)).toBe(1);
    expect(server.requests).toEqual([]);
    online = true;
    pusher.wake();
    await vi.waitFor(() => expect(server.clients()).toHaveLength(1));
  });

  it('lets one tab push a store’s queue at a time (the lock), and each change is applied once', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    let inFlight = 0;
    let overlapped = false;
    const slowFetch: typeof fetch = async (input, init) => {
      inFlight += 1;
      if (inFlight > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 20));
      try {
        return await server.fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    // A stand-in for navigator.locks: one holder at a time, the others queue.
    let tail = Promise.resolve();
    const withLock = <T,>(_name: string, work: () => Promise<T>): Promise<T> => {
      const run = tail.then(work);
      tail = run.then(() => undefined, () => undefined);
      return run;
    };
    for (let i = 0; i < 5; i++) await createClient({ db }, { ...ada, name: `C${i}` });
    const tabs = [0, 1].map(() => startPusher(db, { ...server, fetch: slowFetch }, { withLock }).pusher);
    await Promise.all(tabs.map((t) => t.flush(5000)));
    expect(overlapped).toBe(false);
    expect(server.clients()).toHaveLength(5);
    expect(server.pushes.flat()).toHaveLength(5);
  });
});

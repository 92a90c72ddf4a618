import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetCacheStatus, useCacheStatus } from '../db/cache-status';
import type { BizDb } from '../db/db';
import { updateClient } from '../db/local-changes';
import { readConnectState, readCursor } from '../db/server-changes';
import { createBizApi } from '../lib/biz-api';
import { freshDb } from '../test/db';
import { createFakeBizServer, type FakeBizServer } from '../test/fake-biz-api';
import { createPuller, type Puller } from './puller';

const running: Puller[] = [];

function startPuller(db: BizDb, server: FakeBizServer) {
  const onUnauthorized = vi.fn();
  const puller = createPuller({ db, api: createBizApi(server.fetch), onUnauthorized, random: () => 0 });
  puller.start();
  running.push(puller);
  return { puller, onUnauthorized };
}

const names = async (db: BizDb) => (await db.getAllFromIndex('clients', 'name')).map((c) => c.name);
const changeRequests = (server: FakeBizServer) => server.requests.filter((r) => r.startsWith('GET /api/changes'));

afterEach(() => {
  for (const p of running.splice(0)) p.stop();
  resetCacheStatus();
});

describe('the puller', () => {
  it('fills an empty cache with the server’s snapshot, then asks only for what changed since', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    server.putClient({ id: 'c1', name: 'Ada', email: '', phone: '', notes: '' });
    const { puller } = startPuller(db, server);
    await puller.pull();
    expect(await names(db)).toEqual(['Ada']);
    expect(await readCursor(db)).toBe(server.seq());
    expect(await readConnectState(db)).toEqual(server.connectState());
    expect(useCacheStatus.getState().firstPull).toBe('done');

    server.putClient({ id: 'c2', name: 'Bea', email: '', phone: '', notes: '' });
    await puller.pull();
    expect(await names(db)).toEqual(['Ada', 'Bea']);
    expect(changeRequests(server)).toEqual(['GET /api/changes?since=0', 'GET /api/changes?since=1']);
  });

  it('asks page after page while the server says more', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    server.pageLimit = 2;
    server.putClient({ id: 'c-0', name: '0', email: '', phone: '', notes: '' });
    const { puller } = startPuller(db, server);
    await puller.pull();
    for (const name of ['A', 'B', 'C', 'D', 'E']) server.putClient({ id: `c-${name}`, name, email: '', phone: '', notes: '' });
    await puller.pull();
    expect(await names(db)).toEqual(['0', 'A', 'B', 'C', 'D', 'E']);
    expect(changeRequests(server).slice(1)).toEqual(['GET /api/changes?since=1', 'GET /api/changes?since=3', 'GET /api/changes?since=5']);
    expect(await readCursor(db)).toBe(6);
  });

  it('gathers a reset spread over several pages and applies it at once, so the list never shows half', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    for (const name of ['A', 'B', 'C', 'D', 'E']) server.putClient({ id: `c-${name}`, name, email: '', phone: '', notes: '' });
    server.pageLimit = 2;
    const seen: number[] = [];
    db.onChange(['clients'], () => void db.count('clients').then((n) => seen.push(n)));
    const { puller } = startPuller(db, server);
    await puller.pull();
    await vi.waitFor(() => expect(seen).toEqual([5]));
    expect(changeRequests(server)).toHaveLength(3);
  });

  it('does not overwrite a client with a change still pending here', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    server.putClient({ id: 'c1', name: 'Ada', email: '', phone: '', notes: '' });
    const { puller } = startPuller(db, server);
    await puller.pull();
    await updateClient({ db }, 'c1', { name: 'Ada (here)', email: '', phone: '', notes: '' });
    server.putClient({ id: 'c1', name: 'Ada (elsewhere)', email: '', phone: '', notes: '' });
    await puller.pull();
    expect(await names(db)).toEqual(['Ada (here)']);
  });

  it('replaces the cache when the server answers with a reset (its database was replaced)', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    for (const name of ['Old 1', 'Old 2', 'Old 3']) server.putClient({ id: name, name, email: '', phone: '', notes: '' });
    const { puller } = startPuller(db, server);
    await puller.pull();
    server.replaceDatabase([{ id: 'n1', name: 'New', email: '', phone: '', notes: '', createdAt: '', updatedAt: '', seq: 0 }]);
    // The restored database is behind the cache's cursor: the server answers with a snapshot.
    await puller.pull();
    expect(await names(db)).toEqual(['New']);
  });

  it('pulls on a server event only when the cache is not at that sequence', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    const { puller } = startPuller(db, server);
    await puller.pull();
    puller.onServerSeq(server.seq());
    await new Promise((r) => setTimeout(r, 30));
    expect(changeRequests(server)).toHaveLength(1);
    server.putClient({ id: 'c1', name: 'Ada', email: '', phone: '', notes: '' });
    puller.onServerSeq(server.seq());
    await vi.waitFor(async () => expect(await names(db)).toEqual(['Ada']));
  });

  it('tells the caller of a 401 and otherwise retries a failed pull on its own', async () => {
    const db = freshDb();
    const server = createFakeBizServer();
    server.failNext('/api/changes', 'network');
    server.putClient({ id: 'c1', name: 'Ada', email: '', phone: '', notes: '' });
    const { puller, onUnauthorized } = startPuller(db, server);
    await puller.pull();
    expect(useCacheStatus.getState().firstPull).toBe('failed');
    await vi.waitFor(async () => expect(await names(db)).toEqual(['Ada']), { timeout: 3000 });
    expect(useCacheStatus.getState().firstPull).toBe('done');
    server.signOut();
    await puller.pull();
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });
});

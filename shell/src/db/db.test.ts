import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { BizDbOpenError, dbNameFor, openBizDb } from './db';
import type { ClientRecord } from './types';

const client = (id: string, name: string): ClientRecord => ({ id, name, email: '', phone: '', notes: '', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z' });
const storeId = () => `db-test-${crypto.randomUUID()}`;

describe('BizDb.write', () => {
  it('commits everything the work wrote, then tells the listeners of those stores', async () => {
    const db = openBizDb(storeId());
    const clients = vi.fn();
    const meta = vi.fn();
    db.onChange(['clients'], clients);
    db.onChange(['meta'], meta);
    await db.write(['clients', 'outbox'], async (tx) => {
      await tx.objectStore('clients').put(client('c1', 'Ada'));
    });
    expect(await db.get('clients', 'c1')).toMatchObject({ name: 'Ada' });
    expect(clients).toHaveBeenCalledTimes(1);
    expect(meta).not.toHaveBeenCalled();
    db.dispose();
  });

  it('writes nothing and tells nobody when the work throws after writing', async () => {
    const db = openBizDb(storeId());
    const listener = vi.fn();
    db.onChange(['clients'], listener);
    await expect(
      db.write(['clients'], async (tx) => {
        await tx.objectStore('clients').put(client('c1', 'Ada'));
        throw new Error('payload breaks the contract');
      }),
    ).rejects.toThrow('payload breaks the contract');
    expect(await db.count('clients')).toBe(0);
    expect(listener).not.toHaveBeenCalled();
    db.dispose();
  });

  it('rejects with IndexedDB’s error when a request fails, and keeps none of the transaction', async () => {
    const db = openBizDb(storeId());
    await db.put('clients', client('c1', 'Ada'));
    await expect(
      db.write(['clients'], async (tx) => {
        await tx.objectStore('clients').put(client('c2', 'Bea'));
        await tx.objectStore('clients').add(client('c1', 'Ada again'));
      }),
    ).rejects.toMatchObject({ name: 'ConstraintError' });
    expect((await db.getAll('clients')).map((c) => c.name)).toEqual(['Ada']);
    db.dispose();
  });
});

describe('BizDb change feed', () => {
  it('tells another connection to the same database (another tab), not one to another store', async () => {
    const id = storeId();
    const writer = openBizDb(id);
    const sameStore = openBizDb(id);
    const otherStore = openBizDb(storeId());
    const heard = vi.fn();
    const wrongStore = vi.fn();
    sameStore.onChange(['clients'], heard);
    otherStore.onChange(['clients'], wrongStore);
    await writer.put('clients', client('c1', 'Ada'));
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1));
    expect(wrongStore).not.toHaveBeenCalled();
    expect(await sameStore.get('clients', 'c1')).toMatchObject({ name: 'Ada' });
    for (const db of [writer, sameStore, otherStore]) db.dispose();
  });

  it('stops telling a listener once it unsubscribes', async () => {
    const db = openBizDb(storeId());
    const listener = vi.fn();
    const stop = db.onChange(['clients'], listener);
    stop();
    await db.put('clients', client('c1', 'Ada'));
    expect(listener).not.toHaveBeenCalled();
    db.dispose();
  });
});

describe('opening', () => {
  it('upgrades a database made by the earlier build (Dexie, version 10) in place, keeping its data', async () => {
    const id = storeId();
    // What Dexie made of the old schema: the same store and index names, at version 10.
    const old = await openDB(dbNameFor(id), 10, {
      upgrade(db) {
        const clients = db.createObjectStore('clients', { keyPath: 'id' });
        clients.createIndex('name', 'name');
        clients.createIndex('email', 'email');
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('status', 'status');
      },
    });
    await old.put('clients', client('c1', 'Ada'));
    old.close();

    const db = openBizDb(id);
    expect((await db.getAllFromIndex('clients', 'name')).map((c) => c.name)).toEqual(['Ada']);
    // Stores and indexes the old database lacked were added.
    expect(await db.countFromIndex('outbox', 'status', 'pending')).toBe(0);
    expect(await db.getAllFromIndex('clients', 'updatedAt')).toHaveLength(1);
    // An index the old schema had and nothing reads any more was dropped.
    const raw = await openDB(dbNameFor(id));
    expect([...raw.transaction('clients').store.indexNames].sort()).toEqual(['name', 'updatedAt']);
    raw.close();
    await db.put('meta', { key: 'k', value: 1 });
    expect(await db.get('meta', 'k')).toEqual({ key: 'k', value: 1 });
    db.dispose();
  });

  it('says what to do when the database cannot be opened (a newer version from another build)', async () => {
    const id = storeId();
    (await openDB(dbNameFor(id), 999)).close();
    const db = openBizDb(id);
    const err = await db.get('clients', 'c1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BizDbOpenError);
    expect((err as Error).message).toMatch(/Close other Mango Biz tabs and reload/);
    db.dispose();
  });

  it('lets a newer build in another tab upgrade: closes, then reopens on the next call', async () => {
    const id = storeId();
    const db = openBizDb(id);
    await db.put('clients', client('c1', 'Ada'));
    const newer = await openDB(dbNameFor(id), 21);
    newer.close();
    // After the upgrade, our version (20) is older than the database's: opening again says so.
    await expect(db.get('clients', 'c1')).rejects.toBeInstanceOf(BizDbOpenError);
    db.dispose();
  });
});

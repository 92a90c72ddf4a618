import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { clientRow } from '../test/db';
import { BizDbOpenError, dbNameFor, deleteBizDb, getBizDb, openBizDb } from './db';

const client = (id: string, name: string) => clientRow(id, name);
const storeId = () => `db-test-${crypto.randomUUID()}`;

describe('BizDb.write', () => {
  it('commits everything the work wrote, then tells the listeners of those stores', async () => {
    const db = openBizDb(storeId());
    const clients = vi.fn();
    const meta = vi.fn();
    db.onChange(['clients'], clients);
    db.onChange(['meta'], meta);
    await db.write(['clients', 'pending'], async (tx) => {
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
  it('drops what an earlier build kept in the browser (its outbox, relay state and rows) when it upgrades', async () => {
    const id = storeId();
    // The browser-as-database schema (version 20): rows without a server sequence, and an outbox.
    const old = await openDB(dbNameFor(id), 20, {
      upgrade(db) {
        db.createObjectStore('clients', { keyPath: 'id' }).createIndex('name', 'name');
        db.createObjectStore('outbox', { keyPath: 'id' });
        db.createObjectStore('webhookDeliveries', { keyPath: 'id' });
        db.createObjectStore('meta', { keyPath: 'key' });
      },
    });
    await old.put('clients', { id: 'c-local', name: 'Made offline in the old build' });
    await old.put('outbox', { id: 'e1' });
    await old.put('meta', { key: 'seededAt', value: 'yesterday' });
    old.close();

    const db = openBizDb(id);
    expect(await db.count('clients')).toBe(0);
    expect(await db.get('meta', 'cursor')).toBeUndefined();
    const raw = await openDB(dbNameFor(id));
    expect([...raw.objectStoreNames].sort()).toEqual(['appointments', 'clients', 'meta', 'pending']);
    expect([...raw.transaction('pending').store.indexNames]).toEqual(['entityId']);
    raw.close();
    db.dispose();
  });

  it('keeps the pending changes in the order they were made (auto-increment keys)', async () => {
    const db = openBizDb(storeId());
    for (const name of ['first', 'second', 'third']) {
      await db.write(['pending'], (tx) => tx.objectStore('pending').add({ mutation: { id: `m-${name}-0001`, type: 'appointment.cancel', entityId: 'a1' }, entity: 'appointment', entityId: 'a1', label: name, queuedAt: '' }));
    }
    expect((await db.getAll('pending')).map((p) => p.label)).toEqual(['first', 'second', 'third']);
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
    const newer = await openDB(dbNameFor(id), 31);
    newer.close();
    // After the upgrade, our version (30) is older than the database's: opening again says so.
    await expect(db.get('clients', 'c1')).rejects.toBeInstanceOf(BizDbOpenError);
    db.dispose();
  });
});

describe('deleting a store database (sign-out)', () => {
  it('deletes it with its data, even while another tab holds it open, and this tab cannot reopen it by accident', async () => {
    const id = storeId();
    const db = getBizDb(id);
    const otherTab = openBizDb(id);
    await db.put('clients', client('c1', 'Ada'));
    expect(await otherTab.count('clients')).toBe(1);
    expect(await deleteBizDb(id)).toBe(true);
    await expect(db.get('clients', 'c1')).rejects.toBeInstanceOf(BizDbOpenError);
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain(dbNameFor(id));
    otherTab.dispose();
  });
});

import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type IndexKey, type IndexNames, type StoreKey, type StoreNames, type StoreValue } from 'idb';
import { createChangeFeed, type ChangeFeed } from './change-feed';
import type { AppointmentRow, ClientRow, MetaKey, MetaRecord, PendingMutation } from './types';

/**
 * The store-app's IndexedDB schema: a cache of the server's rows (`clients`, `appointments`), the
 * changes made here that the server has not answered yet (`pending`, in the order they were made)
 * and `meta` (the pull cursor and the store's Connect state).
 */
export interface BizSchema extends DBSchema {
  clients: { key: string; value: ClientRow; indexes: { name: string } };
  appointments: { key: string; value: AppointmentRow; indexes: { scheduledAt: string } };
  pending: { key: number; value: PendingMutation; indexes: { entityId: string } };
  meta: { key: MetaKey; value: MetaRecord };
}

export type StoreName = StoreNames<BizSchema>;
export type WriteTx<N extends StoreName> = IDBPTransaction<BizSchema, N[], 'readwrite'>;
export type ReadTx<N extends StoreName> = IDBPTransaction<BizSchema, N[], 'readonly'>;
type Query<N extends StoreName> = StoreKey<BizSchema, N> | IDBKeyRange | null;
type IndexQuery<N extends StoreName, I extends IndexNames<BizSchema, N>> = IndexKey<BizSchema, N, I> | IDBKeyRange | null;

/**
 * Every object store with its key path and indexes (each on the field of its name). Only indexes
 * something reads: each one is written again by every write of its store.
 */
const LAYOUT: Record<StoreName, { keyPath: string; autoIncrement?: boolean; indexes: string[] }> = {
  clients: { keyPath: 'id', indexes: ['name'] },
  appointments: { keyPath: 'id', indexes: ['scheduledAt'] },
  // Auto-increment: the key is the order the changes were made in, which is the order they are sent.
  pending: { keyPath: 'n', autoIncrement: true, indexes: ['entityId'] },
  meta: { keyPath: 'key', indexes: [] },
};

const SCHEMA_VERSION = 30;
/**
 * Below this version the browser was the store's database (its own outbox, relay and sync state).
 * Those rows now live on the server, and rows the browser made then never reached it: the upgrade
 * drops every store and the first pull fills the cache from the server.
 */
const FIRST_CACHE_VERSION = 30;

/** IndexedDB refused to open the store's database (blocked by an old tab, quota, private mode). */
export class BizDbOpenError extends Error {
  readonly code = 'ERR_BIZ_DB_OPEN';
  constructor(name: string, cause: unknown) {
    super(`Could not open this store's local data (${name}): ${cause instanceof Error ? cause.message : String(cause)}. Close other Mango Biz tabs and reload.`, { cause });
    this.name = 'BizDbOpenError';
  }
}

/**
 * One store's local database. Reads go straight to IndexedDB (idb's typed helpers); every write
 * goes through `write`, one transaction, and is announced on commit to this tab and the others
 * (`onChange`), which is what keeps live lists current. A write can only be made through `write`:
 * the read helpers are all this type exposes of the connection.
 */
export class BizDb {
  private connection: Promise<IDBPDatabase<BizSchema>> | null = null;
  private disposed = false;
  private readonly feed: ChangeFeed;

  constructor(readonly name: string) {
    this.feed = createChangeFeed(name);
  }

  private open(): Promise<IDBPDatabase<BizSchema>> {
    // After sign-out: opening again would make the deleted database anew, empty, under the old name.
    if (this.disposed) return Promise.reject(new BizDbOpenError(this.name, new Error('this store was signed out of in this tab')));
    this.connection ??= openDB<BizSchema>(this.name, SCHEMA_VERSION, {
      upgrade(db, oldVersion, _new, tx) {
        const existing = [...(db.objectStoreNames as DOMStringList)];
        for (const name of existing) {
          if (oldVersion < FIRST_CACHE_VERSION || !(name in LAYOUT)) db.deleteObjectStore(name as StoreName);
        }
        for (const [store, layout] of Object.entries(LAYOUT) as [StoreName, (typeof LAYOUT)[StoreName]][]) {
          const os = db.objectStoreNames.contains(store) ? tx.objectStore(store) : db.createObjectStore(store, { keyPath: layout.keyPath, autoIncrement: layout.autoIncrement ?? false });
          const wanted = new Set(layout.indexes);
          for (const index of [...os.indexNames]) if (!wanted.has(index)) os.deleteIndex(index);
          for (const index of wanted) if (!os.indexNames.contains(index as never)) os.createIndex(index as never, index);
        }
      },
      // A newer build in another tab wants to upgrade, or a tab signing out deletes the database:
      // let it. The next call opens again, and fails with BizDbOpenError (reload) if the database
      // is now newer than this build.
      blocking: () => this.close(),
      terminated: () => {
        this.connection = null;
      },
    }).catch((err: unknown) => {
      this.connection = null;
      throw new BizDbOpenError(this.name, err);
    });
    return this.connection;
  }

  /** Closes the connection; the next call opens it again. The change feed keeps listening. */
  close(): void {
    const c = this.connection;
    this.connection = null;
    void c?.then((db) => db.close(), () => undefined);
  }

  /** Closes for good: also stops the change feed; every later call rejects. */
  dispose(): void {
    this.disposed = true;
    this.close();
    this.feed.close();
  }

  /**
   * Runs `work` in one readwrite transaction over `stores` and resolves once it has committed;
   * then every tab's `onChange` listeners for those stores hear of it. `work` must only wait for
   * requests of `tx` (any other await lets IndexedDB commit the transaction early). If it throws,
   * the transaction is aborted and nothing of it is written.
   */
  async write<N extends StoreName, T>(stores: readonly N[], work: (tx: WriteTx<N>) => Promise<T>): Promise<T> {
    const tx = (await this.open()).transaction([...stores], 'readwrite');
    let result: T;
    try {
      result = await work(tx);
    } catch (err) {
      try {
        tx.abort();
      } catch {
        // Already finished: the error came from the transaction itself.
      }
      await tx.done.catch(() => undefined);
      throw err;
    }
    await tx.done;
    this.feed.announce(stores);
    return result;
  }

  /** Runs `work` in one readonly transaction over `stores` (a consistent view across them). */
  async read<N extends StoreName, T>(stores: readonly N[], work: (tx: ReadTx<N>) => Promise<T>): Promise<T> {
    const tx = (await this.open()).transaction([...stores], 'readonly');
    const result = await work(tx);
    await tx.done;
    return result;
  }

  /** Calls `listener` after any tab's write to one of `stores` commits; returns the unsubscribe. */
  onChange(stores: readonly StoreName[], listener: () => void): () => void {
    return this.feed.subscribe(stores, listener);
  }

  // One-request reads, each its own transaction.

  async get<N extends StoreName>(store: N, key: StoreKey<BizSchema, N> | IDBKeyRange): Promise<StoreValue<BizSchema, N> | undefined> {
    return (await this.open()).get(store, key);
  }

  /** Several records by key in one transaction, all requests out at once; undefined where there is none. */
  getMany<N extends StoreName>(store: N, keys: readonly StoreKey<BizSchema, N>[]): Promise<(StoreValue<BizSchema, N> | undefined)[]> {
    return this.read([store], (tx) => getMany(tx, store, keys));
  }

  async getAll<N extends StoreName>(store: N, query?: Query<N>, count?: number): Promise<StoreValue<BizSchema, N>[]> {
    return (await this.open()).getAll(store, query, count);
  }

  async getAllFromIndex<N extends StoreName, I extends IndexNames<BizSchema, N>>(store: N, index: I, query?: IndexQuery<N, I>, count?: number): Promise<StoreValue<BizSchema, N>[]> {
    return (await this.open()).getAllFromIndex(store, index, query, count);
  }

  async getAllKeys<N extends StoreName>(store: N, query?: Query<N>, count?: number): Promise<StoreKey<BizSchema, N>[]> {
    return (await this.open()).getAllKeys(store, query, count);
  }

  async getAllKeysFromIndex<N extends StoreName, I extends IndexNames<BizSchema, N>>(store: N, index: I, query?: IndexQuery<N, I>, count?: number): Promise<StoreKey<BizSchema, N>[]> {
    return (await this.open()).getAllKeysFromIndex(store, index, query, count);
  }

  async count<N extends StoreName>(store: N, query?: Query<N>): Promise<number> {
    return (await this.open()).count(store, query);
  }

  async countFromIndex<N extends StoreName, I extends IndexNames<BizSchema, N>>(store: N, index: I, query?: IndexQuery<N, I>): Promise<number> {
    return (await this.open()).countFromIndex(store, index, query);
  }

  // One-request writes, each its own transaction (announced like any write).

  put<N extends StoreName>(store: N, value: StoreValue<BizSchema, N>): Promise<StoreKey<BizSchema, N>> {
    return this.write([store], (tx) => tx.objectStore(store).put(value));
  }

  delete<N extends StoreName>(store: N, key: StoreKey<BizSchema, N>): Promise<void> {
    return this.write([store], (tx) => tx.objectStore(store).delete(key));
  }
}

/** Reads several records by key in `tx`, all requests out at once; undefined where there is none. */
export function getMany<N extends StoreName, S extends N, M extends IDBTransactionMode>(tx: IDBPTransaction<BizSchema, N[], M>, store: S, keys: readonly StoreKey<BizSchema, S>[]): Promise<(StoreValue<BizSchema, S> | undefined)[]> {
  const os = tx.objectStore(store);
  return Promise.all(keys.map((k) => os.get(k)));
}

/** Puts every value into `store` in `tx`, all requests out at once. */
export function putAll<N extends StoreName, S extends N>(tx: WriteTx<N>, store: S, values: readonly StoreValue<BizSchema, S>[]): Promise<StoreKey<BizSchema, S>[]> {
  const os = tx.objectStore(store);
  return Promise.all(values.map((v) => os.put(v)));
}

/** One database per store: two stores signed in on one machine never see each other's data. */
export const dbNameFor = (storeId: string) => `mango-biz-${storeId}`;

/** A new handle on a store's database (tests open several; the app uses `getBizDb`). */
export function openBizDb(storeId: string): BizDb {
  return new BizDb(dbNameFor(storeId));
}

const open = new Map<string, BizDb>();

/** The page's single connection per store. */
export function getBizDb(storeId: string): BizDb {
  let db = open.get(storeId);
  if (!db) {
    db = openBizDb(storeId);
    open.set(storeId, db);
  }
  return db;
}

/** Closes this page's connection to a store's database for good (another tab signed out). */
export function closeBizDb(storeId: string): void {
  open.get(storeId)?.dispose();
  open.delete(storeId);
}

/**
 * Deletes a store's database from this browser (sign-out on a shared device). Closes this page's
 * connection for good; other tabs close theirs when asked (the `blocking` handler above). Resolves
 * true once deleted, false if another connection still held it after `waitMs`: IndexedDB then
 * deletes it as soon as that one closes.
 */
export async function deleteBizDb(storeId: string, waitMs = 5000): Promise<boolean> {
  closeBizDb(storeId);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
  try {
    return await Promise.race([deleteDB(dbNameFor(storeId)).then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

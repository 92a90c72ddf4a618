// The bare page's side of the floors (floor.ts): plain IndexedDB and fetch, no app code, no
// wrapper library, no UI. What it spends is what any page holding the store's data in IndexedDB
// must spend on the same job in this Chromium; the app's own figures are read against it.
// Served transpiled to the bare page; runs in the browser only.

interface Entity {
  id: string;
  [field: string]: unknown;
}

const STORES = ['clients', 'appointments', 'integrations', 'outbox'] as const;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

const databases = new Map<string, IDBDatabase>();

/** A fresh database of that name with the four stores the floors use. */
async function fresh(name: string): Promise<IDBDatabase> {
  databases.get(name)?.close();
  await request(indexedDB.deleteDatabase(name));
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    for (const store of STORES) open.result.createObjectStore(store, { keyPath: 'id' });
  };
  const db = await request(open);
  databases.set(name, db);
  return db;
}

function opened(name: string): IDBDatabase {
  const db = databases.get(name);
  if (!db) throw new Error(`floor database ${name} was not loaded first`);
  return db;
}

/** Puts the records in a fresh database, one transaction (not timed). */
async function load(name: string, records: { clients: Entity[]; appointments: Entity[] }): Promise<void> {
  const db = await fresh(name);
  const tx = db.transaction(['clients', 'appointments', 'integrations'], 'readwrite');
  for (const c of records.clients) tx.objectStore('clients').put(c);
  for (const a of records.appointments) tx.objectStore('appointments').put(a);
  tx.objectStore('integrations').put({ id: 'connect', config: { enabled: true } });
  await committed(tx);
}

async function postAll(bodies: readonly string[], sinkUrl: string, concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(sinkUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (!res.ok) throw new Error(`the sink answered ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
}

/**
 * The sync's floor: every client and appointment read in one transaction (two getAll), sent as
 * JSON bodies of `perRequest` items, `concurrency` requests at a time. Answers milliseconds.
 */
async function sync(name: string, sinkUrl: string, perRequest: number, concurrency: number): Promise<number> {
  const db = opened(name);
  const t0 = performance.now();
  const tx = db.transaction(['clients', 'appointments']);
  const [clients, appointments] = await Promise.all([request(tx.objectStore('clients').getAll()), request(tx.objectStore('appointments').getAll())]);
  const bodies: string[] = [];
  for (const [entity, items] of [['clients', clients], ['appointments', appointments]] as const) {
    for (let i = 0; i < items.length; i += perRequest) bodies.push(JSON.stringify({ entity, items: items.slice(i, i + perRequest) }));
  }
  await postAll(bodies, sinkUrl, concurrency);
  return performance.now() - t0;
}

/**
 * The changes' floor: `entities` clients created, then `versions - 1` renames of each, one after
 * another, each one transaction that checks Connect is on, reads the client (a rename), and writes
 * the client and its event. The least a change and its event committed together can cost: no
 * sequence number, no change feed, no wrapper. Answers milliseconds.
 */
async function changes(name: string, entities: number, versions: number): Promise<number> {
  const db = opened(name);
  const stores = ['clients', 'integrations', 'outbox'];
  const iso = new Date().toISOString();
  const t0 = performance.now();
  for (let v = 0; v < versions; v++) {
    for (let i = 0; i < entities; i++) {
      const id = `floor-client-${i}`;
      const tx = db.transaction(stores, 'readwrite');
      const done = committed(tx);
      const [integration, existing] = await Promise.all([
        request(tx.objectStore('integrations').get('connect')),
        v === 0 ? undefined : request(tx.objectStore('clients').get(id)),
      ]);
      if (!integration) throw new Error('the floor database has no integration record');
      const client = { ...(existing as Entity | undefined), id, name: `Floor Client ${i} v${v}`, email: '', phone: '', notes: '', createdAt: iso, updatedAt: iso };
      tx.objectStore('clients').put(client);
      tx.objectStore('outbox').add({ id: crypto.randomUUID(), entityId: id, seq: v, status: 'pending', createdAt: iso, payload: { event: v ? 'client.updated' : 'client.created', data: client } });
      await done;
    }
  }
  return performance.now() - t0;
}

/**
 * The delivery's floor: the outbox read `batch` events at a time (by key), each batch POSTed as one
 * body and its events marked done in one transaction (a put each). No delivery log, one lane.
 * Answers milliseconds and the events sent.
 */
async function delivery(name: string, sinkUrl: string, batch: number): Promise<{ ms: number; events: number }> {
  const db = opened(name);
  const t0 = performance.now();
  let events = 0;
  let after: IDBValidKey | null = null;
  for (;;) {
    const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
    const due = (await request(db.transaction(['outbox']).objectStore('outbox').getAll(range, batch))) as Entity[];
    if (due.length === 0) break;
    after = due[due.length - 1]!.id;
    await postAll([JSON.stringify({ events: due })], sinkUrl, 1);
    const tx = db.transaction(['outbox'], 'readwrite');
    for (const e of due) tx.objectStore('outbox').put({ ...e, status: 'done' });
    await committed(tx);
    events += due.length;
  }
  return { ms: performance.now() - t0, events };
}

/** What a floor database holds, for checking that a floor did the work it claims. */
async function inspect(name: string): Promise<{ clients: Entity[]; outbox: Entity[] }> {
  const tx = opened(name).transaction(['clients', 'outbox']);
  const [clients, outbox] = await Promise.all([request(tx.objectStore('clients').getAll()), request(tx.objectStore('outbox').getAll())]);
  return { clients: clients as Entity[], outbox: outbox as Entity[] };
}

export const floorPage = { load, sync, changes, delivery, inspect };
export type FloorPage = typeof floorPage;

declare global {
  interface Window {
    __floor?: FloorPage;
  }
}

window.__floor = floorPage;

import type { ApiError, AppointmentRow, ClientRow, ConnectState, PushResult } from '@mango/connect-shared';
import { getMany, type BizDb, type WriteTx } from './db';
import type { PendingMutation, QueuedMutation } from './types';

/**
 * How what the server says lands in the cache. Two rules keep the cache honest:
 * - a row of an entity that still has pending mutations is never overwritten by the server: the
 *   cache shows what this device did, and that mutation's own result brings the server's row;
 * - a row is never replaced by an older version of itself (a lower `seq`), so a pull that was
 *   answered before a push cannot undo the push's row.
 */

/** One page of the change feed as the cache applies it (a reset may span several pages, merged). */
export interface ChangesPage {
  cursor: number;
  reset: boolean;
  clients: readonly ClientRow[];
  appointments: readonly AppointmentRow[];
  connect?: ConnectState;
}

const ROW_STORES = ['clients', 'appointments'] as const;
type RowStore = (typeof ROW_STORES)[number];
const PULL_STORES = [...ROW_STORES, 'pending', 'meta'] as const;
type PullTx = WriteTx<(typeof PULL_STORES)[number]>;

const entityIds = (pending: readonly PendingMutation[]) => new Set(pending.map((p) => p.entityId));

async function mergeRows<S extends RowStore>(tx: PullTx, store: S, rows: readonly (S extends 'clients' ? ClientRow : AppointmentRow)[], keep: ReadonlySet<string>): Promise<void> {
  const incoming = rows.filter((r) => !keep.has(r.id));
  const existing = await getMany(tx, store, incoming.map((r) => r.id));
  const os = tx.objectStore(store);
  await Promise.all(incoming.flatMap((row, i) => (existing[i] && existing[i].seq > row.seq ? [] : [os.put(row as never)])));
}

async function replaceRows<S extends RowStore>(tx: PullTx, store: S, rows: readonly (S extends 'clients' ? ClientRow : AppointmentRow)[], keep: ReadonlySet<string>): Promise<void> {
  const os = tx.objectStore(store);
  const incoming = new Set(rows.map((r) => r.id));
  const stale = (await os.getAllKeys()).filter((id) => !incoming.has(id) && !keep.has(id));
  await Promise.all([...stale.map((id) => os.delete(id)), ...rows.filter((r) => !keep.has(r.id)).map((r) => os.put(r as never))]);
}

/**
 * Applies one page (or a whole reset snapshot) in ONE transaction: rows, cursor and Connect state
 * move together, so the cache is always the server's state as of its cursor. A reset replaces the
 * cache (the server's database may have been replaced), keeping only rows with pending changes.
 * A page older than the cache (another tab got further) still merges its rows by `seq`, but moves
 * neither the cursor nor the Connect state back.
 */
export function applyChanges(db: BizDb, page: ChangesPage): Promise<void> {
  return db.write(PULL_STORES, async (tx) => {
    const [pending, current] = await Promise.all([tx.objectStore('pending').getAll(), tx.objectStore('meta').get('cursor')]);
    const keep = entityIds(pending);
    const cursor = current?.key === 'cursor' ? current.value : 0;
    const write = page.reset ? replaceRows : mergeRows;
    const meta = tx.objectStore('meta');
    const movesForward = page.reset || page.cursor >= cursor;
    await Promise.all([
      write(tx, 'clients', page.clients, keep),
      write(tx, 'appointments', page.appointments, keep),
      ...(movesForward ? [meta.put({ key: 'cursor', value: page.cursor })] : []),
      ...(movesForward && page.connect ? [meta.put({ key: 'connect', value: page.connect })] : []),
    ]);
  });
}

export interface RefusedChange {
  queued: QueuedMutation;
  error: ApiError;
}

/**
 * Applies the server's answers to a push in ONE transaction: every answered mutation leaves the
 * queue; for each entity the last applied row is stored unless the entity still has mutations
 * queued (their results bring the newer row). Mutations without an answer stay queued. Resolves
 * to the refused ones, for the caller to tell the person and to re-pull the server's truth.
 */
export function applyPushResults(db: BizDb, sent: readonly QueuedMutation[], results: readonly PushResult[]): Promise<RefusedChange[]> {
  const byId = new Map(results.map((r) => [r.id, r]));
  return db.write([...ROW_STORES, 'pending'], async (tx) => {
    const answered = sent.flatMap((queued) => {
      const result = byId.get(queued.mutation.id);
      return result ? [{ queued, result }] : [];
    });
    const pending = tx.objectStore('pending');
    await Promise.all(answered.map(({ queued }) => pending.delete(queued.n)));
    const stillQueued = entityIds(await pending.getAll());

    const newest = new Map<string, { store: RowStore; row: ClientRow | AppointmentRow }>();
    for (const { result } of answered) {
      if (result.status === 'applied') newest.set(`${result.entity}:${result.row.id}`, { store: result.entity === 'client' ? 'clients' : 'appointments', row: result.row });
    }
    const writes = [...newest.values()].filter(({ row }) => !stillQueued.has(row.id));
    const existing = await Promise.all(writes.map(({ store, row }) => tx.objectStore(store).get(row.id)));
    await Promise.all(writes.flatMap(({ store, row }, i) => (existing[i] && existing[i].seq > row.seq ? [] : [tx.objectStore(store).put(row as never)])));

    return answered.flatMap(({ queued, result }) => (result.status === 'refused' ? [{ queued, error: result.error }] : []));
  });
}

/** The oldest `limit` pending mutations, in the order they were made. */
export async function readPendingBatch(db: BizDb, limit: number): Promise<QueuedMutation[]> {
  return (await db.getAll('pending', null, limit)) as QueuedMutation[];
}

export async function readCursor(db: BizDb): Promise<number> {
  const record = await db.get('meta', 'cursor');
  return record?.key === 'cursor' ? record.value : 0;
}

export async function readConnectState(db: BizDb): Promise<ConnectState | null> {
  const record = await db.get('meta', 'connect');
  return record?.key === 'connect' ? record.value : null;
}

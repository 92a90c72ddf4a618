import { CHANGES_PAGE_LIMIT, type ChangesResponse } from '@mango/connect-shared';
import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Queryable } from '../db/database.js';
import { appointments, clients } from '../db/schema.js';
import { readConnectState } from '../connect/state.js';
import { appointmentRowOf, clientRowOf } from './rows.js';
import { currentStoreSeq } from './store-seq.js';

/**
 * One page of the store's change feed: every client and appointment changed after `since`, up to
 * a cursor. The cursor is the store's change sequence read first: every change stamped at or below
 * it has committed (the sequence is bumped under the store row's lock, held to commit), so reading
 * the rows in several statements still gives a complete, consistent page. Rows sharing one
 * sequence number (a seed, a bulk import) are never split across pages, so a page may run over
 * `limit` to finish a group.
 */
export async function readChanges(q: Queryable, storeId: string, since: number, limit = CHANGES_PAGE_LIMIT): Promise<ChangesResponse> {
  const head = await currentStoreSeq(q, storeId);
  // A cursor ahead of the server means the device saw another database (a reset demo): start over.
  const reset = since <= 0 || since > head;
  const from = reset ? 0 : since;
  const read = (upTo: number, max?: number) =>
    Promise.all([
      q.select().from(clients).where(and(eq(clients.storeId, storeId), gt(clients.seq, from), lte(clients.seq, upTo))).orderBy(asc(clients.seq), asc(clients.id)).limit(max ?? Number.MAX_SAFE_INTEGER),
      q.select().from(appointments).where(and(eq(appointments.storeId, storeId), gt(appointments.seq, from), lte(appointments.seq, upTo))).orderBy(asc(appointments.seq), asc(appointments.id)).limit(max ?? Number.MAX_SAFE_INTEGER),
    ]);
  let [clientRows, appointmentRows] = await read(head, limit + 1);
  let cursor = head;
  let more = false;
  if (clientRows.length + appointmentRows.length > limit) {
    // The page ends at the sequence of the limit-th row in sequence order; read exactly up to it.
    const seqs = [...clientRows.map((r) => r.seq), ...appointmentRows.map((r) => r.seq)].sort((a, b) => a - b);
    cursor = seqs[limit - 1]!;
    more = cursor < head;
    [clientRows, appointmentRows] = await read(cursor);
  }
  const connect = await readConnectState(q, storeId);
  const { seq: connectSeq, ...connectState } = connect;
  return {
    cursor,
    more,
    reset,
    clients: clientRows.map(clientRowOf),
    appointments: appointmentRows.map(appointmentRowOf),
    ...(reset || connectSeq > from ? { connect: connectState } : {}),
  };
}

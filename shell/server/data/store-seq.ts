import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '../db/database.js';

/**
 * Bumps the store's change sequence and answers the new value. Call it inside the write
 * transaction: the row lock it takes is held until commit, so the store's changes commit in
 * sequence order and a device's cursor never skips a change that commits late.
 */
export async function bumpStoreSeq(q: Queryable, storeId: string): Promise<number> {
  const [row] = await rows<{ seq: string | number }>(q, sql`UPDATE stores SET seq = seq + 1 WHERE id = ${storeId} RETURNING seq`);
  if (!row) throw new Error(`Store ${storeId} does not exist.`);
  return Number(row.seq);
}

/** The store's current change sequence (what has committed). */
export async function currentStoreSeq(q: Queryable, storeId: string): Promise<number> {
  const [row] = await rows<{ seq: string | number }>(q, sql`SELECT seq FROM stores WHERE id = ${storeId}`);
  return row ? Number(row.seq) : 0;
}

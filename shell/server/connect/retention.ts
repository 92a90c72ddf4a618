import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/database.js';

/** Rows deleted per statement: small, so a sweep never holds many locks or a long transaction. */
const BATCH = 500;

export interface PruneCounts {
  outbox: number;
  deliveries: number;
  mutations: number;
  sessions: number;
  throttle: number;
}

/** Deletes what `select` picks (at most BATCH ids per statement) until nothing is left; answers the count. */
async function inBatches(db: Db, table: string, key: string, select: SQL): Promise<number> {
  let total = 0;
  for (;;) {
    // SKIP LOCKED: two workers sweeping at once take different rows instead of waiting for each other.
    const deleted = await rows<{ n: number }>(
      db,
      sql`WITH doomed AS (${select} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED), gone AS (DELETE FROM ${sql.identifier(table)} WHERE ${sql.identifier(key)} IN (SELECT ${sql.identifier(key)} FROM doomed) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    );
    const n = Number(deleted[0]?.n ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Retention: delivered outbox events and delivery records older than `olderThan`, and the applied
 * mutation ids, ended sessions and sign-in counts past their use, deleted in small batches. Pending
 * and dead-lettered events stay (an owner may still redeliver a dead one).
 */
export async function pruneOnce(db: Db, olderThan: Date, now = new Date()): Promise<PruneCounts> {
  return {
    outbox: await inBatches(db, 'outbox', 'id', sql`SELECT id FROM outbox WHERE status = 'done' AND done_at < ${olderThan}`),
    deliveries: await inBatches(db, 'webhook_deliveries', 'id', sql`SELECT id FROM webhook_deliveries WHERE sent_at < ${olderThan}`),
    mutations: await inBatches(db, 'mutations', 'ctid', sql`SELECT ctid FROM mutations WHERE created_at < ${olderThan}`),
    sessions: await inBatches(db, 'sessions', 'id', sql`SELECT id FROM sessions WHERE expires_at < ${now} OR revoked_at < ${olderThan}`),
    throttle: await inBatches(db, 'login_throttle', 'key', sql`SELECT key FROM login_throttle WHERE window_start < ${new Date(now.getTime() - 86_400_000)}`),
  };
}

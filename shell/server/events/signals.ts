import { EventEmitter } from 'node:events';
import type { Database, Queryable } from '../db/database.js';
import { notifySql } from '../db/database.js';

/** What a commit tells the rest of the system. */
export interface Signal {
  storeId: string;
  /** The store's new change sequence: devices pull up to it. */
  seq?: number;
  /** Webhook events were appended or made due: delivery workers look again. */
  outbox?: boolean;
  /** Delivery attempts were recorded: open delivery logs re-query. */
  deliveries?: boolean;
}

const CHANNEL = 'mango_biz_signals';

/**
 * Wake-ups after commit, in this process and in every other process on the same Postgres server.
 * In this process a signal is an event, told the moment the transaction commits. Other processes
 * hear it through NOTIFY, sent inside the transaction so Postgres delivers it only if and when the
 * transaction commits; a process ignores its own notifications (it already told itself). PGlite
 * runs in one process, so there the in-process event is all there is. Polling stays the fallback:
 * a missed signal delays work, never loses it.
 */
export interface Signals {
  /** Inside the write transaction: queues the NOTIFY other processes will hear on commit. */
  announce(q: Queryable, signal: Signal): Promise<void>;
  /** After commit: tells this process's listeners. */
  committed(signal: Signal): void;
  onSignal(listener: (signal: Signal) => void): () => void;
  /**
   * Called when signals from other processes may have been missed (the listening connection was
   * lost and is back): listeners catch up from the database, e.g. by telling devices the current
   * sequence and looking for due events.
   */
  onResync(listener: () => void): () => void;
  /** Starts listening for other processes (Postgres); resolves once listening. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSignals(database: Pick<Database, 'kind' | 'listen' | 'onListenRestored'>): Signals {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const self = crypto.randomUUID();
  const crossProcess = database.kind === 'postgres' && database.listen !== undefined;
  let unlisten: (() => Promise<void>) | null = null;
  let unrestored: (() => void) | null = null;
  const emit = (signal: Signal) => emitter.emit('signal', signal);

  return {
    async announce(q, signal) {
      if (!crossProcess) return;
      await q.execute(notifySql(CHANNEL, JSON.stringify({ from: self, ...signal })));
    },
    committed: emit,
    onSignal(listener) {
      emitter.on('signal', listener);
      return () => emitter.off('signal', listener);
    },
    onResync(listener) {
      emitter.on('resync', listener);
      return () => emitter.off('resync', listener);
    },
    async start() {
      if (!crossProcess || unlisten) return;
      unrestored = database.onListenRestored?.(() => emitter.emit('resync')) ?? null;
      unlisten = await database.listen!(CHANNEL, (payload) => {
        const parsed = parseSignal(payload);
        if (parsed && parsed.from !== self) emit(parsed.signal);
      });
    },
    async stop() {
      await unlisten?.();
      unlisten = null;
      unrestored?.();
      unrestored = null;
      emitter.removeAllListeners();
    },
  };
}

function parseSignal(payload: string): { from: string; signal: Signal } | null {
  try {
    const raw = JSON.parse(payload) as Record<string, unknown>;
    if (typeof raw.from !== 'string' || typeof raw.storeId !== 'string') return null;
    return {
      from: raw.from,
      signal: {
        storeId: raw.storeId,
        ...(typeof raw.seq === 'number' ? { seq: raw.seq } : {}),
        ...(raw.outbox === true ? { outbox: true } : {}),
        ...(raw.deliveries === true ? { deliveries: true } : {}),
      },
    };
  } catch {
    return null;
  }
}

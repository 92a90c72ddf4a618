import { ConnectApiError, SYNC_BATCH_LIMIT, type SyncReport, type SyncRequest } from '@mango/connect-shared';
import type { ConnectApiClient } from '@mango/connect-shared/connect-api';
import { and, asc, count, eq, gt, gte, lt, lte, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { appointments, clients, integrations, syncRuns } from '../db/schema.js';
import type { Signals } from '../events/signals.js';
import { appointmentDataOf, clientDataOf } from '../data/rows.js';
import { bumpStoreSeq } from '../data/store-seq.js';
import { CONNECT, readIntegration, type SyncRunState } from './state.js';

const DAY_MS = 86_400_000;
/** Batches in flight at once towards Connect. */
const CONCURRENCY = 3;
/** Batches read and sent between two checkpoints. */
const GROUP = CONCURRENCY;

export interface SyncRunnerOptions {
  db: Db;
  signals: Signals;
  connect: Pick<ConnectApiClient, 'syncBatch'>;
  now?: () => number;
  /**
   * A running run whose heartbeat is older than this is taken over and resumed (default 2 min:
   * longer than a group of batches can take while Connect times out and is retried).
   */
  staleAfterMs?: number;
  log?: (line: Record<string, unknown>) => void;
}

const emptyReport = (total: number): SyncReport => ({ total, synced: 0, failed: 0, errors: [] });
const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Creates a running sync run for the store inside `tx` (the caller has bumped the store's sequence to `seq`). */
export async function createSyncRun(tx: Tx, storeId: string, startedBy: string, at: Date, seq: number, owner: string) {
  const window = { from: at.toISOString(), to: new Date(at.getTime() + 30 * DAY_MS).toISOString() };
  const [[clientCount], [appointmentCount]] = await Promise.all([
    tx.select({ n: count() }).from(clients).where(eq(clients.storeId, storeId)),
    tx.select({ n: count() }).from(appointments).where(and(eq(appointments.storeId, storeId), gte(appointments.scheduledAt, at), lt(appointments.scheduledAt, new Date(window.to)))),
  ]);
  const totals = { clients: clientCount?.n ?? 0, appointments: appointmentCount?.n ?? 0 };
  const state: SyncRunState = {
    phase: 'clients',
    window,
    cursor: { clients: null, appointments: null },
    totals,
    batches: { clients: 0, appointments: 0 },
    reports: { clients: emptyReport(totals.clients), appointments: emptyReport(totals.appointments) },
  };
  const [run] = await tx.insert(syncRuns).values({ id: `sync_${crypto.randomUUID()}`, storeId, status: 'running', startedBy, startedAt: at, heartbeatAt: at, owner, state, seq }).returning();
  return run!;
}

/** The store's running run, if any (at most one runs per store). */
export async function runningSyncRun(q: Queryable, storeId: string) {
  const [run] = await q.select().from(syncRuns).where(and(eq(syncRuns.storeId, storeId), eq(syncRuns.status, 'running')));
  return run ?? null;
}

/**
 * The initial sync and Sync Now, run on the server (US-016/017): every client of the store, then
 * its appointments from the run's start to 30 days ahead with their client's contact info, in
 * batches of at most 100 to Connect's bulk sync API, three in flight. Progress is checkpointed on
 * the run's row after every few batches (each checkpoint bumps the store's change sequence, so
 * every device's settings page follows it); a run whose process died is found by its stale
 * heartbeat and resumed from its checkpoint by any process running a sync runner.
 */
export function createSyncRunner(opts: SyncRunnerOptions) {
  const { db, signals } = opts;
  const owner = `sync_${crypto.randomUUID()}`;
  const now = opts.now ?? Date.now;
  const staleAfterMs = opts.staleAfterMs ?? 120_000;
  const log = opts.log ?? (() => {});
  const active = new Map<string, Promise<void>>();
  let stopping = false;

  async function sendGroup(storeId: string, runId: string, entity: SyncRequest['entity'], firstBatch: number, items: SyncRequest['items'], report: SyncReport): Promise<{ unreachable: string | null }> {
    const batches: SyncRequest['items'][] = [];
    for (let i = 0; i < items.length; i += SYNC_BATCH_LIMIT) batches.push(items.slice(i, i + SYNC_BATCH_LIMIT) as SyncRequest['items']);
    const failures = await Promise.all(
      batches.map(async (batch, i) => {
        const batchIndex = firstBatch + i;
        try {
          const outcome = await opts.connect.syncBatch({ storeId, batchId: `${runId}:${entity}:${batchIndex}`, entity, items: batch } as SyncRequest);
          const failed = outcome.failedItems.length;
          report.synced += batch.length - failed;
          report.failed += failed;
          if (failed > 0) {
            const listed = outcome.failedItems.slice(0, 3).map((f) => `${f.id} (${f.message})`).join(', ');
            report.errors.push({ batchIndex, message: `Connect refused ${failed} of ${batch.length} item(s): ${listed}${failed > 3 ? ', …' : ''}` });
          }
          return null;
        } catch (err) {
          report.failed += batch.length;
          report.errors.push({ batchIndex, message: `${batch.length} item(s) not synced: ${why(err)}` });
          const unreachable = err instanceof ConnectApiError && (err.kind === 'network' || err.kind === 'timeout' || (err.status !== null && err.status >= 500));
          return unreachable ? why(err) : null;
        }
      }),
    );
    // Every batch of the group found Connect unreachable: the rest would only fail the same way.
    const unreachable = failures.every((f) => f !== null) ? (failures[0] ?? null) : null;
    return { unreachable };
  }

  async function readGroup(storeId: string, state: SyncRunState) {
    const limit = SYNC_BATCH_LIMIT * GROUP;
    if (state.phase === 'clients') {
      const cursor = state.cursor.clients;
      const found = await db.select().from(clients).where(and(eq(clients.storeId, storeId), cursor === null ? undefined : gt(clients.id, cursor))).orderBy(asc(clients.id)).limit(limit);
      return { items: found.map(clientDataOf), last: found.at(-1)?.id ?? null };
    }
    const cursor = state.cursor.appointments;
    const found = await db
      .select({ a: appointments, c: { name: clients.name, email: clients.email, phone: clients.phone } })
      .from(appointments)
      .leftJoin(clients, and(eq(clients.storeId, appointments.storeId), eq(clients.id, appointments.clientId)))
      .where(
        and(
          eq(appointments.storeId, storeId),
          gte(appointments.scheduledAt, new Date(state.window.from)),
          lt(appointments.scheduledAt, new Date(state.window.to)),
          cursor === null ? undefined : gt(appointments.id, cursor),
        ),
      )
      .orderBy(asc(appointments.id))
      .limit(limit);
    return { items: found.map((r) => appointmentDataOf(r.a, r.c ?? undefined)), last: found.at(-1)?.a.id ?? null };
  }

  /** Saves where the run stands, if this runner still owns it; false when it lost the run. */
  async function checkpoint(storeId: string, runId: string, state: SyncRunState): Promise<boolean> {
    const at = new Date(now());
    const kept = await db.transaction(async (tx) => {
      const seq = await bumpStoreSeq(tx, storeId);
      const updated = await tx
        .update(syncRuns)
        .set({ state, heartbeatAt: at, seq })
        .where(and(eq(syncRuns.id, runId), eq(syncRuns.owner, owner), eq(syncRuns.status, 'running')))
        .returning({ id: syncRuns.id });
      if (updated.length === 0) {
        tx.rollback();
      }
      await signals.announce(tx, { storeId, seq });
      return seq;
    }).catch((err: unknown) => {
      if ((err as Error)?.name === 'TransactionRollbackError') return null;
      throw err;
    });
    if (kept === null) return false;
    signals.committed({ storeId, seq: kept });
    return true;
  }

  async function finish(storeId: string, runId: string, state: SyncRunState, status: 'done' | 'failed', error: string | null): Promise<void> {
    const at = new Date(now());
    const seq = await db.transaction(async (tx) => {
      const seq = await bumpStoreSeq(tx, storeId);
      await tx
        .update(syncRuns)
        .set({ status, state: { ...state, phase: 'finished' }, error, finishedAt: at, heartbeatAt: at, seq })
        .where(and(eq(syncRuns.id, runId), eq(syncRuns.owner, owner), eq(syncRuns.status, 'running')));
      // US-018: the last sync time lives on the integration, where every device reads it.
      await tx
        .update(integrations)
        .set({ config: sql`jsonb_set(${integrations.config}, '{lastSyncAt}', to_jsonb(${at.toISOString()}::text))`, seq, updatedAt: at })
        .where(and(eq(integrations.storeId, storeId), eq(integrations.type, CONNECT)));
      await signals.announce(tx, { storeId, seq });
      return seq;
    });
    signals.committed({ storeId, seq });
  }

  async function execute(runId: string): Promise<void> {
    const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
    if (!run || run.status !== 'running' || run.owner !== owner) return;
    const storeId = run.storeId;
    const state = structuredClone(run.state as SyncRunState);
    log({ msg: 'sync run started', storeId, runId, totals: state.totals });
    while (!stopping) {
      const integration = await readIntegration(db, storeId);
      if (!integration?.config.enabled) return finish(storeId, runId, state, 'failed', 'Mango Connect was turned off before the sync finished.');
      if (state.phase === 'finished') break;
      const entity = state.phase;
      const { items, last } = await readGroup(storeId, state);
      if (items.length === 0) {
        if (entity === 'clients') {
          state.phase = 'appointments';
          continue;
        }
        break;
      }
      const { unreachable } = await sendGroup(storeId, runId, entity, state.batches[entity], items as SyncRequest['items'], state.reports[entity]);
      state.batches[entity] += Math.ceil(items.length / SYNC_BATCH_LIMIT);
      state.cursor[entity] = last;
      if (unreachable) {
        log({ msg: 'sync run stopped: Connect unreachable', storeId, runId, error: unreachable });
        return finish(storeId, runId, state, 'failed', `Mango Connect could not be reached, so the sync stopped (${unreachable}). Sync Now tries again.`);
      }
      if (!(await checkpoint(storeId, runId, state))) {
        log({ msg: 'sync run taken over by another process', storeId, runId });
        return;
      }
    }
    if (stopping) return;
    await finish(storeId, runId, state, 'done', null);
    log({ msg: 'sync run finished', storeId, runId, clients: state.reports.clients, appointments: state.reports.appointments });
  }

  /** Runs `runId` in the background (once per process); failures end the run as failed, never silently. */
  function launch(runId: string): void {
    if (active.has(runId) || stopping) return;
    const job = execute(runId)
      .catch(async (err: unknown) => {
        log({ msg: 'sync run error', runId, error: why(err) });
        // A database that is down leaves the run to be resumed by its stale heartbeat.
        if (isDatabaseUnavailable(err)) return;
        const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId)).catch(() => []);
        if (run) await finish(run.storeId, runId, run.state as SyncRunState, 'failed', `The sync stopped on an error: ${why(err)}`).catch(() => undefined);
      })
      .finally(() => active.delete(runId));
    active.set(runId, job);
  }

  return {
    owner,
    launch,
    /** Takes over runs whose process stopped sending heartbeats, and resumes them. Answers their ids. */
    async resumeStale(): Promise<string[]> {
      const at = new Date(now());
      const taken = await db
        .update(syncRuns)
        .set({ owner, heartbeatAt: at })
        .where(and(eq(syncRuns.status, 'running'), lte(syncRuns.heartbeatAt, new Date(at.getTime() - staleAfterMs))))
        .returning({ id: syncRuns.id, storeId: syncRuns.storeId });
      for (const run of taken) {
        log({ msg: 'sync run resumed after its process stopped', storeId: run.storeId, runId: run.id });
        launch(run.id);
      }
      return taken.map((r) => r.id);
    },
    /** Resolves once every run this process started has finished (tests, shutdown). */
    async idle(): Promise<void> {
      while (active.size > 0) await Promise.all([...active.values()]);
    },
    /**
     * Stops after the batches in flight; the runs it held are handed back (heartbeat cleared), so
     * the next process to look resumes them at once instead of waiting for them to go stale.
     */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.all([...active.values()]);
      await db
        .update(syncRuns)
        .set({ owner: null, heartbeatAt: new Date(0) })
        .where(and(eq(syncRuns.owner, owner), eq(syncRuns.status, 'running')))
        .catch(() => undefined);
    },
  };
}
export type SyncRunner = ReturnType<typeof createSyncRunner>;

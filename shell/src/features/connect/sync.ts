import { SYNC_BATCHES_PER_REQUEST, type SyncReport, type SyncRequest } from '@mango/connect-shared';
import { runSync } from '@mango/connect-shared/sync';
import type { SyncProgress, SyncRunResult } from '@mango/shell-contract';
import type { BizDb } from '../../db/db';
import type { SyncCheckpoint } from '../../db/types';
import type { ConnectApi } from './api';
import { packSyncRequests } from './sync-requests';
import { ContactBook, readAppointmentItems, readClientGroup } from './sync-reads';

const CHECKPOINT_ID = 'current';
const HORIZON_MS = 30 * 86_400_000;
const BATCH = 100;

export interface SyncDeps {
  db: BizDb;
  storeId: string;
  api: Pick<ConnectApi, 'syncBatches'>;
  now?: () => Date;
  onProgress?: (p: SyncProgress) => void;
  /** Requests in flight at once; default 3. */
  concurrency?: number;
  /** Batches of 100 per request to the edge API; default SYNC_BATCHES_PER_REQUEST (5). */
  batchesPerRequest?: number;
  retryDelayMs?: number;
}

/**
 * The group's items in batches of 100 by position in the run's id list, so batch i always means
 * the same ids; ids whose record is gone since the run began are skipped, and an emptied batch
 * is not sent.
 */
function splitIntoBatches<T extends { id: string }>(ids: readonly string[], rows: readonly T[], make: (items: T[], index: number) => SyncRequest): SyncRequest[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: SyncRequest[] = [];
  for (let offset = 0; offset < ids.length; offset += BATCH) {
    const items = ids.slice(offset, offset + BATCH).flatMap((id) => byId.get(id) ?? []);
    if (items.length) out.push(make(items, offset / BATCH));
  }
  return out;
}

// Batches done in the current run live in their own small record, not in the checkpoint: the
// checkpoint holds every item id of the run (13,000 ids for a large store), and rewriting it after
// each of 130 batches cost more main-thread time than sending them (found by pnpm bench).
const progressKey = (runId: string) => `sync-progress:${runId}`;
type Completed = SyncCheckpoint['completed'];

async function readProgress(db: BizDb, runId: string): Promise<Completed> {
  const value = (await db.get('meta', progressKey(runId)))?.value as Partial<Completed> | undefined;
  return { clients: value?.clients ?? [], appointments: value?.appointments ?? [] };
}

/** Starts a run (freezing which items it covers) or returns the unfinished one a reload interrupted. */
async function checkpointFor(db: BizDb, now: Date, groupSize: number): Promise<SyncCheckpoint> {
  const existing = await db.get('syncState', CHECKPOINT_ID);
  if (existing && !existing.finished) {
    const progress = await readProgress(db, existing.runId);
    const union = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);
    return { ...existing, completed: { clients: union(existing.completed.clients, progress.clients), appointments: union(existing.completed.appointments, progress.appointments) } };
  }
  const from = now.toISOString();
  const to = new Date(now.getTime() + HORIZON_MS).toISOString();
  const checkpoint: SyncCheckpoint = {
    id: CHECKPOINT_ID,
    runId: crypto.randomUUID(),
    startedAt: now.toISOString(),
    groupSize,
    completed: { clients: [], appointments: [] },
    itemIds: {
      clients: await db.getAllKeys('clients'),
      // In scheduledAt order, as the index gives them: a group of them is then one range of that
      // index, which readAppointmentGroup reads at once.
      appointments: await db.getAllKeysFromIndex('appointments', 'scheduledAt', IDBKeyRange.bound(from, to)),
    },
    finished: false,
  };
  await db.put('syncState', checkpoint);
  return checkpoint;
}

export async function hasInterruptedSync(db: BizDb): Promise<boolean> {
  const c = await db.get('syncState', CHECKPOINT_ID);
  return !!c && !c.finished;
}

/**
 * All clients and the next 30 days of appointments (with client contact info), in Connect batches
 * of 100. Batches travel in groups of `batchesPerRequest`, one group per request to the edge API,
 * three requests at a time; a group is the unit of retry and of the checkpoint. Each finished group
 * is checkpointed, so a reload mid-run resumes with the same run id and batch ids and skips what
 * was sent (Connect upserts by id anyway).
 */
export async function runConnectSync(deps: SyncDeps): Promise<SyncRunResult> {
  const { db, storeId } = deps;
  const now = deps.now?.() ?? new Date();
  const checkpoint = await checkpointFor(db, now, Math.max(1, Math.floor(deps.batchesPerRequest ?? SYNC_BATCHES_PER_REQUEST)));
  // A run a reload interrupted keeps the grouping it started with, so its checkpoint keeps meaning
  // the same items; one from before grouping (no groupSize) counted single batches.
  const group = checkpoint.groupSize ?? 1;
  const done: Completed = { clients: [...checkpoint.completed.clients], appointments: [...checkpoint.completed.appointments] };

  // The clients phase feeds it; the appointments phase takes their contact details from it.
  const contacts = new ContactBook(new Date());
  const syncEntity = async (entity: 'clients' | 'appointments'): Promise<SyncReport> => {
    const ids = checkpoint.itemIds[entity];
    const completed = new Set(checkpoint.completed[entity]);
    return runSync<string>({
      items: ids,
      batchSize: BATCH * group,
      concurrency: deps.concurrency ?? 3,
      retryDelayMs: deps.retryDelayMs,
      completedBatches: completed,
      onProgress: (p) => deps.onProgress?.({ entity, ...p }),
      onBatchDone: async (index) => {
        completed.add(index);
        done[entity] = [...completed].sort((a, b) => a - b);
        await db.put('meta', { key: progressKey(checkpoint.runId), value: { ...done } });
      },
      send: async (groupIds, groupIndex) => {
        // The Connect batch id numbers batches of 100 across the run, whatever the grouping.
        const batchId = (i: number) => `${checkpoint.runId}:${entity}:${groupIndex * group + i}`;
        let batches: SyncRequest[];
        if (entity === 'clients') {
          const clients = await readClientGroup(db, groupIds);
          contacts.remember(clients);
          batches = splitIntoBatches(groupIds, clients, (items, i) => ({ storeId, batchId: batchId(i), entity, items }));
        } else {
          batches = splitIntoBatches(groupIds, await readAppointmentItems(db, groupIds, contacts), (items, i) => ({ storeId, batchId: batchId(i), entity, items }));
        }
        for (const request of packSyncRequests(batches, { maxBatches: group })) await deps.api.syncBatches(request);
      },
    });
  };

  const clients = await syncEntity('clients');
  const appointments = await syncEntity('appointments');
  const finishedAt = (deps.now?.() ?? new Date()).toISOString();
  const complete = clients.failed === 0 && appointments.failed === 0;
  // A run with failed batches stays open, so the next Sync Now retries only what is missing.
  await db.write(['syncState', 'meta'], async (tx) => {
    const state = tx.objectStore('syncState');
    const [current] = await Promise.all([state.get(CHECKPOINT_ID), tx.objectStore('meta').delete(progressKey(checkpoint.runId))]);
    if (current) await state.put({ ...current, finished: complete, completed: done });
  });
  return { clients, appointments, finishedAt };
}

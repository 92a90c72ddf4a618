import type { SyncReport } from '../types/connect-api.js';
import { SYNC_BATCH_LIMIT } from '../types/connect-api.js';
import { chunk } from './chunk.js';

export interface SyncProgress {
  /** Items in batches that are finished, synced or failed (checkpointed batches count as done). */
  done: number;
  total: number;
  failed: number;
}

export interface RunSyncArgs<T> {
  items: readonly T[];
  /** Items per batch; default 100, the contract's limit. */
  batchSize?: number;
  /** Batches in flight at once; default 3. */
  concurrency?: number;
  /** Sends one batch; throw to fail it. Sending the same batch twice must be harmless (upsert by id). */
  send: (batch: T[], batchIndex: number) => Promise<void>;
  /** Extra attempts per batch after the first; default 2. */
  retries?: number;
  /** Wait before the first retry of a batch, doubling each time; default 500 ms. */
  retryDelayMs?: number;
  onProgress?: (p: SyncProgress) => void;
  /** Checkpoint: batch indexes already synced in an earlier run; they are skipped and count as synced. */
  completedBatches?: ReadonlySet<number>;
  /** Called (and awaited) after each batch succeeds, to persist the checkpoint. */
  onBatchDone?: (batchIndex: number) => void | Promise<void>;
  /** Stops starting new batches; the ones not sent are reported as failed. */
  signal?: AbortSignal;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Pushes items to Connect in batches with bounded concurrency, retrying each batch a few times.
 * Failures are counted in the report, never thrown, so one bad batch never hides how the rest went;
 * a later run passes `completedBatches` to resume where this one stopped.
 */
export async function runSync<T>(args: RunSyncArgs<T>): Promise<SyncReport> {
  const batches = chunk(args.items, args.batchSize ?? SYNC_BATCH_LIMIT);
  const concurrency = Math.max(1, Math.floor(args.concurrency ?? 3));
  const retries = Math.max(0, Math.floor(args.retries ?? 2));
  const retryDelayMs = args.retryDelayMs ?? 500;
  const completed = args.completedBatches ?? new Set<number>();
  const report: SyncReport = { total: args.items.length, synced: 0, failed: 0, errors: [] };
  let done = 0;

  const progress = () => args.onProgress?.({ done, total: report.total, failed: report.failed });
  const fail = (batchIndex: number, size: number, why: string) => {
    report.failed += size;
    report.errors.push({ batchIndex, message: why });
    done += size;
    progress();
  };

  const pending: number[] = [];
  batches.forEach((batch, i) => {
    if (completed.has(i)) {
      report.synced += batch.length;
      done += batch.length;
    } else {
      pending.push(i);
    }
  });
  if (done > 0) progress();

  const sendWithRetries = async (batchIndex: number, batch: T[]): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await args.send(batch, batchIndex);
        return;
      } catch (err) {
        if (attempt >= retries || args.signal?.aborted) throw err;
        await sleep(retryDelayMs * 2 ** attempt, args.signal);
      }
    }
  };

  const worker = async () => {
    for (let batchIndex = pending.shift(); batchIndex !== undefined; batchIndex = pending.shift()) {
      const batch = batches[batchIndex]!;
      if (args.signal?.aborted) {
        fail(batchIndex, batch.length, 'sync was cancelled before this batch was sent');
        continue;
      }
      try {
        await sendWithRetries(batchIndex, batch);
      } catch (err) {
        fail(batchIndex, batch.length, `${batch.length} item(s) failed after ${retries + 1} attempt(s): ${message(err)}`);
        continue;
      }
      try {
        await args.onBatchDone?.(batchIndex);
      } catch (err) {
        // Connect has the batch, but the checkpoint was not saved: count it failed so a resume resends it (harmless, upsert).
        fail(batchIndex, batch.length, `${batch.length} item(s) were sent but their checkpoint could not be saved: ${message(err)}`);
        continue;
      }
      report.synced += batch.length;
      done += batch.length;
      progress();
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
  report.errors.sort((a, b) => a.batchIndex - b.batchIndex);
  return report;
}

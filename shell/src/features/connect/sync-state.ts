import type { ConnectState, SyncRunView } from '@mango/connect-shared';
import type { SyncRunResult, SyncState } from '@mango/shell-contract';

export const INITIAL_SYNC: SyncState = { running: false, progress: null, last: null, counts: { clients: 0, appointments: 0 }, error: null };

/** A finished run as the contract reports it; null while it runs or when it sent nothing. */
export function runResult(run: SyncRunView): SyncRunResult | null {
  if (run.status === 'running' || !run.clients || !run.appointments) return null;
  return { clients: run.clients, appointments: run.appointments, finishedAt: run.finishedAt ?? run.startedAt };
}

/** Why a run stopped before it finished, in words for the owner; null when it did not. */
export function runError(run: SyncRunView): string | null {
  if (run.status === 'failed') return run.error ?? 'The sync stopped before it finished. Sync Now runs it again.';
  if (run.status === 'interrupted') return run.error ?? 'The sync was interrupted (the server restarted). Sync Now runs it again.';
  return null;
}

/**
 * The contract's `SyncState` for the store's Connect state. The server keeps only the latest run,
 * so while a new one runs, the last finished one (`previous.last`) stays on show.
 */
export function toSyncState(state: ConnectState | null, previous: SyncState): SyncState {
  const counts = state?.counts ?? INITIAL_SYNC.counts;
  const run = state?.sync ?? null;
  if (!run) return { running: false, progress: null, last: null, counts, error: null };
  if (run.status === 'running') return { running: true, progress: run.progress, last: previous.last, counts, error: null };
  return { running: false, progress: null, last: runResult(run) ?? previous.last, counts, error: runError(run) };
}

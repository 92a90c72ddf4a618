import type { ConnectHealth, SyncRunView } from '@mango/connect-shared';
import type { ConnectionCheck, ConnectServices, SyncProgress } from '@mango/shell-contract';
import type { BizApi } from '../../lib/biz-api';
import { applyConnectState, bumpDeliveriesVersion, useConnectStore, type ConnectUiState } from './connect-store';
import { runError, runResult } from './sync-state';

export interface ConnectServicesDeps {
  api: BizApi;
  /**
   * Pulls the change feed now. Called every `pollMs` while a sync run is followed: its progress
   * normally arrives through the event stream, and this keeps it moving if the stream is down.
   */
  refresh: () => void;
  pollMs?: number;
}

export interface ConnectServicesHandle {
  services: ConnectServices;
  /** Rejects the waits still following a run (sign-out); the run itself goes on on the server. */
  dispose(): void;
}

/** The answer of `GET /api/connect/health` as the settings page shows it. */
export function toConnectionCheck(h: ConnectHealth): ConnectionCheck {
  if (h.state === 'up') return { ok: true, state: 'connected', message: `Mango Connect answered in ${h.latencyMs} ms.`, latencyMs: h.latencyMs };
  if (h.state === 'unknown') return { ok: false, state: 'unknown', message: h.message || 'Mango Connect offers no health check, so the connection was not checked.' };
  return { ok: false, state: 'unreachable', message: h.message || `Mango Connect answered ${h.status ?? 'nothing'}; it may be down. Try again shortly.`, latencyMs: h.latencyMs };
}

/**
 * The Connect services remotes call through the shell contract: thin calls to the Biz API, which
 * does the work (provisioning, the webhook subscription, the sync runs). Each answer's Connect
 * state goes to the Connect store at once, so this tab does not wait for the change feed to show
 * what it just did; other devices see it through the feed.
 */
export function createConnectServices(deps: ConnectServicesDeps): ConnectServicesHandle {
  const { api } = deps;
  const pollMs = deps.pollMs ?? 2000;
  const waits = new Set<() => void>();

  /**
   * Resolves once `started` is no longer running, as the Connect store shows it: to the run as it
   * ended, or to null when a newer run replaced it (one run per store at a time) before this tab
   * saw it end. Reports each new progress on the way.
   */
  function followRun(started: SyncRunView, onProgress?: (p: SyncProgress) => void): Promise<SyncRunView | null> {
    return new Promise((resolve, reject) => {
      let reported = '';
      const report = (run: SyncRunView) => {
        const key = JSON.stringify(run.progress);
        if (!onProgress || !run.progress || key === reported) return;
        reported = key;
        onProgress(run.progress);
      };
      const check = (s: ConnectUiState) => {
        const run = s.state?.sync;
        if (!run) return;
        if (run.id === started.id) {
          if (run.status === 'running') report(run);
          else finish(run);
        } else if (run.startedAt > started.startedAt) {
          finish(null);
        }
      };
      const unsubscribe = useConnectStore.subscribe(check);
      const poll = setInterval(deps.refresh, pollMs);
      const abandon = () => {
        cleanup();
        reject(new Error('Stopped following the sync: you signed out. The sync goes on on the server.'));
      };
      waits.add(abandon);
      function cleanup() {
        unsubscribe();
        clearInterval(poll);
        waits.delete(abandon);
      }
      function finish(run: SyncRunView | null) {
        cleanup();
        resolve(run);
      }
      report(started);
      check(useConnectStore.getState());
    });
  }

  /** Follows `run` if it still runs; the run as it ended (or null: replaced by a newer one). */
  const untilEnded = (run: SyncRunView, onProgress?: (p: SyncProgress) => void) => (run.status === 'running' ? followRun(run, onProgress) : Promise.resolve(run));

  const services: ConnectServices = {
    async getIntegration() {
      const state = await api.connectState();
      applyConnectState(state);
      return state.integration;
    },
    async enable(onProgress) {
      const state = await api.enableConnect();
      applyConnectState(state);
      if (!state.integration) throw new Error('The Mango Biz server did not turn Mango Connect on. Try again.');
      const ended = state.sync ? await untilEnded(state.sync, onProgress) : null;
      return { integration: useConnectStore.getState().integration ?? state.integration, sync: ended?.status === 'done' ? runResult(ended) : null };
    },
    async disable() {
      applyConnectState(await api.disableConnect());
    },
    async updateFeatures(features) {
      const state = await api.updateConnectFeatures(features);
      applyConnectState(state);
      if (!state.integration) throw new Error('Mango Connect is not set up for this store; enable it first.');
      return state.integration;
    },
    async syncNow(onProgress) {
      // The server starts a run, or answers the one already running: either way, follow it.
      const state = await api.startSync();
      applyConnectState(state);
      if (!state.sync) throw new Error('The Mango Biz server started no sync. Try again.');
      const ended = await untilEnded(state.sync, onProgress);
      if (!ended) throw new Error('A newer sync replaced this one before it finished; its progress shows here.');
      const result = runResult(ended);
      if (ended.status !== 'done' || !result) throw new Error(runError(ended) ?? 'The sync did not finish. Sync Now runs it again.');
      return result;
    },
    async listDeliveries(filter = {}) {
      return (await api.deliveries({ status: filter.status, event: filter.event, limit: filter.limit })).deliveries;
    },
    async redeliver(eventId) {
      await api.redeliver(eventId);
      bumpDeliveriesVersion();
    },
    async checkConnection() {
      return toConnectionCheck(await api.connectHealth());
    },
    listWaiting: () => api.waiting(),
    // No deliveriesVersion bump here: nothing was attempted yet. The server's `deliveries` event
    // follows once the worker records the attempts, and the caller re-reads what waits itself.
    retryNow: (eventId) => api.retryNow(eventId),
  };

  return {
    services,
    dispose() {
      for (const abandon of [...waits]) abandon();
    },
  };
}

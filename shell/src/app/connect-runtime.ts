import { CONNECT_ADMIN_ROLES, type Session } from '@mango/connect-shared';
import type { ConnectServices, SyncProgress, SyncRunResult } from '@mango/shell-contract';
import type { BizDb } from '../db/db';
import { createConnectApi, type ConnectApi } from '../features/connect/api';
import { createIntegrationService } from '../features/connect/integration-service';
import { readConnectRecord } from '../features/connect/integration-record';
import { throttleProgress } from '../features/connect/progress-throttle';
import { redeliver } from '../features/connect/relay/relay';
import { startOutboxRelay } from '../features/connect/relay/runner';
import { hasInterruptedSync } from '../features/connect/sync';
import type { TokenManager } from '../features/connect/token/token-manager';
import { useConnectStore } from './connect-store';
import type { RuntimeConfig } from './runtime-config';

export interface ConnectRuntimeDeps {
  db: BizDb;
  storeId: string;
  session: Session;
  tokens: TokenManager;
  getRuntimeConfig: () => Promise<RuntimeConfig>;
  notify: (message: string, kind?: 'info' | 'error' | 'success') => void;
  /** The edge API's Connect endpoints; tests pass a fake. */
  api?: ConnectApi;
}

/** The Connect half of a store's runtime: what a store that uses Connect runs while the tab lives. */
export interface ConnectRuntime {
  api: ConnectApi;
  services: ConnectServices;
  /** Starts the outbox relay and resumes a sync a reload interrupted. Idempotent. */
  start(): void;
  stop(): void;
}

// Progress reaches the UI (the store and the caller's callback) at most this often.
const PROGRESS_INTERVAL_MS = 100;

/**
 * The integration service, the sync, the outbox relay and the services remotes call. Its own chunk
 * (see store-runtime.ts): a store that never turns Connect on never downloads it.
 */
export function createConnectRuntime(deps: ConnectRuntimeDeps): ConnectRuntime {
  const { db, storeId, session, tokens } = deps;
  const api = deps.api ?? createConnectApi();
  const setState = useConnectStore.setState;
  const service = createIntegrationService({
    db,
    session,
    api,
    getRuntimeConfig: deps.getRuntimeConfig,
    onChange: (integration) => {
      setState({ integration });
      tokens.setActive(!!integration?.enabled);
    },
  });
  const isAdmin = CONNECT_ADMIN_ROLES.includes(session.member.role);

  let syncing: Promise<SyncRunResult> | null = null;
  /** One sync at a time; the progress and result land in the store the contract exposes. */
  function trackSync<T>(run: (onProgress: (p: SyncProgress) => void) => Promise<T>, onProgress?: (p: SyncProgress) => void, result?: (value: T) => SyncRunResult | null): Promise<T> {
    const sync = useConnectStore.getState().sync;
    setState({ sync: { ...sync, running: true, progress: null } });
    const shown = throttleProgress<SyncProgress>(
      (p) => {
        setState({ sync: { ...useConnectStore.getState().sync, progress: p } });
        onProgress?.(p);
      },
      { intervalMs: PROGRESS_INTERVAL_MS, isFinal: (p) => p.done >= p.total },
    );
    const p = run((progress) => shown.report(progress));
    p.finally(() => shown.cancel()).catch(() => undefined);
    p.then(
      async (value) => {
        const last = result ? result(value) : null;
        const counts = await service.getSyncCounts();
        setState({ sync: { running: false, progress: null, last: last ?? useConnectStore.getState().sync.last, counts } });
        if (last && (last.clients.failed > 0 || last.appointments.failed > 0)) {
          deps.notify(`Sync finished with ${last.clients.failed + last.appointments.failed} items not sent; Sync Now retries them.`, 'error');
        }
      },
      () => setState({ sync: { ...useConnectStore.getState().sync, running: false, progress: null } }),
    );
    return p;
  }

  const syncNow = (onProgress?: (p: SyncProgress) => void): Promise<SyncRunResult> => {
    syncing ??= trackSync((report) => service.syncNow(report), onProgress, (r) => r).finally(() => {
      syncing = null;
    });
    return syncing;
  };

  const services: ConnectServices = {
    getIntegration: () => service.getConnectIntegration(),
    enable: (onProgress) => trackSync((report) => service.enableConnectIntegration(report), onProgress, (r) => r.sync),
    disable: () => service.disableConnectIntegration(),
    updateFeatures: (features) => service.updateConnectConfig({ features }),
    syncNow,
    async listDeliveries(filter = {}) {
      const rows = (await db.getAllFromIndex('webhookDeliveries', 'sentAt')).reverse();
      return rows.filter((d) => (!filter.status || d.status === filter.status) && (!filter.event || d.event === filter.event)).slice(0, filter.limit ?? 200);
    },
    async redeliver(eventId) {
      await redeliver(db, eventId);
      setState({ deliveriesVersion: useConnectStore.getState().deliveriesVersion + 1 });
    },
    async checkConnection() {
      try {
        const h = await api.health();
        return h.ok
          ? { ok: true, message: `Mango Connect answered in ${h.latencyMs} ms.`, latencyMs: h.latencyMs }
          : { ok: false, message: `Mango Connect answered ${h.status ?? 'nothing'}; it may be down. Try again shortly.`, latencyMs: h.latencyMs };
      } catch (err) {
        return { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
    },
  };

  // The relay starts before the runtime config arrives; until then the shared default applies.
  let retrySchedule: readonly number[] | undefined;
  deps.getRuntimeConfig().then(
    (config) => (retrySchedule = config.relay?.retryScheduleMs),
    () => undefined,
  );

  let stopRelay: (() => void) | null = null;
  let alive = false;

  return {
    api,
    services,
    start() {
      if (alive) return;
      alive = true;
      stopRelay = startOutboxRelay({
        db,
        storeId,
        sendBatch: (events, url) => api.sendWebhooks(events, url),
        retrySchedule: () => retrySchedule,
        onAttempt: () => setState({ deliveriesVersion: useConnectStore.getState().deliveriesVersion + 1 }),
        onError: (err) => console.error('[shell] outbox relay', err),
      });
      void (async () => {
        // A reload in the middle of a sync: pick it up where the checkpoint says.
        const enabled = (await readConnectRecord(db, storeId))?.config.enabled === true;
        if (alive && enabled && isAdmin && (await hasInterruptedSync(db))) {
          syncNow().catch((err: unknown) => deps.notify(`Resuming the Connect sync failed: ${err instanceof Error ? err.message : String(err)}`, 'error'));
        }
      })().catch((err: unknown) => console.error('[shell] checking for an interrupted sync', err));
    },
    stop() {
      alive = false;
      stopRelay?.();
      stopRelay = null;
    },
  };
}

import { CONNECT_ADMIN_ROLES, type Session } from '@mango/connect-shared';
import type { ConnectServices, SyncProgress, SyncRunResult } from '@mango/shell-contract';
import { getBizDb, type BizDb } from '../db/db';
import { seedDemoStoreIfNeeded } from '../db/seed';
import type { ConnectApi } from '../features/connect/api';
import { createIntegrationService } from '../features/connect/integration-service';
import { throttleProgress } from '../features/connect/progress-throttle';
import { redeliver } from '../features/connect/relay/relay';
import { startOutboxRelay } from '../features/connect/relay/runner';
import { hasInterruptedSync } from '../features/connect/sync';
import { createTokenManager, type TokenManager } from '../features/connect/token/token-manager';
import { useConnectStore } from './connect-store';
import type { RuntimeConfig } from './runtime-config';

export interface StoreRuntimeDeps {
  api: ConnectApi;
  getRuntimeConfig: () => Promise<RuntimeConfig>;
  notify: (message: string, kind?: 'info' | 'error' | 'success') => void;
}

export interface StoreRuntime {
  db: BizDb;
  storeId: string;
  tokens: TokenManager;
  services: ConnectServices;
  start(): void;
  stop(): void;
}

/**
 * Everything a signed-in store needs while the tab lives: its database (seeded on first demo
 * sign-in), the integration service, the Connect token, and the outbox relay.
 */
export function createStoreRuntime(session: Session, deps: StoreRuntimeDeps): StoreRuntime {
  const storeId = session.store.storeId;
  const db = getBizDb(storeId);
  const tokens = createTokenManager({ fetchToken: async () => (await deps.api.token()).token });
  const setState = useConnectStore.setState;
  const service = createIntegrationService({
    db,
    session,
    api: deps.api,
    getRuntimeConfig: deps.getRuntimeConfig,
    onChange: (integration) => {
      setState({ integration });
      tokens.setActive(!!integration?.enabled);
    },
  });
  const isAdmin = CONNECT_ADMIN_ROLES.includes(session.member.role);

  let syncing: Promise<SyncRunResult> | null = null;
  // Progress reaches the UI (the store and the caller's callback) at most this often.
  const PROGRESS_INTERVAL_MS = 100;
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
    enable: (onProgress) =>
      trackSync((report) => service.enableConnectIntegration(report), onProgress, (r) => r.sync),
    disable: () => service.disableConnectIntegration(),
    updateFeatures: (features) => service.updateConnectConfig({ features }),
    syncNow,
    async listDeliveries(filter = {}) {
      const rows = await db.webhookDeliveries.orderBy('sentAt').reverse().toArray();
      return rows.filter((d) => (!filter.status || d.status === filter.status) && (!filter.event || d.event === filter.event)).slice(0, filter.limit ?? 200);
    },
    async redeliver(eventId) {
      await redeliver(db, eventId);
      setState({ deliveriesVersion: useConnectStore.getState().deliveriesVersion + 1 });
    },
    async checkConnection() {
      try {
        const h = await deps.api.health();
        return h.ok
          ? { ok: true, message: `Mango Connect answered in ${h.latencyMs} ms.`, latencyMs: h.latencyMs }
          : { ok: false, message: `Mango Connect answered ${h.status ?? 'nothing'}; it may be down. Try again shortly.`, latencyMs: h.latencyMs };
      } catch (err) {
        return { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
    },
  };

  let stopRelay: (() => void) | null = null;
  let alive = false;
  // The relay starts before the runtime config arrives; until then the shared default applies.
  let retrySchedule: readonly number[] | undefined;
  deps.getRuntimeConfig().then(
    (config) => {
      retrySchedule = config.relay?.retryScheduleMs;
      // Its own chunk: only a stack started with BIZ_BENCH_HOOKS=1 downloads it.
      if (config.bench) {
        import('./bench-hook').then(
          ({ createBenchHook }) => (window.__mangoBench = createBenchHook({ db, storeId, syncNow: () => syncNow() })),
          (err: unknown) => console.error('[shell] the bench hook did not load', err),
        );
      }
    },
    () => undefined,
  );
  const onVisible = () => {
    if (document.visibilityState === 'visible') tokens.refreshIfStale();
  };
  const onOnline = () => tokens.refreshIfStale();

  return {
    db,
    storeId,
    tokens,
    services,
    start() {
      if (alive) return;
      alive = true;
      document.addEventListener('visibilitychange', onVisible);
      window.addEventListener('online', onOnline);
      stopRelay = startOutboxRelay({
        db,
        storeId,
        sendBatch: (events, url) => deps.api.sendWebhooks(events, url),
        retrySchedule: () => retrySchedule,
        onAttempt: () => setState({ deliveriesVersion: useConnectStore.getState().deliveriesVersion + 1 }),
        onError: (err) => console.error('[shell] outbox relay', err),
      });
      void (async () => {
        try {
          await seedDemoStoreIfNeeded(db, storeId);
          const integration = await service.getConnectIntegration();
          if (!alive) return;
          setState({ integration, sync: { ...useConnectStore.getState().sync, counts: await service.getSyncCounts() } });
          tokens.setActive(!!integration?.enabled);
          // A reload in the middle of a sync: pick it up where the checkpoint says.
          if (alive && integration?.enabled && isAdmin && (await hasInterruptedSync(db))) {
            syncNow().catch((err: unknown) => deps.notify(`Resuming the Connect sync failed: ${err instanceof Error ? err.message : String(err)}`, 'error'));
          }
        } catch (err) {
          deps.notify(`Could not open this store's data: ${err instanceof Error ? err.message : String(err)}. Reload the page to try again.`, 'error');
        }
      })();
    },
    stop() {
      alive = false;
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', onOnline);
      stopRelay?.();
      stopRelay = null;
      tokens.setActive(false);
    },
  };
}

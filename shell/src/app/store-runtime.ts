import type { Session } from '@mango/connect-shared';
import type { ConnectServices } from '@mango/shell-contract';
import { getBizDb, type BizDb } from '../db/db';
import { seedDemoStoreIfNeeded } from '../db/seed';
import { readConnectRecord, readSyncCounts } from '../features/connect/integration-record';
import { onOutboxChanged } from '../features/connect/outbox/signal';
import { createTokenManager, type TokenManager } from '../features/connect/token/token-manager';
import { once } from '../lib/once';
import type { ConnectRuntime, createConnectRuntime } from './connect-runtime';
import { useConnectStore } from './connect-store';
import type { RuntimeConfig } from './runtime-config';

export interface StoreRuntimeDeps {
  getRuntimeConfig: () => Promise<RuntimeConfig>;
  notify: (message: string, kind?: 'info' | 'error' | 'success') => void;
  /** Loads the Connect half of the runtime; defaults to its own chunk (`./connect-runtime`). */
  loadConnectRuntime?: () => Promise<ConnectRuntimeModule>;
}

/** What the Connect runtime's chunk exports. */
export interface ConnectRuntimeModule {
  createConnectRuntime: typeof createConnectRuntime;
}

export interface StoreRuntime {
  db: BizDb;
  storeId: string;
  tokens: TokenManager;
  services: ConnectServices;
  start(): void;
  stop(): void;
}

/** The Connect code could not be downloaded (offline, or a deploy replaced the chunk). */
export class ConnectCodeLoadError extends Error {
  readonly code = 'ERR_CONNECT_CODE_LOAD';
  constructor(cause: unknown) {
    super(`Could not load Mango Connect in this tab (${cause instanceof Error ? cause.message : String(cause)}). Check the connection, then try again or reload the page.`, { cause });
    this.name = 'ConnectCodeLoadError';
  }
}

/**
 * Everything a signed-in store needs while the tab lives: its database (seeded on first demo
 * sign-in), the Connect token, and — only for a store that uses Connect — the Connect runtime
 * (integration service, sync, outbox relay), which is a chunk of its own. It loads when the
 * stored integration is on or events wait in the outbox at start, when any tab appends an event
 * (so every tab of a Connect store queues for the relay), and on the first service call (the
 * settings page). A store without Connect never downloads it.
 */
export function createStoreRuntime(session: Session, deps: StoreRuntimeDeps): StoreRuntime {
  const storeId = session.store.storeId;
  const db = getBizDb(storeId);
  const setState = useConnectStore.setState;
  let alive = false;

  const connect = once(async (): Promise<ConnectRuntime> => {
    let mod: ConnectRuntimeModule;
    try {
      mod = await (deps.loadConnectRuntime ?? (() => import('./connect-runtime')))();
    } catch (err) {
      throw new ConnectCodeLoadError(err);
    }
    const runtime = mod.createConnectRuntime({ db, storeId, session, tokens, getRuntimeConfig: deps.getRuntimeConfig, notify: deps.notify });
    if (alive) runtime.start();
    return runtime;
  });
  const connectInBackground = () =>
    connect().catch((err: unknown) => deps.notify(err instanceof Error ? err.message : String(err), 'error'));

  const tokens = createTokenManager({ fetchToken: async () => (await (await connect()).api.token()).token });

  /** A service that loads the Connect runtime on its first call. */
  const later =
    <A extends unknown[], R>(pick: (s: ConnectServices) => (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> =>
      pick((await connect()).services)(...args);
  const services: ConnectServices = {
    getIntegration: later((s) => s.getIntegration),
    enable: later((s) => s.enable),
    disable: later((s) => s.disable),
    updateFeatures: later((s) => s.updateFeatures),
    syncNow: later((s) => s.syncNow),
    listDeliveries: later((s) => s.listDeliveries),
    redeliver: later((s) => s.redeliver),
    checkConnection: later((s) => s.checkConnection),
  };

  deps.getRuntimeConfig().then(
    (config) => {
      // Its own chunk: only a stack started with BIZ_BENCH_HOOKS=1 downloads it.
      if (config.bench) {
        import('./bench-hook').then(
          ({ createBenchHook }) => (window.__mangoBench = createBenchHook({ db, storeId, syncNow: () => services.syncNow() })),
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
  let stopWaking: (() => void) | null = null;

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
      // An event appended in this tab or another: this tab may have to deliver it (see connect()).
      stopWaking = onOutboxChanged(() => void connectInBackground());
      void (async () => {
        try {
          await seedDemoStoreIfNeeded(db, storeId);
          const [record, counts, waiting] = await Promise.all([
            readConnectRecord(db, storeId),
            readSyncCounts(db),
            db.countFromIndex('outbox', 'status', 'pending'),
          ]);
          if (!alive) return;
          const integration = record?.config ?? null;
          setState({ integration, sync: { ...useConnectStore.getState().sync, counts } });
          tokens.setActive(!!integration?.enabled);
          if (integration?.enabled || waiting > 0) {
            const runtime = await connectInBackground();
            // Loaded earlier by a service call, then stopped and started again (a remount).
            if (runtime && alive) runtime.start();
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
      stopWaking?.();
      stopWaking = null;
      tokens.setActive(false);
      // Stops the relay if the Connect runtime loaded (or once it has); never loads it.
      void connect.peek()?.then((runtime) => runtime.stop(), () => undefined);
    },
  };
}

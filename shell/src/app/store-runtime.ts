import type { ConnectState, Session } from '@mango/connect-shared';
import type { ConnectServices } from '@mango/shell-contract';
import { getBizDb, type BizDb } from '../db/db';
import { readConnectState } from '../db/server-changes';
import type { RefusedChange } from '../db/server-changes';
import { createConnectServices } from '../features/connect/connect-services';
import { applyConnectState, bumpDeliveriesVersion, useConnectStore } from '../features/connect/connect-store';
import { createTokenManager, type TokenManager } from '../features/connect/token/token-manager';
import { createBizApi, type BizApi } from '../lib/biz-api';
import { createPuller } from '../replication/puller';
import { createPusher } from '../replication/pusher';
import { createServerEvents, type EventSourceLike } from '../replication/server-events';

export interface StoreRuntimeDeps {
  notify: (message: string, kind?: 'info' | 'error' | 'success') => void;
  /** The server answered 401: the session is gone (expired, or signed out on another device). */
  onSessionLost: () => void;
  /** The Biz API; tests pass one over a fake fetch. */
  api?: BizApi;
  /** The server's event stream; null runs without one (pulls still happen at start, online, visible). */
  createEventSource?: ((url: string) => EventSourceLike) | null;
}

export interface StoreRuntime {
  db: BizDb;
  storeId: string;
  tokens: TokenManager;
  services: ConnectServices;
  start(): void;
  stop(): void;
  /** Sends the queued changes now; resolves to how many are still queued after at most `timeoutMs`. */
  flush(timeoutMs: number): Promise<number>;
}

/** "Could not save client “Ana”: Email must look like name@example.com. The change was undone." */
export function refusedMessage({ queued, error }: RefusedChange): string {
  const reason = error.message.trim().replace(/[.!]+$/, '');
  return `Could not ${queued.label}: ${reason}. The change was undone.`;
}

const sameState = (a: ConnectState | null, b: ConnectState | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a signed-in store runs while the tab lives: the cache (its database), the pusher and the
 * puller that keep it and the server in step, the server's event stream that says when to pull,
 * the Connect state fed from the cache, the Connect token, and the Connect services of the
 * contract. The lists render from the cache at once; the server catches them up.
 */
export function createStoreRuntime(session: Session, deps: StoreRuntimeDeps): StoreRuntime {
  const storeId = session.store.storeId;
  const db = getBizDb(storeId);
  const api = deps.api ?? createBizApi();
  let alive = false;
  let sessionLost = false;

  const lostSession = () => {
    if (sessionLost) return;
    sessionLost = true;
    deps.onSessionLost();
  };

  const puller = createPuller({ db, api, onUnauthorized: lostSession });
  const pusher = createPusher({
    db,
    storeId,
    api,
    onRefused(changes) {
      for (const change of changes) deps.notify(refusedMessage(change), 'error');
      // The cache still shows the refused change: the server's whole state replaces it.
      void puller.pull({ full: true });
    },
    onUnauthorized: lostSession,
  });
  const events = createServerEvents({
    createEventSource: deps.createEventSource,
    onChange: (seq) => puller.onServerSeq(seq),
    onDeliveries: bumpDeliveriesVersion,
    onGap: () => void puller.pull(),
  });
  const connect = createConnectServices({ api, refresh: () => void puller.pull() });
  const tokens = createTokenManager({ fetchToken: async () => (await api.connectToken()).token });

  // The Connect state as of the cache's cursor. Applied only when the cache's copy changes: a
  // write of the cursor alone must not put back an older state than the one an endpoint just gave.
  let cachedConnect: ConnectState | null = null;
  const showCachedConnect = async () => {
    const state = await readConnectState(db);
    if (!alive || !state || sameState(state, cachedConnect)) return;
    cachedConnect = state;
    applyConnectState(state);
  };
  const showCachedConnectInBackground = () => void showCachedConnect().catch((err: unknown) => console.error('[shell] reading the Connect state', err));

  const onOnline = () => {
    pusher.wake();
    void puller.pull();
    events.reconnect();
    tokens.refreshIfStale();
  };
  const onOffline = () => pusher.wake();
  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    void puller.pull();
    tokens.refreshIfStale();
  };
  const cleanups: (() => void)[] = [];

  return {
    db,
    storeId,
    tokens,
    services: connect.services,
    start() {
      if (alive) return;
      alive = true;
      window.addEventListener('online', onOnline);
      window.addEventListener('offline', onOffline);
      document.addEventListener('visibilitychange', onVisible);
      cleanups.push(
        () => window.removeEventListener('online', onOnline),
        () => window.removeEventListener('offline', onOffline),
        () => document.removeEventListener('visibilitychange', onVisible),
        // A change made in this tab or another, and the pusher's own answers: push what is queued.
        db.onChange(['pending'], () => pusher.wake()),
        db.onChange(['meta'], showCachedConnectInBackground),
        useConnectStore.subscribe((s) => tokens.setActive(!!s.integration?.enabled)),
      );
      tokens.setActive(!!useConnectStore.getState().integration?.enabled);
      puller.start();
      pusher.start();
      events.start();
      void puller.pull();
      void (async () => {
        await showCachedConnect();
        // A cache that never pulled has no Connect state: ask for it on its own, so the Messages
        // tab and the AI button need not wait for the whole first snapshot.
        if (cachedConnect || !alive) return;
        const state = await api.connectState();
        if (alive && !cachedConnect) applyConnectState(state);
      })().catch((err: unknown) => console.warn(`[shell] the Connect state is not known yet: ${err instanceof Error ? err.message : String(err)}`));
    },
    stop() {
      if (!alive) return;
      alive = false;
      for (const cleanup of cleanups.splice(0)) cleanup();
      events.stop();
      puller.stop();
      pusher.stop();
      connect.dispose();
      tokens.setActive(false);
    },
    flush: (timeoutMs) => pusher.flush(timeoutMs),
  };
}

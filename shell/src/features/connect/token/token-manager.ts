import { isTokenExpired, refreshDelayMs } from '@mango/connect-shared';
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface TokenSnapshot {
  token: string | null;
  error: string | null;
}

export interface TokenManagerOptions {
  /** Fetches a fresh token from the edge API (`POST /api/connect/token`). */
  fetchToken: () => Promise<string>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Pure: how long until this token should be refreshed (5 min before exp); 0 when undecodable. */
export function refreshPlanMs(token: string, now: number): number {
  try {
    return refreshDelayMs(token, now);
  } catch {
    return 0;
  }
}

// Browsers clamp timers above 2^31-1 ms to 0 (an immediate, endless refresh loop); stay below.
const MAX_TIMER_MS = 2_147_483_000;

/**
 * The Connect token's life: present only while `active` (a session AND Connect enabled), refreshed
 * 5 minutes before exp, and on demand. Concurrent `refresh()` calls share one request.
 */
export function createTokenManager(opts: TokenManagerOptions) {
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const store: StoreApi<TokenSnapshot> = createStore<TokenSnapshot>(() => ({ token: null, error: null }));
  let active = false;
  let timer: unknown = null;
  let inFlight: Promise<string | null> | null = null;
  /** Bumps on deactivate so a response that arrives afterwards is dropped. */
  let generation = 0;

  const schedule = (token: string) => {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      // A failure is kept in the store's `error`; the next refresh (visible, online, the SDK) tries again.
      void refresh().catch(() => undefined);
    }, Math.min(refreshPlanMs(token, now()), MAX_TIMER_MS));
  };

  function refresh(): Promise<string | null> {
    if (!active) return Promise.resolve(null);
    if (inFlight) return inFlight;
    const gen = generation;
    inFlight = opts
      .fetchToken()
      .then(
        (token) => {
          if (gen !== generation) return null;
          store.setState({ token, error: null });
          schedule(token);
          return token;
        },
        (err: unknown) => {
          if (gen !== generation) return null;
          const message = err instanceof Error ? err.message : String(err);
          store.setState({ error: `Could not get a Mango Connect token: ${message}` });
          throw err;
        },
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  /** Refreshes only when the token is missing or past its refresh point (tab shown again, back online). */
  function refreshIfStale(): void {
    if (!active) return;
    const { token } = store.getState();
    if (!token || isTokenExpired(token, now()) || refreshPlanMs(token, now()) === 0) void refresh().catch(() => {});
  }

  return {
    store,
    refresh,
    refreshIfStale,
    setActive(next: boolean): void {
      if (next === active) return;
      active = next;
      if (next) {
        void refresh().catch(() => {});
      } else {
        generation += 1;
        inFlight = null;
        if (timer !== null) clearTimer(timer);
        timer = null;
        store.setState({ token: null, error: null });
      }
    },
    isValid(): boolean {
      const { token } = store.getState();
      return !!token && !isTokenExpired(token, now());
    },
    dispose(): void {
      this.setActive(false);
    },
  };
}

export type TokenManager = ReturnType<typeof createTokenManager>;

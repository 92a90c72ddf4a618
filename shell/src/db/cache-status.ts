import { create } from 'zustand';

/**
 * How current this tab's cache is, for the lists ("Loading…" only while the cache is empty and
 * the first pull still runs) and the header ("Saving…", "Offline — 3 changes waiting").
 */
export interface CacheStatus {
  /** This session's first pull: the lists render from the cache meanwhile. */
  firstPull: 'loading' | 'done' | 'failed';
  /**
   * The pusher: `saving` while a push is under way, `retrying` after a failed one (server down,
   * network), `offline` while the browser says so, `unauthorized` after a 401 until the member
   * signs in again.
   */
  push: 'idle' | 'saving' | 'retrying' | 'offline' | 'unauthorized';
}

const INITIAL: CacheStatus = { firstPull: 'loading', push: 'idle' };

export const useCacheStatus = create<CacheStatus>(() => INITIAL);

export const resetCacheStatus = () => useCacheStatus.setState(INITIAL, true);

import type { ChangesResponse } from '@mango/connect-shared';
import { useCacheStatus } from '../db/cache-status';
import type { BizDb } from '../db/db';
import { applyChanges, readCursor, type ChangesPage } from '../db/server-changes';
import { retryDelayMs } from '../lib/backoff';
import type { BizApi } from '../lib/biz-api';
import { ApiRequestError } from '../lib/http';

export interface PullerDeps {
  db: BizDb;
  api: Pick<BizApi, 'changes'>;
  /** The server answered 401: pulling stops until the member signs in again. */
  onUnauthorized: () => void;
  random?: () => number;
}

export interface Puller {
  start(): void;
  stop(): void;
  /**
   * Brings the cache up to the server's state. `full`: from the beginning (a whole snapshot that
   * replaces the cache), e.g. after a refused change, so its optimistic row gives way to the
   * server's. A call while a pull runs is folded into one more pull after it.
   */
  pull(opts?: { full?: boolean }): Promise<void>;
  /** The server says the store's change sequence is now `seq`: pulls unless the cache is at it. */
  onServerSeq(seq: number): void;
}

/** Folds the pages of a reset into one snapshot: later pages carry newer versions of a row. */
function joinSnapshot(snapshot: ChangesPage | null, page: ChangesResponse): ChangesPage {
  if (!snapshot) return { cursor: page.cursor, reset: true, clients: page.clients, appointments: page.appointments, connect: page.connect };
  const merge = <R extends { id: string }>(a: readonly R[], b: readonly R[]) => [...new Map([...a, ...b].map((r) => [r.id, r])).values()];
  return {
    cursor: page.cursor,
    reset: true,
    clients: merge(snapshot.clients, page.clients),
    appointments: merge(snapshot.appointments, page.appointments),
    connect: page.connect ?? snapshot.connect,
  };
}

/**
 * Pulls the store's changes since the cache's cursor (`GET /api/changes`), page after page while
 * the server says `more`, each page in one IndexedDB transaction. A reset (a whole snapshot) is
 * gathered over its pages and applied at once: applied page by page, it would empty the lists
 * between the first page and the last.
 */
export function createPuller(deps: PullerDeps): Puller {
  const { db } = deps;
  let stopped = true;
  let current: Promise<void> | null = null;
  let again = false;
  let wantFull = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const clearRetry = () => {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  };

  async function pullAll(full: boolean): Promise<void> {
    let since = full ? 0 : await readCursor(db);
    let snapshot: ChangesPage | null = null;
    for (;;) {
      const page = await deps.api.changes(since);
      if (stopped) return;
      if (page.reset || snapshot) snapshot = joinSnapshot(snapshot, page);
      else await applyChanges(db, page);
      // A server that says `more` without moving on would be asked the same question forever.
      if (!page.more || page.cursor <= since) break;
      since = page.cursor;
    }
    if (snapshot) await applyChanges(db, snapshot);
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      if (stopped) return;
      const full = wantFull;
      wantFull = false;
      try {
        await pullAll(full);
        failures = 0;
        if (useCacheStatus.getState().firstPull !== 'done') useCacheStatus.setState({ firstPull: 'done' });
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiRequestError && err.status === 401) {
          deps.onUnauthorized();
          return;
        }
        console.warn(`[shell] pull failed; trying again shortly: ${err instanceof Error ? err.message : String(err)}`);
        if (useCacheStatus.getState().firstPull === 'loading') useCacheStatus.setState({ firstPull: 'failed' });
        wantFull ||= full;
        failures += 1;
        clearRetry();
        retryTimer = setTimeout(() => {
          retryTimer = null;
          void pull();
        }, retryDelayMs(failures, { random: deps.random }));
        return;
      }
    } while (again);
  }

  function pull(opts: { full?: boolean } = {}): Promise<void> {
    if (stopped) return Promise.resolve();
    if (opts.full) wantFull = true;
    if (current) {
      again = true;
      return current;
    }
    clearRetry();
    current = loop().finally(() => {
      current = null;
    });
    return current;
  }

  return {
    start() {
      stopped = false;
    },
    stop() {
      stopped = true;
      clearRetry();
    },
    pull,
    onServerSeq(seq) {
      if (stopped) return;
      readCursor(db).then(
        (cursor) => {
          // Behind: pull. Ahead of the server (its database was replaced): pull too, and it answers
          // with a reset. Equal: this tab or another already pulled it.
          if (seq !== cursor) void pull();
        },
        (err: unknown) => console.error('[shell] reading the pull cursor', err),
      );
    },
  };
}

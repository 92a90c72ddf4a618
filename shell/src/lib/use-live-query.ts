import { useEffect, useState, type DependencyList } from 'react';
import type { BizDb, StoreName } from '../db/db';

const sameDeps = (a: DependencyList, b: DependencyList) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/**
 * Runs a read of `stores` and runs it again whenever a write to one of them commits (in this tab
 * or another), so lists show a change made here, or pulled from the server, without refreshes.
 * `undefined` while the result for the current `deps` loads: after a change of deps (another day on the
 * appointments page) the last result belongs to the old ones, and showing it under the new heading
 * would show, say, the appointments of the day before as if they were today's.
 */
export function useLiveQuery<T>(db: BizDb, stores: readonly StoreName[], query: () => Promise<T>, deps: DependencyList): T | undefined {
  const [result, setResult] = useState<{ deps: DependencyList; value: T } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    let running = false;
    let again = false;
    // One read at a time: changes that land while a read runs ask for one more read after it, not
    // one each, so a burst of writes (pulled pages, another tab's saves) costs two reads, not hundreds.
    const run = () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      again = false;
      query()
        .then(
          (value) => {
            // Shown even when another read follows: under a steady stream of writes the list
            // still moves, one read behind at most.
            if (live) setResult({ deps, value });
          },
          (err: unknown) => console.error('[shell] live query failed', err),
        )
        .finally(() => {
          running = false;
          if (live && again) run();
        });
    };
    const stop = db.onChange(stores, run);
    run();
    return () => {
      live = false;
      stop();
    };
    // `query` is re-created every render; `db`, `stores` and `deps` say when it really changes.
  }, [db, stores.join(','), ...deps]);
  return result && sameDeps(result.deps, deps) ? result.value : undefined;
}

import { liveQuery } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

const sameDeps = (a: DependencyList, b: DependencyList) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/**
 * Re-runs a Dexie query whenever the tables it read change (in this tab or another), so lists
 * show what the outbox just wrote without manual refreshes. `undefined` while the result for the
 * current `deps` loads: after a change of deps (another day on the appointments page) the last
 * result belongs to the old ones, and showing it under the new heading would show, say, the
 * appointments of the day before as if they were today's.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: DependencyList): T | undefined {
  const [result, setResult] = useState<{ deps: DependencyList; value: T } | undefined>(undefined);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({
      next: (value) => setResult({ deps, value }),
      error: (err: unknown) => console.error('[shell] live query failed', err),
    });
    return () => sub.unsubscribe();
    // `query` is re-created every render; `deps` says when it really changes.
  }, deps);
  return result && sameDeps(result.deps, deps) ? result.value : undefined;
}

import { liveQuery } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

/**
 * Re-runs a Dexie query whenever the tables it read change (in this tab or another), so lists
 * show what the outbox just wrote without manual refreshes. `undefined` while the first result loads.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: DependencyList): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({
      next: setValue,
      error: (err: unknown) => console.error('[shell] live query failed', err),
    });
    return () => sub.unsubscribe();
    // `query` is re-created every render; `deps` says when it really changes.
  }, deps);
  return value;
}

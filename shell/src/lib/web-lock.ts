/**
 * Runs `work` while holding the Web Lock `name` (one holder across every tab of this origin; the
 * others queue). Where the browser has no Web Locks it runs at once: the callers' work must stay
 * safe without it (the server applies a mutation id once, so a push sent twice changes nothing).
 */
export function withWebLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return work();
  return locks.request(name, work) as Promise<T>;
}

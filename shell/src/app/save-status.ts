import type { CacheStatus } from '../db/cache-status';

const changes = (n: number) => (n === 1 ? '1 change' : `${n} changes`);

/**
 * The header's one line about unsaved work, or null when there is nothing to say: everything
 * made here has reached the server and the browser is online.
 */
export function saveStatusText(s: { online: boolean; pending: number; push: CacheStatus['push'] }): string | null {
  if (!s.online) return s.pending > 0 ? `Offline — ${changes(s.pending)} waiting` : 'Offline';
  if (s.pending === 0) return null;
  if (s.push === 'unauthorized') return `${changes(s.pending)} waiting — sign in to save`;
  if (s.push === 'retrying') return `Not saved yet — ${changes(s.pending)} waiting, retrying`;
  return 'Saving…';
}

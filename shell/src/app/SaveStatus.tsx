import { CloudOff, RefreshCw } from 'lucide-react';
import { useCacheStatus } from '../db/cache-status';
import { useStoreDb } from '../db/context';
import { useLiveQuery } from '../lib/use-live-query';
import { useOnline } from '../lib/use-online';
import { saveStatusText } from './save-status';

const PENDING = ['pending'] as const;

/** "Offline — 3 changes waiting" / "Saving…" in the header; nothing when all is saved. */
export function SaveStatus() {
  const { db } = useStoreDb();
  const online = useOnline();
  const push = useCacheStatus((s) => s.push);
  const pending = useLiveQuery(db, PENDING, () => db.count('pending'), []) ?? 0;
  const text = saveStatusText({ online, pending, push });
  return (
    // A live region that is always there, so screen readers hear the text when it appears.
    <span className={`save-status${online ? '' : ' save-status--offline'}`} aria-live="polite">
      {text && (
        <>
          {online ? <RefreshCw aria-hidden size={14} /> : <CloudOff aria-hidden size={14} />}
          <span>{text}</span>
        </>
      )}
    </span>
  );
}

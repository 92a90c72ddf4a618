import { useState } from 'react';
import type { MangoConnectIntegration } from '@mango/connect-shared';
import type { SyncProgress } from '@mango/shell-contract';
import { useConnectServices, useSyncState } from '../../lib/shell-contract.js';
import { useAsyncAction } from '../../lib/useAsyncAction.js';
import { ProgressBar } from '../../lib/ui/ProgressBar.js';
import { formatWhen, progressLabel, syncErrors } from './sync-format.js';

/** Last sync, record counts, "Sync Now" with live progress, and the errors of the last run. */
export function SyncSection({ integration }: { integration: MangoConnectIntegration | null }) {
  const services = useConnectServices();
  const sync = useSyncState();
  const [localProgress, setLocalProgress] = useState<SyncProgress | null>(null);
  const syncNow = useAsyncAction(async () => {
    try {
      return await services.syncNow(setLocalProgress);
    } finally {
      setLocalProgress(null);
    }
  });
  const enabled = integration?.enabled ?? false;
  // The shell tracks runs started anywhere (e.g. the initial sync); ours reports through onProgress.
  const progress = localProgress ?? (sync.running ? sync.progress : null);
  const running = syncNow.pending || sync.running;
  const errors = syncErrors(sync.last);
  const lastSync = sync.last?.finishedAt ?? integration?.lastSyncAt;

  return (
    <section className="ch-card" aria-labelledby="ch-sync-heading">
      <h2 id="ch-sync-heading">Sync</h2>
      <dl className="ch-row">
        <div>
          <dt className="ch-muted">Last sync</dt>
          <dd>{formatWhen(lastSync)}</dd>
        </div>
        <div>
          <dt className="ch-muted">Clients</dt>
          <dd>{sync.counts.clients}</dd>
        </div>
        <div>
          <dt className="ch-muted">Appointments</dt>
          <dd>{sync.counts.appointments}</dd>
        </div>
      </dl>
      <div className="ch-row">
        <button type="button" className="ch-button" disabled={!enabled || running} onClick={() => void syncNow.run()}>
          Sync Now
        </button>
        {running && !progress && <span role="status">Syncing…</span>}
      </div>
      {progress && <ProgressBar label={progressLabel(progress)} done={progress.done} total={progress.total} />}
      {syncNow.error && <p role="alert" className="ch-error">{syncNow.error}</p>}
      {/* The run itself failed (e.g. Connect unreachable): shown unless Sync Now already says so. */}
      {sync.error && !running && sync.error !== syncNow.error && (
        <p role="alert" className="ch-error">
          The last sync did not finish: {sync.error}
        </p>
      )}
      {errors.length > 0 && (
        <div role="alert">
          <p className="ch-error-title">The last sync had errors</p>
          <ul>
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

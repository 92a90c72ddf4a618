import { useState } from 'react';
import type { MangoConnectIntegration } from '@mango/connect-shared';
import type { ConnectionCheck, SyncProgress } from '@mango/shell-contract';
import { useConnectServices } from '../../lib/shell-contract.js';
import { useAsyncAction } from '../../lib/useAsyncAction.js';
import { ProgressBar } from '../../lib/ui/ProgressBar.js';
import { Switch } from '../../lib/ui/Switch.js';
import { progressLabel } from './sync-format.js';

function checkLabel(check: ConnectionCheck): string {
  if (check.state === 'unknown') return 'Not checked';
  return check.ok ? 'Connected' : 'Not connected';
}

/** Enabled/disabled state, tenant, the enable switch (with the initial sync's progress) and a connection check. */
export function StatusSection({ integration }: { integration: MangoConnectIntegration | null }) {
  const services = useConnectServices();
  const enabled = integration?.enabled ?? false;
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);

  const toggle = useAsyncAction(async (next: boolean) => {
    if (next) {
      setProgress(null);
      try {
        await services.enable(setProgress);
      } finally {
        setProgress(null);
      }
    } else {
      await services.disable();
    }
  });
  const checkConnection = useAsyncAction(async () => {
    setCheck(null);
    setCheck(await services.checkConnection());
  });

  return (
    <section className="ch-card" aria-labelledby="ch-status-heading">
      <h2 id="ch-status-heading">Connection</h2>
      <p>
        <strong>{enabled ? 'Enabled' : 'Disabled'}</strong>
        {integration?.connectTenantSlug && <span className="ch-muted"> · tenant {integration.connectTenantSlug}</span>}
      </p>
      <Switch
        label="Enable Mango Connect"
        description="Creates your Connect workspace and copies clients and appointments to it."
        checked={enabled}
        disabled={toggle.pending}
        onChange={(next) => void toggle.run(next)}
      />
      {toggle.pending && !progress && (
        <p role="status" className="ch-muted">
          {enabled ? 'Turning Mango Connect off…' : 'Setting up Mango Connect…'}
        </p>
      )}
      {progress && <ProgressBar label={progressLabel(progress)} done={progress.done} total={progress.total} />}
      {toggle.error && <p role="alert" className="ch-error">{toggle.error}</p>}

      <div className="ch-row">
        <button type="button" className="ch-button" disabled={!enabled || checkConnection.pending} onClick={() => void checkConnection.run()}>
          Check connection
        </button>
        {checkConnection.pending && <span role="status">Checking…</span>}
        {check && (
          // `unknown`: Connect has no health check to ask, which says nothing about whether it is down.
          <span role={check.ok || check.state === 'unknown' ? 'status' : 'alert'}>
            {checkLabel(check)}: {check.message}
            {check.latencyMs !== undefined && ` (${check.latencyMs} ms)`}
          </span>
        )}
      </div>
      {checkConnection.error && <p role="alert" className="ch-error">{checkConnection.error}</p>}
    </section>
  );
}

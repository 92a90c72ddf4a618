import { useConnectIntegration, useSession } from '../../lib/shell-contract.js';
import { canManageConnect } from '../../lib/roles.js';
import { buildId } from '../../contract.js';
import { useRemoteStyles } from '../../lib/styles.js';
import { DeliveryLog } from './DeliveryLog.js';
import { FeatureToggles } from './FeatureToggles.js';
import { StatusSection } from './StatusSection.js';
import { SyncSection } from './SyncSection.js';

/** The /settings/connect route: owners and admins enable Connect, pick features, sync and watch webhooks. */
export default function ConnectIntegrationPage() {
  useRemoteStyles();
  const session = useSession();
  const integration = useConnectIntegration();

  if (!canManageConnect(session)) {
    return (
      <div className="ch-page">
        <h1>Not allowed</h1>
        <p>Only the store owner or an admin can manage Mango Connect. Ask one of them to change these settings.</p>
      </div>
    );
  }
  return (
    <div className="ch-page">
      <h1>Mango Connect</h1>
      <StatusSection integration={integration} />
      <FeatureToggles integration={integration} />
      <SyncSection integration={integration} />
      <DeliveryLog />
      <p className="ch-muted">connect-host build {buildId}</p>
    </div>
  );
}

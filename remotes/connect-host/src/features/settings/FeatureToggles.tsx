import type { ConnectFeatures, MangoConnectIntegration } from '@mango/connect-shared';
import { useConnectServices } from '../../lib/shell-contract.js';
import { useAsyncAction } from '../../lib/useAsyncAction.js';
import { Switch } from '../../lib/ui/Switch.js';

const FEATURES: { key: keyof ConnectFeatures; label: string; description: string }[] = [
  { key: 'conversations', label: 'Conversations', description: 'Two-way messages with clients on the Messages page.' },
  { key: 'aiAssistant', label: 'AI Assistant', description: 'The assistant drawer in the header.' },
  { key: 'campaigns', label: 'Campaigns', description: 'Marketing campaigns as a tab on the Messages page.' },
];

/** One switch per Connect feature; off while Connect itself is disabled. */
export function FeatureToggles({ integration }: { integration: MangoConnectIntegration | null }) {
  const services = useConnectServices();
  const update = useAsyncAction((patch: Partial<ConnectFeatures>) => services.updateFeatures(patch));
  const enabled = integration?.enabled ?? false;

  return (
    <section className="ch-card" aria-labelledby="ch-features-heading">
      <h2 id="ch-features-heading">Features</h2>
      {!enabled && <p className="ch-muted">Enable Mango Connect to choose its features.</p>}
      {FEATURES.map((f) => (
        <Switch
          key={f.key}
          label={f.label}
          description={f.description}
          checked={enabled && (integration?.features[f.key] ?? false)}
          disabled={!enabled || update.pending}
          onChange={(next) => void update.run({ [f.key]: next })}
        />
      ))}
      {update.error && <p role="alert" className="ch-error">{update.error}</p>}
    </section>
  );
}

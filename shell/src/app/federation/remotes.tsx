import type { ComponentType } from 'react';
import { loadRuntimeConfig } from '../runtime-config';
import { entryRetryPlugin } from './entry-retry-plugin';
import { createFederatedComponent } from './federated';
import { createRemoteRegistry } from './registry';

/**
 * The page's registry of remotes. Nothing about the remote is known at build time: its entry comes
 * from /runtime-config.json, so the Connect-host team deploys without a shell rebuild. The
 * federation runtime itself is a chunk of its own, fetched the first time a remote is needed.
 */
export const remoteRegistry = createRemoteRegistry({
  runtime: async () => {
    const { createHostRuntime } = await import('./host-runtime');
    return createHostRuntime([entryRetryPlugin((name) => remoteRegistry.retryAttempt(name))]);
  },
  getConfig: () => loadRuntimeConfig(),
});

const CONNECT = 'connectHost';

function federated<P extends object>(expose: string, label: string, compact = false): ComponentType<P> {
  return createFederatedComponent<P>({
    label,
    compact,
    load: () => remoteRegistry.load<{ default: ComponentType<P> }>(`${CONNECT}/${expose}`),
    reset: () => remoteRegistry.reset(CONNECT),
  });
}

export const FederatedMessagesPage = federated('MessagesPage', 'Messages');
export const FederatedConnectSettingsPage = federated('ConnectIntegrationPage', 'Mango Connect settings');
export const FederatedAIAssistantButton = federated('AIAssistantButton', 'AI Assistant', true);

/** Warms the Connect remote; idle after sign-in and on hover/focus of a federated link. */
export function preloadConnect(...exposes: string[]): void {
  void remoteRegistry.preload(CONNECT, exposes);
}

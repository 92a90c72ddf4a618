import { loadRemote, registerRemotes } from '@module-federation/enhanced/runtime';
import type { ComponentType } from 'react';
import { loadRuntimeConfig } from '../runtime-config';
import { createFederatedComponent } from './federated';
import { createRemoteRegistry } from './registry';

/**
 * The page's registry of remotes. Nothing about the remote is known at build time: its entry comes
 * from /runtime-config.json, so the Connect-host team deploys without a shell rebuild.
 */
export const remoteRegistry = createRemoteRegistry({
  runtime: {
    registerRemotes: (remotes, options) => registerRemotes(remotes.map((r) => ({ name: r.name, entry: r.entry, type: r.type })), options),
    loadRemote: (id) => loadRemote(id),
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

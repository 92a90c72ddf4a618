import { loadRemote, registerPlugins, registerRemotes } from '@module-federation/enhanced/runtime';
import type { ComponentType } from 'react';
import { loadRuntimeConfig } from '../runtime-config';
import { entryRetryPlugin } from './entry-retry-plugin';
import { createFederatedComponent } from './federated';
import { createRemoteRegistry } from './registry';

let retryPluginRegistered = false;

/**
 * The page's registry of remotes. Nothing about the remote is known at build time: its entry comes
 * from /runtime-config.json, so the Connect-host team deploys without a shell rebuild.
 */
export const remoteRegistry = createRemoteRegistry({
  runtime: {
    registerRemotes: (remotes, options) => {
      // Here, not at import: the runtime instance exists once the host has initialised federation.
      if (!retryPluginRegistered) registerPlugins([entryRetryPlugin((name) => remoteRegistry.retryAttempt(name))]);
      retryPluginRegistered = true;
      registerRemotes(remotes.map((r) => ({ name: r.name, entry: r.entry, type: r.type })), options);
    },
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

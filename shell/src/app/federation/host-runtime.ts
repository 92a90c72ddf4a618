import { createInstance, type ModuleFederationRuntimePlugin } from '@module-federation/enhanced/runtime';
import provideRuntimeCore from '@module-federation/inject-external-runtime-core-plugin';
import * as contract from '@mango/shell-contract';
import { version as contractVersion } from '@mango/shell-contract/package.json';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as JsxRuntime from 'react/jsx-runtime';
import * as zustand from 'zustand';
import { version as zustandVersion } from 'zustand/package.json';
import type { FederationRuntime } from './registry';

/**
 * The Module Federation runtime of the shell, created on first use: a store that never turns
 * Connect on never downloads it (about 20 KB gzip, pnpm bench). The shell is a runtime-only host —
 * no build plugin — so it names here, once, the modules it lends the remote; the remote's
 * `shared` config (remotes/connect-host/vite.config.ts) names the same keys and ranges.
 *
 * It also lends the remote the runtime itself: the remote is built with `externalRuntime` and reads
 * runtime-core from `globalThis._FEDERATION_RUNTIME_CORE`, which the inject plugin publishes before
 * any remote loads. Without this, every federated route downloaded a second runtime-core (≈ 54 KB
 * minified in the remote's first chunks, pnpm bench's breakdown) that the shell already had.
 */
export function createHostRuntime(plugins: ModuleFederationRuntimePlugin[]): FederationRuntime {
  const singleton = (version: string, requiredVersion: string, lib: () => unknown) => ({
    version,
    lib,
    shareConfig: { singleton: true, requiredVersion },
  });
  const instance = createInstance({
    name: 'shell',
    remotes: [],
    shared: {
      react: singleton(React.version, '^19.3.0', () => React),
      'react/jsx-runtime': singleton(React.version, '^19.3.0', () => JsxRuntime),
      'react-dom': singleton(ReactDOM.version, '^19.3.0', () => ReactDOM),
      zustand: singleton(zustandVersion, '^5.0.0', () => zustand),
      // The remote declares the contract `import: false`: it has no copy, so it always gets this one.
      '@mango/shell-contract': singleton(contractVersion, '^1.0.0', () => contract),
    },
    plugins: [provideRuntimeCore(), ...plugins],
  });
  return {
    registerRemotes: (remotes, options) => instance.registerRemotes(remotes.map((r) => ({ name: r.name, entry: r.entry, type: r.type })), options),
    loadRemote: (id) => instance.loadRemote(id),
  };
}

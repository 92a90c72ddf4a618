// The package's own types declare `export =`, but it ships ESM with a default export, and TypeScript
// rejects a default import of an `export =` declaration under verbatimModuleSyntax (TS1192). This
// states what the ESM build exports, so the import stays typed.
declare module '@module-federation/inject-external-runtime-core-plugin' {
  import type { ModuleFederationRuntimePlugin } from '@module-federation/enhanced/runtime';

  /** Publishes the host's runtime-core on `globalThis._FEDERATION_RUNTIME_CORE` in `beforeInit`. */
  export default function injectExternalRuntimeCorePlugin(): ModuleFederationRuntimePlugin;
}

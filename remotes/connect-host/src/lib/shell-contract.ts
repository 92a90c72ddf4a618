import * as imported from '@mango/shell-contract';

type ContractModule = typeof imported;

/**
 * The shell contract as the remote reads it: the shell's own module instance in the federated
 * build, the workspace package in tests and the dev harness.
 *
 * Why not plain named imports: the contract is shared with `import: false`, and
 * @module-federation/vite 1.23.0 decides which named exports the host-provided module has by
 * scanning the package's source. It cannot follow `export * from './contract.js'` to
 * `contract.ts`, finds no names, and its wrapper then exposes the host module only as `default`.
 * Reading through the namespace works both ways: named exports when they are detected (or not
 * federated), `default` otherwise. Property reads are live, so a wrapper filled in after the
 * federation runtime initialised is seen at render time.
 */
function contractModule(): ContractModule {
  if (typeof imported.useShell === 'function') return imported;
  const hostProvided = (imported as unknown as { default?: ContractModule }).default;
  if (hostProvided && typeof hostProvided.useShell === 'function') return hostProvided;
  throw new Error(
    'The shell contract module (@mango/shell-contract) is not available: load this remote from the Mango Biz shell or the connect-host dev harness.',
  );
}

export const useShell: ContractModule['useShell'] = () => contractModule().useShell();
export const useSession: ContractModule['useSession'] = () => contractModule().useSession();
export const useConnectToken: ContractModule['useConnectToken'] = () => contractModule().useConnectToken();
export const useConnectIntegration: ContractModule['useConnectIntegration'] = () => contractModule().useConnectIntegration();
export const useConnectServices: ContractModule['useConnectServices'] = () => contractModule().useConnectServices();
export const useSyncState: ContractModule['useSyncState'] = () => contractModule().useSyncState();

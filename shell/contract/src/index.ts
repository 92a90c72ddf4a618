// Named re-exports (not `export *`): the federation plugin scans this file to learn what a remote
// that shares the contract with `import: false` may import, and it does not follow star exports.
export {
  SHELL_CONTRACT_VERSION,
  isCompatibleContract,
  type ConnectTokenState,
  type SyncProgress,
  type SyncRunResult,
  type SyncState,
  type DeliveryFilter,
  type ConnectionCheck,
  type ConnectServices,
  type ShellContractValue,
} from './contract.js';
export {
  ShellContractContext,
  MissingShellContractError,
  useShell,
  useSession,
  useConnectToken,
  useConnectIntegration,
  useConnectServices,
  useSyncState,
} from './hooks.js';

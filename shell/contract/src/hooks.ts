import { createContext, useContext } from 'react';
import type { ConnectServices, ConnectTokenState, ShellContractValue } from './contract.js';

/** The single React context both sides bind to; it must be a shared singleton in Module Federation. */
export const ShellContractContext = createContext<ShellContractValue | null>(null);
ShellContractContext.displayName = 'ShellContractContext';

export class MissingShellContractError extends Error {
  readonly code = 'ERR_SHELL_CONTRACT_MISSING';
  constructor() {
    super('No shell contract in scope: render this inside the shell (or the remote dev harness) ShellContractContext.Provider.');
    this.name = 'MissingShellContractError';
  }
}

export function useShell(): ShellContractValue {
  const value = useContext(ShellContractContext);
  if (!value) throw new MissingShellContractError();
  return value;
}

export const useSession = () => useShell().session;
export const useConnectToken = (): ConnectTokenState => useShell().connectToken;
export const useConnectIntegration = () => useShell().integration;
export const useConnectServices = (): ConnectServices => useShell().services;
export const useSyncState = () => useShell().sync;

import { createContext, useContext } from 'react';
import type { StoreRuntime } from './store-runtime';

/** The signed-in store's runtime, for the app's own chrome (sign-out, the save indicator). */
export const StoreRuntimeContext = createContext<StoreRuntime | null>(null);

export function useStoreRuntime(): StoreRuntime {
  const runtime = useContext(StoreRuntimeContext);
  if (!runtime) throw new Error('useStoreRuntime() needs a signed-in store: render inside ShellContractProvider.');
  return runtime;
}

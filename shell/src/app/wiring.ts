import { loadRuntimeConfig } from './runtime-config';
import type { StoreRuntimeDeps } from './store-runtime';
import { notify } from './toasts';

/** The real adapters, created once per page. */
export const runtimeDeps: StoreRuntimeDeps = {
  getRuntimeConfig: () => loadRuntimeConfig(),
  notify,
};

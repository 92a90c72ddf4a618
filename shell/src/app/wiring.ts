import { createConnectApi } from '../features/connect/api';
import { loadRuntimeConfig } from './runtime-config';
import type { StoreRuntimeDeps } from './store-runtime';
import { notify } from './toasts';

/** The real adapters, created once per page. */
export const connectApi = createConnectApi();

export const runtimeDeps: StoreRuntimeDeps = {
  api: connectApi,
  getRuntimeConfig: () => loadRuntimeConfig(),
  notify,
};

import { resetCacheStatus } from '../db/cache-status';
import { useSessionStore } from '../features/auth/session-store';
import { resetConnectStore } from '../features/connect/connect-store';
import type { StoreRuntimeDeps } from './store-runtime';
import { notify } from './toasts';

/** The real adapters, created once per page. */
export const runtimeDeps: StoreRuntimeDeps = {
  notify,
  onSessionLost() {
    // The store's database stays: changes made here are still queued and go out after sign-in.
    resetConnectStore();
    resetCacheStatus();
    useSessionStore.setState({ status: 'anonymous', session: null });
    notify('Your session has ended. Sign in again to go on; changes made on this device are kept and saved then.', 'error');
  },
};

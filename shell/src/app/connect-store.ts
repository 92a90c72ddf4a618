import type { MangoConnectIntegration } from '@mango/connect-shared';
import type { SyncState } from '@mango/shell-contract';
import { create } from 'zustand';

export interface ConnectUiState {
  integration: MangoConnectIntegration | null;
  sync: SyncState;
  deliveriesVersion: number;
}

export const INITIAL_SYNC: SyncState = { running: false, progress: null, last: null, counts: { clients: 0, appointments: 0 } };

/** What the header, nav and the contract render about Connect; written by the store runtime. */
export const useConnectStore = create<ConnectUiState>(() => ({ integration: null, sync: INITIAL_SYNC, deliveriesVersion: 0 }));

export const resetConnectStore = () => useConnectStore.setState({ integration: null, sync: INITIAL_SYNC, deliveriesVersion: 0 });

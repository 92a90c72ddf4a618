import type { ConnectState, MangoConnectIntegration } from '@mango/connect-shared';
import type { SyncState } from '@mango/shell-contract';
import { create } from 'zustand';
import { INITIAL_SYNC, toSyncState } from './sync-state';

export interface ConnectUiState {
  /** The store's Connect state as the server last told this tab (null before it did). */
  state: ConnectState | null;
  integration: MangoConnectIntegration | null;
  sync: SyncState;
  /** Bumps when webhook deliveries were recorded, so an open delivery log re-queries. */
  deliveriesVersion: number;
}

const INITIAL: ConnectUiState = { state: null, integration: null, sync: INITIAL_SYNC, deliveriesVersion: 0 };

/**
 * What the header, the nav and the shell contract show about Connect: the same for every member
 * of the store, fed by the server (the change feed, and the answers of the Connect endpoints).
 */
export const useConnectStore = create<ConnectUiState>(() => INITIAL);

export function applyConnectState(state: ConnectState | null): void {
  useConnectStore.setState((s) => ({ state, integration: state?.integration ?? null, sync: toSyncState(state, s.sync) }));
}

export const bumpDeliveriesVersion = () => useConnectStore.setState((s) => ({ deliveriesVersion: s.deliveriesVersion + 1 }));

export const resetConnectStore = () => useConnectStore.setState(INITIAL, true);

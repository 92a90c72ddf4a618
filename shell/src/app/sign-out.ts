import { deleteBizDb } from '../db/db';
import { resetCacheStatus } from '../db/cache-status';
import { useSessionStore } from '../features/auth/session-store';
import { resetConnectStore } from '../features/connect/connect-store';
import type { StoreRuntime } from './store-runtime';
import { useToasts } from './toasts';

/** Tabs of this browser tell each other of a sign-out: the session cookie they share is gone. */
const AUTH_CHANNEL = 'mango-auth';
const SIGNED_OUT = 'signed-out';
/** This tab: a BroadcastChannel also delivers to other channel objects of the sending tab. */
const TAB_ID = crypto.randomUUID();

/** How long sign-out waits for the server to revoke the session before going on without it. */
const LOGOUT_WAIT_MS = 3000;

function channel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(AUTH_CHANNEL);
}

/** Calls `listener` when another tab of this browser signs out; returns the unsubscribe. */
export function onSignedOutElsewhere(listener: () => void): () => void {
  const bc = channel();
  if (!bc) return () => undefined;
  bc.onmessage = (e: MessageEvent) => {
    const message = e.data as { type?: unknown; from?: unknown } | null;
    if (message?.type === SIGNED_OUT && message.from !== TAB_ID) listener();
  };
  return () => bc.close();
}

function announceSignOut(): void {
  const bc = channel();
  bc?.postMessage({ type: SIGNED_OUT, from: TAB_ID });
  bc?.close();
}

/** Forgets, in this tab's memory, everything of the member: the Connect state, the toasts (they name clients), the session. */
export function clearMemberState(): void {
  resetConnectStore();
  resetCacheStatus();
  useToasts.setState({ toasts: [] });
  useSessionStore.setState({ status: 'anonymous', session: null });
}

/**
 * Signs out and leaves nothing of the member on this device (a shared front-desk tablet): stops
 * the store's runtime, tells the other tabs (they go to the login page), deletes the store's
 * database from this browser, asks the server to revoke the session, and clears the in-memory
 * state. The caller has already pushed what it could and asked before discarding the rest.
 */
export async function signOutAndErase(runtime: StoreRuntime, logout: () => Promise<void> = () => useSessionStore.getState().logout()): Promise<void> {
  runtime.stop();
  announceSignOut();
  const deleted = await deleteBizDb(runtime.storeId);
  if (!deleted) console.warn('[shell] another tab still holds the store database; it is deleted once that tab lets go');
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Offline, the server cannot be told; the local sign-out goes on regardless.
  await Promise.race([logout().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, LOGOUT_WAIT_MS)))]);
  clearTimeout(timer);
  clearMemberState();
}

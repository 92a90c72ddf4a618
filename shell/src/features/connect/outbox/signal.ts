/**
 * "There is something new in the outbox": the relay wakes on this in the writing tab (an event
 * target) and in every other tab (a BroadcastChannel), because the relay may live in another tab.
 */
export const OUTBOX_CHANNEL = 'mango-outbox';

const local = new EventTarget();
let channel: BroadcastChannel | null | undefined;

function getChannel(): BroadcastChannel | null {
  if (channel === undefined) channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(OUTBOX_CHANNEL);
  return channel;
}

export function notifyOutbox(): void {
  local.dispatchEvent(new Event('changed'));
  getChannel()?.postMessage({ type: 'outbox-changed' });
}

/** Subscribes to outbox changes from this tab and from others; returns the unsubscribe. */
export function onOutboxChanged(listener: () => void): () => void {
  local.addEventListener('changed', listener);
  const bc = getChannel();
  bc?.addEventListener('message', listener);
  return () => {
    local.removeEventListener('changed', listener);
    bc?.removeEventListener('message', listener);
  };
}

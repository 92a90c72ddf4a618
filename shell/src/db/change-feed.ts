/**
 * Which object stores of one database a committed write touched, told to listeners in this tab
 * (directly) and in every other tab (a BroadcastChannel named after the database). Live lists
 * re-read on it, so a client saved in one tab shows in the list of another.
 */
export interface ChangeFeed {
  announce(stores: readonly string[]): void;
  subscribe(stores: readonly string[], listener: () => void): () => void;
  close(): void;
}

interface Subscription {
  stores: ReadonlySet<string>;
  listener: () => void;
}

const channelName = (dbName: string) => `mango-db-changes:${dbName}`;

function isStoreList(data: unknown): data is { stores: string[] } {
  return typeof data === 'object' && data !== null && Array.isArray((data as { stores?: unknown }).stores);
}

export function createChangeFeed(dbName: string): ChangeFeed {
  const subs = new Set<Subscription>();
  let channel: BroadcastChannel | null = null;

  const deliver = (stores: readonly string[]) => {
    for (const sub of [...subs]) {
      if (!subs.has(sub) || !stores.some((s) => sub.stores.has(s))) continue;
      try {
        sub.listener();
      } catch (err) {
        // One broken listener must not keep the others from hearing of the change.
        console.error('[shell] a change listener failed', err);
      }
    }
  };

  const onMessage = (e: MessageEvent) => {
    if (isStoreList(e.data)) deliver(e.data.stores);
  };

  // Opened on demand: a page that never writes nor listens keeps no channel.
  const getChannel = () => {
    if (!channel && typeof BroadcastChannel !== 'undefined') {
      channel = new BroadcastChannel(channelName(dbName));
      channel.addEventListener('message', onMessage);
    }
    return channel;
  };

  return {
    announce(stores) {
      deliver(stores);
      getChannel()?.postMessage({ stores: [...stores] });
    },
    subscribe(stores, listener) {
      getChannel();
      const sub: Subscription = { stores: new Set(stores), listener };
      subs.add(sub);
      return () => {
        subs.delete(sub);
      };
    },
    close() {
      subs.clear();
      channel?.removeEventListener('message', onMessage);
      channel?.close();
      channel = null;
    },
  };
}

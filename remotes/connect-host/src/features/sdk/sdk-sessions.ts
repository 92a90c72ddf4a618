import { dropKeptModules } from './module-keeper.js';
import type { MangoConnectNamespace, MangoConnectSDKInstance, SDKOptions } from './types.js';

/** What the SDK's callbacks reach: the shell values of the most recently mounted wrapper. */
export interface SessionHost {
  refresh: () => Promise<string>;
  notify: (message: string) => void;
}

export interface SharedSDKSession {
  readonly sdk: MangoConnectSDKInstance;
  /** Settles when `init()` has (the token was validated by Connect once for this page). */
  readonly ready: Promise<void>;
  status: 'connecting' | 'ready' | 'error';
  /** The token the SDK holds now; a wrapper with a newer one passes it on with setToken. */
  token: string;
  host: SessionHost;
}

// One initialised SDK per page and member (after the script cache in load-sdk.ts): opening
// Messages again must not pay Connect's token check (POST /auth-mango-biz) before the inbox can
// even ask for its data — `pnpm bench` measured that round trip as a third of the route's time.
// Keyed by namespace first, so a page with a new SDK script (or a test's fake) starts afresh.
const sessions = new WeakMap<MangoConnectNamespace, Map<string, SharedSDKSession>>();

export function sessionKey(apiUrl: string, storeId: string, memberId: string): string {
  return `${apiUrl}|${storeId}|${memberId}`;
}

/** The page's session for `key` if there is one; never creates. */
export function peekSDKSession(namespace: MangoConnectNamespace, key: string): SharedSDKSession | undefined {
  return sessions.get(namespace)?.get(key);
}

/**
 * The page's SDK session for `key`, created and initialised on first use. Another member's session
 * (sign-out, then sign-in as someone else) is destroyed, so one SDK at most is alive per page.
 * A session whose init fails is dropped at once: the next call (Retry) really starts again.
 */
export function getSDKSession(namespace: MangoConnectNamespace, key: string, create: { apiUrl: string; token: string; host: SessionHost }): SharedSDKSession {
  let byKey = sessions.get(namespace);
  if (!byKey) sessions.set(namespace, (byKey = new Map()));
  const existing = byKey.get(key);
  if (existing) return existing;
  for (const [other, s] of byKey) {
    // The previous member's modules kept off-screen must not go on polling with their token.
    dropKeptModules(s.sdk);
    s.sdk.destroy();
    byKey.delete(other);
  }
  const options: SDKOptions = {
    apiUrl: create.apiUrl,
    token: create.token,
    fetchToken: () => entry.host.refresh(),
    onError: (err) => entry.host.notify(err.message),
  };
  const sdk = new namespace.MangoConnectSDK(options);
  const ready = sdk.init().then(
    () => {
      entry.status = 'ready';
    },
    (err: unknown) => {
      entry.status = 'error';
      if (byKey.get(key) === entry) byKey.delete(key);
      throw err;
    },
  );
  const entry: SharedSDKSession = { sdk, ready, status: 'connecting', token: create.token, host: create.host };
  byKey.set(key, entry);
  return entry;
}

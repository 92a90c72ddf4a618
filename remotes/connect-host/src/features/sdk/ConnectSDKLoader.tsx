import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Loader2, RefreshCw, TriangleAlert } from 'lucide-react';
import { loadConnectSDK } from './load-sdk.js';
import { validateSDKExports } from './validate-exports.js';
import type { MangoConnectNamespace } from './types.js';

type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; sdk: MangoConnectNamespace }
  | { status: 'error'; message: string };

/** Loads the SDK script (shared page-wide promise) and tracks it as React state; `retry` tries again. */
export function useConnectSDKScript(sdkUrl: string, timeoutMs?: number) {
  const [attempt, setAttempt] = useState(0);
  const key = `${sdkUrl}#${attempt}`;
  // The script already ran on this page (a later visit to the route): ready in the first render,
  // as loadConnectSDK would resolve anyway, without a "Loading…" pass in between.
  const [state, setState] = useState<LoadState & { key: string }>(() => {
    const present = validateSDKExports(window.MangoConnect);
    return present.ok ? { status: 'ready', sdk: present.sdk, key } : { status: 'loading', key: '' };
  });

  useEffect(() => {
    let live = true;
    loadConnectSDK(sdkUrl, timeoutMs === undefined ? {} : { timeoutMs }).then(
      (sdk) => live && setState({ status: 'ready', sdk, key }),
      (err: unknown) => live && setState({ status: 'error', message: err instanceof Error ? err.message : String(err), key }),
    );
    return () => {
      live = false;
    };
  }, [sdkUrl, timeoutMs, key]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // A state from an older URL or attempt is stale: show loading until this one settles.
  const current: LoadState = state.key === key ? state : { status: 'loading' };
  return { state: current, retry };
}

const ConnectSDKContext = createContext<MangoConnectNamespace | null>(null);

/** The SDK namespace loaded by the nearest ConnectSDKLoader. */
export function useConnectSDKNamespace(): MangoConnectNamespace {
  const sdk = useContext(ConnectSDKContext);
  if (!sdk) throw new Error('useConnectSDKNamespace() must be used inside <ConnectSDKLoader>, after the SDK has loaded.');
  return sdk;
}

export interface ConnectSDKLoaderProps {
  sdkUrl: string;
  timeoutMs?: number;
  children: ReactNode | ((sdk: MangoConnectNamespace) => ReactNode);
}

/** Renders its children only once the Connect SDK is loaded; a spinner before, a retryable alert on failure. */
export function ConnectSDKLoader({ sdkUrl, timeoutMs, children }: ConnectSDKLoaderProps) {
  const { state, retry } = useConnectSDKScript(sdkUrl, timeoutMs);

  if (state.status === 'loading') {
    return (
      <div className="ch-center" role="status">
        <Loader2 className="ch-spin" aria-hidden="true" size={20} />
        <span>Loading Mango Connect…</span>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="ch-error" role="alert">
        <TriangleAlert aria-hidden="true" size={20} />
        <div>
          <p className="ch-error-title">Mango Connect could not be loaded</p>
          <p>{state.message}</p>
          <button type="button" className="ch-button" onClick={retry}>
            <RefreshCw aria-hidden="true" size={16} /> Retry
          </button>
        </div>
      </div>
    );
  }
  return (
    <ConnectSDKContext.Provider value={state.sdk}>
      {typeof children === 'function' ? children(state.sdk) : children}
    </ConnectSDKContext.Provider>
  );
}

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Loader2, PlugZap, RefreshCw } from 'lucide-react';
import { useConnectIntegration, useConnectToken, useSession, useShell } from '../../lib/shell-contract.js';
import { canManageConnect } from '../../lib/roles.js';
import { ShellLink } from '../../lib/ShellLink.js';
import { ConnectSDKLoader } from './ConnectSDKLoader.js';
import { getSDKSession, peekSDKSession, sessionKey, type SessionHost, type SharedSDKSession } from './sdk-sessions.js';
import type { MangoConnectNamespace, MangoConnectSDKInstance } from './types.js';

export interface ConnectSDKValue {
  namespace: MangoConnectNamespace;
  sdk: MangoConnectSDKInstance;
}

const ConnectSDKInstanceContext = createContext<ConnectSDKValue | null>(null);

/** The initialised SDK instance of the nearest ConnectWrapper. */
export function useConnectSDK(): ConnectSDKValue {
  const value = useContext(ConnectSDKInstanceContext);
  if (!value) throw new Error('useConnectSDK() must be used inside <ConnectWrapper>.');
  return value;
}

export class ConnectTokenUnavailableError extends Error {
  override readonly name = 'ConnectTokenUnavailableError';
  readonly code = 'ERR_CONNECT_TOKEN_UNAVAILABLE';
  constructor() {
    super('No Mango Connect token is available: Connect may have been turned off or your session ended. Sign in again or ask an owner to enable Connect.');
  }
}

export interface ConnectWrapperProps {
  children: ReactNode;
  /** SDK script timeout; the loader's default (15 s) when omitted. */
  sdkTimeoutMs?: number;
}

/**
 * Everything between the shell's contract and a Connect UI module: checks the integration, waits
 * for a token, loads the SDK script, creates and initialises one SDK instance, keeps its token
 * current, and turns SDK errors into the shell's toasts.
 */
export function ConnectWrapper({ children, sdkTimeoutMs }: ConnectWrapperProps) {
  const integration = useConnectIntegration();
  const session = useSession();
  const { token, error, refresh } = useConnectToken();

  if (!integration || !integration.enabled) {
    return (
      <div className="ch-empty" role="status">
        <PlugZap aria-hidden="true" size={28} />
        <p className="ch-empty-title">Connect not configured</p>
        {canManageConnect(session) ? (
          <ShellLink className="ch-button" to="/settings/connect">
            Set up Mango Connect
          </ShellLink>
        ) : (
          <p>Ask the store owner or an admin to set up Mango Connect.</p>
        )}
      </div>
    );
  }
  if (!token) {
    if (error) {
      return (
        <div className="ch-error" role="alert">
          <div>
            <p className="ch-error-title">No Mango Connect token</p>
            <p>{error}</p>
            <button type="button" className="ch-button" onClick={() => void refresh()}>
              <RefreshCw aria-hidden="true" size={16} /> Retry
            </button>
          </div>
        </div>
      );
    }
    return (
      <div className="ch-center" role="status">
        <Loader2 className="ch-spin" aria-hidden="true" size={20} />
        <span>Getting a Mango Connect token…</span>
      </div>
    );
  }
  return (
    <ConnectSDKLoader sdkUrl={integration.sdkUrl} {...(sdkTimeoutMs === undefined ? {} : { timeoutMs: sdkTimeoutMs })}>
      {(namespace) => (
        <ConnectSession namespace={namespace} apiUrl={integration.apiUrl}>
          {children}
        </ConnectSession>
      )}
    </ConnectSDKLoader>
  );
}

type SessionState =
  | { status: 'connecting' }
  | { status: 'ready'; sdk: MangoConnectSDKInstance }
  | { status: 'error'; message: string };

function ConnectSession({ namespace, apiUrl, children }: { namespace: MangoConnectNamespace; apiUrl: string; children: ReactNode }) {
  const { token, refresh } = useConnectToken();
  const session = useSession();
  const { notify } = useShell();
  const key = sessionKey(apiUrl, session?.store.storeId ?? '', session?.member.memberId ?? '');
  const [attempt, setAttempt] = useState(0);

  // The page-wide SDK session outlives this route and token refreshes; its callbacks reach the
  // shell through `host`, which always holds the latest mounted wrapper's values.
  const host: SessionHost = {
    refresh: async () => {
      const fresh = await refresh();
      if (!fresh) throw new ConnectTokenUnavailableError();
      return fresh;
    },
    notify: (message) => notify(`Mango Connect: ${message}`, 'error'),
  };
  const latest = useRef({ ...host, token });
  latest.current = { ...host, token };
  const stableHost = useRef<SessionHost>({ refresh: () => latest.current.refresh(), notify: (m) => latest.current.notify(m) }).current;

  // Back on the route with a session already validated: render the module in the first pass.
  const [state, setState] = useState<SessionState>(() => {
    const cached = peekSDKSession(namespace, key);
    return cached?.status === 'ready' ? { status: 'ready', sdk: cached.sdk } : { status: 'connecting' };
  });
  const instance = useRef<SharedSDKSession | null>(null);

  useEffect(() => {
    const initialToken = latest.current.token;
    if (!initialToken) return;
    const shared = getSDKSession(namespace, key, { apiUrl, token: initialToken, host: stableHost });
    shared.host = stableHost;
    instance.current = shared;
    let live = true;
    if (shared.status === 'ready') setState((s) => (s.status === 'ready' && s.sdk === shared.sdk ? s : { status: 'ready', sdk: shared.sdk }));
    else {
      setState({ status: 'connecting' });
      shared.ready.then(
        () => live && setState({ status: 'ready', sdk: shared.sdk }),
        (err: unknown) => live && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    }
    return () => {
      live = false;
      instance.current = null;
      // A session that failed is dropped from the page cache; Retry builds a new one.
      if (shared.status === 'error') shared.sdk.destroy();
    };
    // The token is read once here (a ref); later tokens go through setToken below, not a new SDK.
  }, [namespace, apiUrl, key, attempt, stableHost]);

  useEffect(() => {
    const current = instance.current;
    if (current && token && token !== current.token) {
      current.sdk.setToken(token);
      current.token = token;
    }
  }, [token, state]);

  if (state.status === 'connecting') {
    return (
      <div className="ch-center" role="status">
        <Loader2 className="ch-spin" aria-hidden="true" size={20} />
        <span>Connecting to Mango Connect…</span>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="ch-error" role="alert">
        <div>
          <p className="ch-error-title">Mango Connect refused the connection</p>
          <p>{state.message}</p>
          <button type="button" className="ch-button" onClick={() => setAttempt((n) => n + 1)}>
            <RefreshCw aria-hidden="true" size={16} /> Retry
          </button>
        </div>
      </div>
    );
  }
  return <ConnectSDKInstanceContext.Provider value={{ namespace, sdk: state.sdk }}>{children}</ConnectSDKInstanceContext.Provider>;
}

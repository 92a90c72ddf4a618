import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Loader2, PlugZap, RefreshCw } from 'lucide-react';
import { useConnectIntegration, useConnectToken, useSession, useShell } from '../../lib/shell-contract.js';
import { canManageConnect } from '../../lib/roles.js';
import { ConnectSDKLoader } from './ConnectSDKLoader.js';
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
          <Link className="ch-button" to="/settings/connect">
            Set up Mango Connect
          </Link>
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
  const { notify } = useShell();
  const [state, setState] = useState<SessionState>({ status: 'connecting' });
  const [attempt, setAttempt] = useState(0);

  // The SDK instance outlives token refreshes and re-renders; these refs give its callbacks the
  // shell's latest values without recreating it.
  const latest = useRef({ token, refresh, notify });
  latest.current = { token, refresh, notify };
  const instance = useRef<{ sdk: MangoConnectSDKInstance; token: string } | null>(null);

  useEffect(() => {
    const initialToken = latest.current.token;
    if (!initialToken) return;
    const sdk = new namespace.MangoConnectSDK({
      apiUrl,
      token: initialToken,
      fetchToken: async () => {
        const fresh = await latest.current.refresh();
        if (!fresh) throw new ConnectTokenUnavailableError();
        return fresh;
      },
      onError: (err) => latest.current.notify(`Mango Connect: ${err.message}`, 'error'),
    });
    instance.current = { sdk, token: initialToken };
    let live = true;
    setState({ status: 'connecting' });
    sdk.init().then(
      () => live && setState({ status: 'ready', sdk }),
      (err: unknown) => live && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
      instance.current = null;
      sdk.destroy();
    };
  }, [namespace, apiUrl, attempt]);

  useEffect(() => {
    const current = instance.current;
    if (current && token && token !== current.token) {
      current.sdk.setToken(token);
      current.token = token;
    }
  }, [token]);

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

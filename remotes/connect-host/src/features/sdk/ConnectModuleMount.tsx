import { useEffect, useRef, useState } from 'react';
import { useConnectSDK } from './ConnectWrapper.js';
import { KEEP_ALIVE_MS, leaseModule, type ConnectModuleName } from './module-keeper.js';

export type { ConnectModuleName } from './module-keeper.js';

export interface ConnectModuleMountProps {
  module: ConnectModuleName;
  /** Accessible name of the region the module renders into. */
  label: string;
  className?: string;
  /**
   * Keep the module mounted off-screen this long after the user leaves, so a quick return shows
   * it as it was; 0 unmounts on leave. Default KEEP_ALIVE_MS.
   */
  keepAliveMs?: number;
}

/**
 * Shows one of the SDK's plain-DOM modules in a region React leaves alone. The module renders into
 * a container this remote owns (see module-keeper.ts), attached here while the region is on screen.
 */
export function ConnectModuleMount({ module, label, className, keepAliveMs = KEEP_ALIVE_MS }: ConnectModuleMountProps) {
  const { namespace, sdk } = useConnectSDK();
  const host = useRef<HTMLElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let release: (() => void) | null = null;
    try {
      const lease = leaseModule(namespace, sdk, module, { keepAliveMs, document: el.ownerDocument });
      el.replaceChildren(lease.container);
      release = lease.release;
      setError(null);
    } catch (err) {
      setError(`The Mango Connect ${module} could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
    return () => {
      try {
        release?.();
      } finally {
        el.replaceChildren();
      }
    };
  }, [namespace, sdk, module, keepAliveMs]);

  return (
    <>
      {error && (
        <p className="ch-error" role="alert">
          {error}
        </p>
      )}
      <section aria-label={label} className={className ?? 'ch-module'} ref={host} />
    </>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useConnectSDK } from './ConnectWrapper.js';

export type ConnectModuleName = 'ConversationsModule' | 'AIAssistantModule' | 'CampaignsModule';

export interface ConnectModuleMountProps {
  module: ConnectModuleName;
  /** Accessible name of the region the module renders into. */
  label: string;
  className?: string;
}

/** Mounts one of the SDK's plain-DOM modules into a container React leaves alone, and unmounts it on leave. */
export function ConnectModuleMount({ module, label, className }: ConnectModuleMountProps) {
  const { namespace, sdk } = useConnectSDK();
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let instance: { unmount(): void } | null = null;
    try {
      const ModuleClass = namespace[module];
      const created = new ModuleClass(sdk);
      created.mount(el);
      instance = created;
      setError(null);
    } catch (err) {
      setError(`The Mango Connect ${module} could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
    return () => {
      try {
        instance?.unmount();
      } finally {
        // Modules own this DOM; clear leftovers so a remount starts clean.
        el.replaceChildren();
      }
    };
  }, [namespace, sdk, module]);

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

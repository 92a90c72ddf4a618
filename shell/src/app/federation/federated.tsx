import { lazy, Suspense, useState, type ComponentType, type LazyExoticComponent } from 'react';
import { RemoteBoundary, RemoteLoading } from './RemoteBoundary';

export interface FederatedOptions<P> {
  label: string;
  /** Resolves the remote module; rejects with a typed error (see registry.ts). */
  load: () => Promise<{ default: ComponentType<P> }>;
  /** Forgets the failed attempt so `load` really starts over. */
  reset: () => void;
  compact?: boolean;
}

/**
 * A federated component: lazy, inside a boundary with a retryable fallback and a loading state.
 * Every Retry builds a fresh `lazy()`, because React caches a lazy component's rejection forever.
 */
export function createFederatedComponent<P extends object>(opts: FederatedOptions<P>): ComponentType<P> {
  let current: LazyExoticComponent<ComponentType<P>> = lazy(opts.load);

  function Federated(props: P) {
    const [, setAttempt] = useState(0);
    const Lazy = current;
    const onRetry = () => {
      opts.reset();
      current = lazy(opts.load);
      setAttempt((n) => n + 1);
    };
    return (
      <RemoteBoundary label={opts.label} onRetry={onRetry} compact={opts.compact}>
        <Suspense fallback={<RemoteLoading label={opts.label} compact={opts.compact} />}>
          <Lazy {...props} />
        </Suspense>
      </RemoteBoundary>
    );
  }
  Federated.displayName = `Federated(${opts.label})`;
  return Federated;
}

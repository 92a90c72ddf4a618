import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Runs one async action at a time and keeps its pending flag and error message for the UI.
 * `run` resolves to the action's result, or undefined when it failed (the error is in state).
 */
export function useAsyncAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  const actionRef = useRef(action);
  actionRef.current = action;
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await actionRef.current(...args);
    } catch (err) {
      if (mounted.current) setError(err instanceof Error ? err.message : String(err));
      return undefined;
    } finally {
      if (mounted.current) setPending(false);
    }
  }, []);

  return { run, pending, error, clearError: useCallback(() => setError(null), []) };
}

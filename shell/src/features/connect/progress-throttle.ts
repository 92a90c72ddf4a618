/**
 * Passes progress reports on at most once per `intervalMs`, always the newest, and a final one
 * (`isFinal`) at once. The initial sync reports after each of its ~130 batches; rendering every
 * report made React the second-largest cost of the sync in a profile, and no one reads a
 * progress bar at 40 frames a second.
 */
export interface ProgressThrottle<P> {
  report(progress: P): void;
  /** Drops a report still waiting, so nothing stale lands after the run has ended. */
  cancel(): void;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function throttleProgress<P>(
  emit: (progress: P) => void,
  opts: { intervalMs: number; isFinal: (progress: P) => boolean; clock?: ThrottleClock },
): ProgressThrottle<P> {
  const clock = opts.clock ?? realClock;
  let lastEmit = -Infinity;
  let waiting: { progress: P } | null = null;
  let timer: unknown = null;

  const send = (progress: P) => {
    waiting = null;
    lastEmit = clock.now();
    emit(progress);
  };
  const cancel = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    waiting = null;
  };

  return {
    report(progress) {
      const elapsed = clock.now() - lastEmit;
      if (opts.isFinal(progress) || elapsed >= opts.intervalMs) {
        cancel();
        send(progress);
        return;
      }
      waiting = { progress };
      timer ??= clock.setTimeout(() => {
        timer = null;
        if (waiting) send(waiting.progress);
      }, opts.intervalMs - elapsed);
    },
    cancel,
  };
}

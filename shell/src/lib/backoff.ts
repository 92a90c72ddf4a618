/**
 * How long to wait before the next try after `failures` failures in a row: 1 s, 2 s, 4 s … up to
 * `maxMs`, each drawn between half and all of that ("equal jitter"), so devices that lost the
 * server together do not all come back in the same instant.
 */
export function retryDelayMs(failures: number, opts: { baseMs?: number; maxMs?: number; random?: () => number } = {}): number {
  const base = opts.baseMs ?? 1000;
  const max = opts.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * (opts.random ?? Math.random)());
}

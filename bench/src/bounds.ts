// Pure: what a machine allows at best, from CPU seconds measured in the same run. On a box where
// every process of the stack shares a few cores, a figure cannot beat the time its total work
// takes with every core busy; when that least time already misses a goal, no overlap, batching
// or concurrency in the product can meet it there — only doing less work, or more cores.

/** The least wall time `cpuSeconds` of work can take on `cores` cores run flat out. */
export function leastSeconds(cpuSeconds: number, cores: number): number {
  if (!(cpuSeconds >= 0) || !(cores >= 1)) throw new RangeError(`leastSeconds needs cpuSeconds ≥ 0 and cores ≥ 1 (got ${cpuSeconds}, ${cores})`);
  return cpuSeconds / cores;
}

export interface PathWork {
  /** CPU seconds Chromium spent on the bare page's floor of the browser's part. */
  browserFloorCpu: number;
  /**
   * CPU seconds of the whole baseline (its Node sender and Connect). The page's path does at least
   * that much besides the browser's part: the edge API signs and posts what the baseline's sender
   * signs and posts, and Connect receives the same requests.
   */
  baselineCpu: number;
  cores: number;
}

/** The least time the page's path can take on this machine: its least work, every core busy. */
export function pathLeastSeconds(w: PathWork): number {
  return leastSeconds(w.browserFloorCpu + w.baselineCpu, w.cores);
}

/**
 * The best ratio the machine allows: a ceiling for a rate (higher is better), a floor for a time
 * (lower is better).
 */
export type RatioBound = { is: 'ceiling'; ratio: number } | { is: 'floor'; ratio: number };

/** Whether a ratio goal lies within the bound: a rate's goal under its ceiling, a time's over its floor. */
export function withinReach(bound: RatioBound, goal: { atLeast: number } | { atMost: number }): boolean {
  if (bound.is === 'ceiling' && 'atLeast' in goal) return bound.ratio >= goal.atLeast;
  if (bound.is === 'floor' && 'atMost' in goal) return bound.ratio <= goal.atMost;
  throw new TypeError('a ceiling bounds an "at least" goal and a floor an "at most" goal');
}

/** One line saying what the machine allows and whether the goal is within it. */
export function reachLine(what: string, bound: RatioBound, goal: { atLeast: number } | { atMost: number }): string {
  const goalText = 'atLeast' in goal ? `≥ ${goal.atLeast}` : `≤ ${goal.atMost}`;
  const allows = `this machine allows a ratio of ${bound.is === 'ceiling' ? 'at most' : 'at least'} ${bound.ratio.toFixed(2)}`;
  return withinReach(bound, goal)
    ? `${what}: ${allows}; the goal (${goalText}) is not ruled out by this machine`
    : `${what}: ${allows}; the goal (${goalText}) is out of reach on this machine, whatever the page does beyond the floor`;
}

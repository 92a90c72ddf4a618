/** A value loaded on first use. */
export interface Lazy<T> {
  /** Starts the load the first time; every caller shares its result. */
  (): Promise<T>;
  /** The load under way or done, or null when nobody asked yet (or the last one failed); never starts one. */
  peek(): Promise<T> | null;
}

/**
 * Runs `load` the first time the result is asked for and shares it with every later caller. A
 * failure is not kept: the next call runs `load` again, so a chunk that failed to download on a
 * network blip loads once the network is back, without a reload.
 */
export function once<T>(load: () => Promise<T>): Lazy<T> {
  let pending: Promise<T> | null = null;
  const get = () =>
    (pending ??= load().catch((err: unknown) => {
      pending = null;
      throw err;
    }));
  return Object.assign(get, { peek: () => pending });
}

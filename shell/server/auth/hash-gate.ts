import type { PasswordHasher } from './password.js';

/** Too many password checks are waiting already; the caller should try again in a moment. */
export class HasherBusyError extends Error {
  readonly code = 'ERR_HASHER_BUSY';
  constructor() {
    super('Too many sign-ins at once; try again in a moment.');
    this.name = 'HasherBusyError';
  }
}

/**
 * Bounds how many password hashes run at once and how many wait. scrypt runs on libuv's small
 * thread pool, which Node also uses for DNS and file I/O: a burst of sign-ins (or an attacker's)
 * must not take every thread and stall other requests. Beyond `queue` waiting, fail fast.
 */
export function limitHashing(hasher: PasswordHasher, opts: { concurrent?: number; queue?: number } = {}): PasswordHasher {
  const concurrent = opts.concurrent ?? 2;
  const queueLimit = opts.queue ?? 16;
  let running = 0;
  const waiting: (() => void)[] = [];
  const gate = async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= concurrent) {
      if (waiting.length >= queueLimit) throw new HasherBusyError();
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  return {
    hash: (password) => gate(() => hasher.hash(password)),
    verify: (password, encoded) => gate(() => hasher.verify(password, encoded)),
  };
}

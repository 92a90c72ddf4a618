/** Another live process has this PGlite data directory open; PGlite allows one process per directory. */
export class DatabaseLockedError extends Error {
  readonly code = 'ERR_DATABASE_LOCKED';
  constructor(readonly dir: string) {
    super(
      `The PGlite data directory ${dir} is in use by another Mango Biz process (PGlite allows one process per directory). ` +
        'Stop that process, point BIZ_PGLITE_DIR at another directory, or run several processes against a Postgres server with DATABASE_URL.',
    );
    this.name = 'DatabaseLockedError';
  }
}

/** The database cannot be reached (down, restarting, unreachable); nothing was written. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'ERR_DATABASE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

// Postgres SQLSTATE classes and node errors that mean "the server is not there right now", as
// opposed to a query that is wrong: connection exceptions (08), operator intervention such as a
// shutdown or restart (57P), and sockets that were refused, reset or timed out.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|Cannot use a pool after calling end|PGlite is closed/i;

/** True when `err` (or its cause) says the database could not be reached, not that a query was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

import type { ConnectApiHealthState } from '../types/connect-api.js';

/** Answers that mean "this Connect has no health endpoint", not "this Connect is down". */
const NO_HEALTH_ENDPOINT = new Set([404, 405, 501]);

/** How a `GET /health` answer's status reads: 2xx is up, no such endpoint is unknown, anything else is down. */
export function healthStateOf(status: number): ConnectApiHealthState {
  if (status >= 200 && status < 300) return 'up';
  return NO_HEALTH_ENDPOINT.has(status) ? 'unknown' : 'down';
}

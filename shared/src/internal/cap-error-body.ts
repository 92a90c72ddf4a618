import type { AfterResponseHook } from 'ky';
import { readCapped } from './read-capped.js';

/** Statuses whose answers may not carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A ky `afterResponse` hook that bounds what ky reads of a non-2xx answer. ky reads such a body
 * whole (up to 10 MiB) into `HTTPError.data` before it retries or throws; with this hook it reads a
 * stand-in with the same status and headers (so retries still honour Retry-After) whose body is
 * only the first `maxBytes` of the real one, read within `timeoutMs`. The stand-in is typed
 * text/plain, so `HTTPError.data` is always that text (or undefined when empty), never a parse of
 * a truncated JSON. ky then cancels the real answer, which closes the connection.
 */
export function capErrorBody(maxBytes: number, timeoutMs: number): AfterResponseHook {
  return async ({ response }) => {
    if (response.ok || response.body === null || NULL_BODY_STATUSES.has(response.status) || response.status < 200) return;
    const excerpt = await readCapped(response, maxBytes, { timeoutMs }).then(
      (read) => read.text,
      () => '',
    );
    const headers = new Headers(response.headers);
    headers.set('content-type', 'text/plain; charset=utf-8');
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(excerpt, { status: response.status, statusText: response.statusText, headers });
  };
}

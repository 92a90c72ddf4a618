import { issuePath } from '@mango/connect-shared';
import * as v from 'valibot';

export type ApiErrorKind = 'http' | 'network' | 'invalid_response';

/**
 * Any failed call to the Biz edge API. `code` is the API's own `{ error: { code } }` when it sent
 * one, so callers branch on data (`err.status === 401`, `err.kind === 'network'`), not on text.
 */
export class ApiRequestError extends Error {
  static readonly code = 'ERR_API_REQUEST';
  readonly code: string;
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    code?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
    this.code = code ?? ApiRequestError.code;
  }

  /** Network trouble reaching our own API is worth retrying; an answer from it is not. */
  get retryable(): boolean {
    return this.kind === 'network' || (this.status !== null && this.status >= 500);
  }
}

export interface ApiRequestOptions<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  schema?: v.GenericSchema<unknown, T>;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

function errorBody(body: unknown): { code?: string; message?: string } {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (e && typeof e === 'object') {
      const { code, message } = e as { code?: unknown; message?: unknown };
      return { code: typeof code === 'string' ? code : undefined, message: typeof message === 'string' ? message : undefined };
    }
  }
  return {};
}

/** JSON call to the same-origin edge API, session cookie included. */
export async function apiRequest<T = unknown>(path: string, opts: ApiRequestOptions<T> = {}): Promise<T> {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  let res: Response;
  try {
    res = await doFetch(path, {
      method,
      credentials: 'same-origin',
      headers: opts.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiRequestError(`Could not reach the Mango Biz server (${method} ${path}): check your connection and try again.`, 'network', null);
  }
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiRequestError(`The Mango Biz server answered ${method} ${path} with something that is not JSON.`, 'invalid_response', res.status);
    }
  }
  if (!res.ok) {
    const { code, message } = errorBody(body);
    throw new ApiRequestError(message ?? `The Mango Biz server answered ${res.status} to ${method} ${path}.`, 'http', res.status, code);
  }
  if (!opts.schema) return body as T;
  const parsed = v.safeParse(opts.schema, body);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new ApiRequestError(`The Mango Biz server answered ${method} ${path} in an unexpected shape: ${issuePath(issue, '(body)')}: ${issue.message}.`, 'invalid_response', res.status);
  }
  return parsed.output;
}

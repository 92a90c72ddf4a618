import type { MiddlewareHandler } from 'hono';
import { errorBody } from './http-error.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Request bodies must be JSON: a body of any other type is refused with 415 before a route reads
 * it. A form post cannot reach the API, and no route has to guess how to read a body. Requests
 * without a body (GET, an empty POST) pass.
 */
export function jsonBodiesOnly(): MiddlewareHandler {
  return async (c, next) => {
    const length = c.req.header('content-length');
    const hasBody = c.req.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
    if (!hasBody || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const type = c.req.header('content-type') ?? '';
    if (!JSON_TYPE.test(type)) {
      return c.json(errorBody('unsupported_media_type', `Send the request body as JSON (Content-Type: application/json); got ${type ? `"${type.slice(0, 100)}"` : 'no Content-Type'}.`), 415);
    }
    return next();
  };
}

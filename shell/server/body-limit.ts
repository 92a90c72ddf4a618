import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Refuses request bodies over `maxSize` bytes. A declared Content-Length is checked from the
 * header alone (Node's parser never delivers more than it declares); only a chunked body is
 * counted as it streams, by hono's bodyLimit. hono's middleware alone touches `request.body`
 * first, which makes @hono/node-server build a full web Request for every call, bodyless GETs
 * included: a sixth of the CPU of POST /api/connect/token in a profile.
 */
export function limitBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const streaming = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > maxSize ? onError(c) : next();
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return streaming(c, next);
  };
}

import type { MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/** Vite's content-hashed output lives under /assets/: safe to cache for a year. */
const isHashedAsset = (path: string) => /[\\/]assets[\\/]/.test(path);

function cacheControl(path: string): string {
  if (path.endsWith('.html')) return 'no-store'; // index.html names the current hashed files
  if (isHashedAsset(path)) return 'public, max-age=31536000, immutable';
  return 'no-cache'; // unhashed files (favicon, manifests): revalidate
}

/** A last path segment without a dot is a client route (/clients/42), not a missing file. */
const looksLikeClientRoute = (path: string) => !/\.[^/]+$/.test(path);

/**
 * Serves the built shell from `root` (Node adapter: the only file-system code). Unknown client
 * routes get index.html so deep links work; /api/* never does, so a wrong API path is a JSON 404
 * rather than an HTML page the caller cannot parse.
 */
export function shellStaticFiles(root: string): MiddlewareHandler {
  const onFound = (path: string, c: Parameters<MiddlewareHandler>[0]) => {
    c.header('cache-control', cacheControl(path));
  };
  const files = serveStatic({ root, onFound });
  const indexHtml = serveStatic({ root, path: 'index.html', onFound });
  const notFound = async () => {};
  return async (c, next) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
    const file = await files(c, notFound);
    if (file) return file;
    if (looksLikeClientRoute(c.req.path)) {
      const index = await indexHtml(c, notFound);
      if (index) return index;
    }
    return next();
  };
}

import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { serveStatic } from '@hono/node-server/serve-static';

/** Files whose URL never changes between deploys: the shell must revalidate them on every load. */
const ENTRY_FILES = new Set(['/remoteEntry.js', '/mf-manifest.json', '/mf-stats.json', '/', '/index.html']);

export const NO_CACHE = 'no-cache';
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Cache policy for a served path: entry files revalidate, content-hashed assets are kept a year. */
export function cacheControlFor(path: string): string {
  if (ENTRY_FILES.has(path)) return NO_CACHE;
  if (path.startsWith('/assets/')) return IMMUTABLE;
  return NO_CACHE;
}

/**
 * The remote's static server: `distDir` as built by `vite build`, CORS open on every file (the
 * shell's page on another origin imports these as module scripts), and caching that lets a new
 * deploy show up on the next reload while hashed chunks stay cached.
 */
export function createRemoteApp(distDir: string): Hono {
  const app = new Hono();
  app.use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));
  // Hidden source maps are for CI artefacts and debugging, not for every visitor.
  app.use('*', async (c, next) => {
    if (c.req.path.endsWith('.map')) return c.json({ error: { code: 'not_found', message: 'Source maps are not published.' } }, 404);
    await next();
  });
  app.use('*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('cache-control', cacheControlFor(c.req.path));
  });
  app.use('*', serveStatic({ root: distDir }));
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No file at ${c.req.path} in this connect-host build.` } }, 404),
  );
  return app;
}

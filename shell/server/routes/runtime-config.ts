import { Hono } from 'hono';
import type { BizConfig } from '../config.js';

/** What the shell reads at start: where the remote and Connect live. Public by design — no secrets. */
export interface RuntimeConfig {
  remotes: { connectHost: { name: 'connectHost'; entry: string; type: 'module' } };
  connect: { sdkUrl: string; apiUrl: string };
}

export const buildRuntimeConfig = (config: BizConfig): RuntimeConfig => ({
  remotes: { connectHost: { name: 'connectHost', entry: config.remoteEntryUrl, type: 'module' } },
  connect: { sdkUrl: config.connect.sdkUrl, apiUrl: config.connect.apiUrl },
});

/**
 * GET /runtime-config.json. no-store: the remote's URL is read at run time so the Connect-host
 * team can redeploy (or move) the remote without a shell rebuild; a cached copy would defeat that.
 */
export function runtimeConfigRoutes(config: BizConfig) {
  const body = buildRuntimeConfig(config);
  const app = new Hono();
  app.get('/runtime-config.json', (c) => {
    c.header('cache-control', 'no-store');
    return c.json(body);
  });
  return app;
}

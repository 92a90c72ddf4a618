import { Hono } from 'hono';
import { SandboxError } from '../errors.js';
import { sleep, type Deps, type SandboxEnv } from '../http.js';

/** Default delay of sdk-mode "slow": long enough for a loader's timeout to show. */
export const DEFAULT_SLOW_SDK_MS = 5000;

export function sdkBundleRoutes(deps: Deps, getBundle: () => Promise<string>) {
  return new Hono<SandboxEnv>().get('/sdk/mango-connect-sdk.js', async (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'no-store');
    const { mode, latencyMs } = deps.state.sdkMode;
    if (mode === '404') throw new SandboxError(404, 'sdk_not_found', 'The SDK bundle is unavailable (sandbox sdk-mode "404").');
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    if (mode === 'throw') {
      return c.body('throw new Error("Mango Connect SDK failed while loading (sandbox sdk-mode \\"throw\\")");\n');
    }
    if (mode === 'missing-exports') {
      // Loads fine but never sets window.MangoConnect: what a broken deploy looks like.
      return c.body('window.__mangoConnectSdkLoadedWithoutExports = true;\n');
    }
    if (mode === 'slow') await sleep(latencyMs || DEFAULT_SLOW_SDK_MS);
    return c.body(await getBundle());
  });
}

import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { SandboxConfig } from './config.js';
import { takeFault } from './domain/faults.js';
import { errorBody, errorResponse, SandboxError } from './errors.js';
import { sleep, type Deps, type SandboxEnv } from './http.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { provisionRoutes } from './routes/provision.js';
import { sdkApiRoutes } from './routes/sdk-api.js';
import { sdkBundleRoutes } from './routes/sdk-bundle.js';
import { syncRoutes } from './routes/sync.js';
import { webhookRoutes } from './routes/webhook.js';
import { createSdkBundleSource } from './sdk-bundle.js';
import { createSandboxState, type SandboxState } from './state.js';

export interface SandboxAppOptions {
  /** Clock, for tests; defaults to the real one. */
  now?: () => Date;
  /** Where the SDK script comes from; defaults to dist/ or an in-process build. */
  sdkBundle?: () => Promise<string>;
}

export interface SandboxApp {
  app: Hono<SandboxEnv>;
  state: SandboxState;
  config: SandboxConfig;
}

/** A sync batch of 100 rich items stays well under this; anything bigger is not Biz. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export function createSandboxApp(config: SandboxConfig, opts: SandboxAppOptions = {}): SandboxApp {
  const state = createSandboxState(config.profile);
  const deps: Deps = { config, state, now: opts.now ?? (() => new Date()) };
  const app = new Hono<SandboxEnv>();

  // The SDK calls these from the shell's page, with the Biz JWT in the Authorization header.
  const browserCors = cors({
    origin: (origin) => (config.allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
  app.use('/auth-mango-biz', browserCors);
  app.use('/sdk-api/*', browserCors);

  app.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const fault = takeFault(state.faults, c.req.path);
    if (!fault) return next();
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.drop) {
      // Destroy the socket mid-request: the caller sees a network error, not an HTTP status.
      c.env?.incoming?.socket.destroy();
      throw new SandboxError(503, 'fault_dropped', 'Connection dropped by an injected fault.');
    }
    if (fault.body !== undefined) {
      return c.body(fault.body, (fault.status ?? 200) as 200, { 'content-type': 'application/json' });
    }
    if (fault.status !== undefined) {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
      throw new SandboxError(
        fault.status as SandboxError['status'],
        'fault_injected',
        `Injected fault #${fault.id} on route "${fault.route}" answered ${fault.status}.`,
        headers,
      );
    }
    return next();
  });

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new SandboxError(413, 'body_too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );

  const notFound = (c: Context<SandboxEnv>) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404);

  // A Connect built from the PRD alone need not have a health endpoint.
  app.get('/health', (c) => (state.profile === 'minimal' ? notFound(c) : c.json({ ok: true, version: config.version })));
  app.route('/', authRoutes(deps));
  app.route('/', provisionRoutes(deps));
  app.route('/', webhookRoutes(deps));
  app.route('/', syncRoutes(deps));
  app.route('/', sdkApiRoutes(deps));
  app.route('/', sdkBundleRoutes(deps, opts.sdkBundle ?? createSdkBundleSource()));
  if (config.admin) app.route('/', adminRoutes(deps));

  app.notFound(notFound);
  app.onError((err, c) => {
    if (err instanceof SandboxError) return errorResponse(c, err);
    console.error('[connect-sandbox] unexpected error', err);
    return c.json(errorBody('internal', 'The sandbox hit an unexpected error; see its log.'), 500);
  });

  return { app, state, config };
}

// Test helper: the edge app on a real HTTP server on 127.0.0.1 (random port), and a tiny cookie jar.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createEdgeApp, type EdgeDeps } from '../app.js';
import { createDemoDirectory } from '../auth/demo-members.js';
import { loadConfig, type EdgeConfig, type Env } from '../config.js';
import { createScryptHasher } from '../node/scrypt-hasher.js';

export const TEST_SECRETS = {
  BIZ_SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
  MANGO_CONNECT_JWT_SECRET: 'test-jwt-secret-0123456789abcdef012345678',
  MANGO_CONNECT_WEBHOOK_SECRET: 'test-webhook-secret-0123456789abcdef0123',
} as const;

export const testEnv = (extra: Env = {}): Env => ({ ...TEST_SECRETS, BIZ_DEV_MODE: '1', ...extra });

// Cheap scrypt cost: these tests check behaviour, not brute-force resistance.
const hasher = createScryptHasher({ N: 1024, r: 8, p: 1 });

export interface RunningEdge {
  url: string;
  config: EdgeConfig;
  stop: () => Promise<void>;
}

export async function startEdge(env: Env = testEnv(), deps: Partial<EdgeDeps> = {}): Promise<RunningEdge> {
  const config = loadConfig(env);
  const directory = await createDemoDirectory(hasher);
  const app = createEdgeApp(config, { directory, hasher, logError: () => {}, ...deps });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Logs in over HTTP; returns the Cookie header to send and the raw Set-Cookie seen. */
export async function login(baseUrl: string, email: string, password = 'mango-demo-2026') {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

/** fetch as the shell page would: the session cookie, a JSON body, and the page's Origin (browsers send it on POST). */
export function call(baseUrl: string, cookie: string, method: string, path: string, body?: unknown) {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: { cookie, origin: baseUrl, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

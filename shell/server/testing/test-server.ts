import type { Env } from '../config.js';
import { loadConfig } from '../config.js';
import { startBizServer, type BizServer, type BizServerOptions } from '../biz-server.js';
import type { Database } from '../db/database.js';
import { createScryptHasher } from '../node/scrypt-hasher.js';
import { openTestDatabase } from './test-database.js';

export const TEST_SECRETS = {
  BIZ_SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
  MANGO_CONNECT_JWT_SECRET: 'test-jwt-secret-0123456789abcdef012345678',
  MANGO_CONNECT_WEBHOOK_SECRET: 'test-webhook-secret-0123456789abcdef0123',
} as const;

export const testEnv = (extra: Env = {}): Env => ({ ...TEST_SECRETS, BIZ_DEV_MODE: '1', ...extra });

/** Cheap scrypt: these tests check behaviour, not brute-force resistance. */
export const testHasher = createScryptHasher({ N: 1024, r: 8, p: 1 });

export interface TestServer extends BizServer {
  /** Lines the server logged (delivery attempts, sync runs). */
  logs: Record<string, unknown>[];
}

/**
 * The real Biz API on 127.0.0.1 (a free port), on a fresh database of this test project's kind
 * (or `database`, to share one between two servers), demo stores seeded in dev mode.
 */
export async function startTestServer(env: Env = testEnv(), opts: Partial<BizServerOptions> & { database?: Database; openFromConfig?: boolean } = {}): Promise<TestServer> {
  const config = loadConfig(env);
  // openFromConfig: the server opens DATABASE_URL itself, with its own pool and listener, as a separate process would.
  const { openFromConfig, ...rest } = opts;
  const database = openFromConfig ? undefined : (opts.database ?? (await openTestDatabase()));
  const logs: Record<string, unknown>[] = [];
  const server = await startBizServer({
    config,
    ...(database ? { database } : {}),
    hasher: testHasher,
    port: 0,
    workerPollMs: 200,
    log: (line) => logs.push(line),
    logError: () => {},
    ...rest,
    ...(database ? { database } : {}),
  });
  return { ...server, logs };
}

/** Signs in over HTTP; returns the Cookie header to send and the raw Set-Cookie seen. */
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

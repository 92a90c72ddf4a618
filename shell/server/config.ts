import * as v from 'valibot';
import { ConnectConfigError, assertSecret, issuePath } from '@mango/connect-shared';

/**
 * The Biz API's configuration, parsed once at start-up from the environment. Anything missing or
 * unsafe stops the process with a message naming the variable, instead of failing at the first
 * request in front of a user.
 */
export interface BizConfig {
  port: number;
  /** Address to listen on: loopback unless BIZ_HOST says otherwise. */
  host: string;
  /**
   * BIZ_DEV_MODE=1, the demo: the demo stores are seeded and may sign in, http://localhost Connect
   * URLs are allowed, the session cookie goes without Secure. Production mode refuses all of it.
   */
  devMode: boolean;
  /** DATABASE_URL: a Postgres server. Unset: PGlite in `pgliteDir`. */
  databaseUrl: string | undefined;
  /** BIZ_PGLITE_DIR: PGlite's data directory; undefined = the default beside the repository. */
  pgliteDir: string | undefined;
  /** BIZ_WORKER=0 turns off the in-process delivery worker (run `pnpm worker` processes instead). */
  worker: boolean;
  /** BIZ_DB_POOL_SIZE: connections per process to a Postgres server. */
  poolSize: number;
  /** BIZ_RETENTION_DAYS: how long delivered events and delivery records are kept. */
  retentionDays: number;
  /** BIZ_METRICS_TOKEN: the bearer token /metrics asks for outside demo mode (unset: /metrics is off there). */
  metricsToken: string | undefined;
  /** BIZ_WORKER_PORT: where `pnpm worker` serves /healthz, /readyz and /metrics (unset: nowhere). */
  workerPort: number | undefined;
  secrets: {
    /** Signs the staff session cookie. */
    session: string;
    /** Signs Connect JWTs; read only by the token route. */
    connectJwt: string;
    /** Signs webhooks, provisioning and sync requests. */
    connectWebhook: string;
  };
  connect: {
    apiUrl: string;
    sdkUrl: string;
    /** Origins the Biz API may call (the API's own origin first): never an open relay. */
    trustedOrigins: readonly string[];
  };
  /** Module Federation manifest (or remoteEntry) of the connect-host remote. */
  remoteEntryUrl: string;
  /** Built shell to serve; undefined = the default next to the server. */
  shellDist: string | undefined;
  /** BIZ_WEBHOOK_RETRY_SCHEDULE_MS: the delivery retry schedule, when a deploy overrides it (a test stack compresses hours to seconds). */
  webhookRetryScheduleMs: number[] | undefined;
  /** BIZ_WEBHOOK_TIMEOUT_MS: how long one webhook attempt may take before it counts as failed; undefined = the shared 15 s. */
  webhookTimeoutMs: number | undefined;
}

/**
 * The demo secrets `npm start` uses (scripts/lib/demo-env.mjs; a test keeps the two lists equal).
 * They are public, so production mode refuses them.
 */
export const PUBLISHED_DEMO_SECRETS: readonly string[] = [
  'demo-jwt-secret-for-local-use-only-7f3a9c21e8b4',
  'demo-webhook-secret-for-local-use-only-5d2e8a17c0f6',
  'demo-session-secret-for-local-use-only-9b41c7e3a2d8',
];

export type Env = Record<string, string | undefined>;

const SECRET_VARS = { session: 'BIZ_SESSION_SECRET', connectJwt: 'MANGO_CONNECT_JWT_SECRET', connectWebhook: 'MANGO_CONNECT_WEBHOOK_SECRET' } as const;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a URL may not be used, or null when it may: https always, http only for a local host and
 * only in dev mode (a plain-http Connect URL in production would leak tokens and signed bodies).
 */
export function unsafeUrlReason(raw: string, devMode: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `is not a URL: ${JSON.stringify(raw)}`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    if (!LOCAL_HOSTS.has(url.hostname)) return `must use https (got ${url.origin})`;
    if (!devMode) return `uses http (${url.origin}); http is allowed only for localhost with BIZ_DEV_MODE=1`;
    return null;
  }
  return `must be an https URL (got ${url.protocol})`;
}

/** An integer variable, read from its text: `5173`, not `5s`. */
const intVar = (min: number, max: number) =>
  v.pipe(v.string(), v.trim(), v.transform(Number), v.number('must be a whole number'), v.integer('must be a whole number'), v.minValue(min), v.maxValue(max));

/** Adds an issue for every URL `reasonFor` finds unsafe (https only, http only for localhost in dev mode). */
const safeUrls = <T>(urls: (value: T) => string[], reasonFor: (url: string) => string | null, prefix: (url: string) => string) =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const url of urls(dataset.value)) {
      const reason = reasonFor(url);
      if (reason) addIssue({ message: `${prefix(url)}${reason}` });
    }
  });

const urlVar = (devMode: boolean, fallback: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      safeUrls((url: string) => [url], (url) => unsafeUrlReason(url, devMode), () => ''),
    ),
    fallback,
  );

const EnvSchema = (devMode: boolean) =>
  v.object({
    SHELL_PORT: v.optional(intVar(0, 65535), '5173'),
    BIZ_HOST: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1)), '127.0.0.1'),
    DATABASE_URL: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'))),
    BIZ_PGLITE_DIR: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1))),
    BIZ_WORKER: v.optional(v.picklist(['0', '1'], 'must be 0 (off) or 1 (on)'), '1'),
    BIZ_DB_POOL_SIZE: v.optional(intVar(1, 200), '10'),
    BIZ_RETENTION_DAYS: v.optional(intVar(1, 3650), '30'),
    BIZ_METRICS_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'))),
    BIZ_WORKER_PORT: v.optional(intVar(0, 65535)),
    MANGO_CONNECT_API_URL: urlVar(devMode, 'http://localhost:5175'),
    MANGO_CONNECT_SDK_URL: urlVar(devMode, 'http://localhost:5175/sdk/mango-connect-sdk.js'),
    CONNECT_HOST_REMOTE_URL: urlVar(devMode, 'http://localhost:5174/mf-manifest.json'),
    MANGO_CONNECT_TRUSTED_ORIGINS: v.optional(
      v.pipe(
        v.string(),
        v.transform((list) => list.split(',').map((s) => s.trim()).filter(Boolean)),
        safeUrls((origins: string[]) => origins, (origin) => unsafeUrlReason(origin, devMode), (origin) => `${origin} `),
      ),
      '',
    ),
    SHELL_DIST: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1))),
    BIZ_WEBHOOK_RETRY_SCHEDULE_MS: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be a comma-separated list of milliseconds, e.g. 0,5000,300000'),
        v.transform((list) => list.split(',').map((n) => Number(n.trim()))),
      ),
    ),
    // A test deploy shortens it so a fault soak's timeouts cost seconds, not minutes.
    BIZ_WEBHOOK_TIMEOUT_MS: v.optional(intVar(100, 60_000)),
  });

/** Parses the environment; throws one ConnectConfigError listing every problem, each naming its variable. */
export function loadConfig(env: Env): BizConfig {
  const devMode = env.BIZ_DEV_MODE === '1';
  const problems: string[] = [];
  const secret = (name: string): string => {
    try {
      return assertSecret(name, env[name]);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      return '';
    }
  };
  const secrets = {
    session: secret(SECRET_VARS.session),
    connectJwt: secret(SECRET_VARS.connectJwt),
    connectWebhook: secret(SECRET_VARS.connectWebhook),
  };
  // Empty strings mean "unset" so a blank line in an .env file falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = v.safeParse(EnvSchema(devMode), present);
  if (!parsed.success) {
    for (const issue of parsed.issues) problems.push(`${issuePath(issue, 'environment')} ${issue.message}`);
  }
  const named = Object.entries(secrets).filter(([, value]) => value !== '');
  for (const [i, [a, value]] of named.entries()) {
    for (const [b, other] of named.slice(i + 1)) {
      if (value === other) problems.push(`${SECRET_VARS[a as keyof typeof SECRET_VARS]} and ${SECRET_VARS[b as keyof typeof SECRET_VARS]} must be different secrets`);
    }
    if (!devMode && PUBLISHED_DEMO_SECRETS.includes(value)) {
      problems.push(`${SECRET_VARS[a as keyof typeof SECRET_VARS]} is the published demo secret; production (no BIZ_DEV_MODE=1) needs a secret of its own`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConnectConfigError(`The Biz API cannot start: ${problems.join('; ')}`);
  }
  const e = parsed.output;
  const apiUrl = e.MANGO_CONNECT_API_URL.replace(/\/+$/, '');
  const trustedOrigins = [...new Set([new URL(apiUrl).origin, ...e.MANGO_CONNECT_TRUSTED_ORIGINS.map((o) => new URL(o).origin)])];
  return {
    port: e.SHELL_PORT,
    host: e.BIZ_HOST,
    devMode,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.BIZ_PGLITE_DIR,
    worker: e.BIZ_WORKER === '1',
    poolSize: e.BIZ_DB_POOL_SIZE,
    retentionDays: e.BIZ_RETENTION_DAYS,
    metricsToken: e.BIZ_METRICS_TOKEN,
    workerPort: e.BIZ_WORKER_PORT,
    secrets,
    connect: { apiUrl, sdkUrl: e.MANGO_CONNECT_SDK_URL, trustedOrigins },
    remoteEntryUrl: e.CONNECT_HOST_REMOTE_URL,
    shellDist: e.SHELL_DIST,
    webhookRetryScheduleMs: e.BIZ_WEBHOOK_RETRY_SCHEDULE_MS,
    webhookTimeoutMs: e.BIZ_WEBHOOK_TIMEOUT_MS,
  };
}

/** True when `raw` is an absolute URL on one of the trusted origins. */
export function isTrustedUrl(raw: string, trustedOrigins: readonly string[]): boolean {
  try {
    const url = new URL(raw);
    if (url.username || url.password) return false;
    return trustedOrigins.includes(url.origin);
  } catch {
    return false;
  }
}

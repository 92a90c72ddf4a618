import * as v from 'valibot';
import { ConnectConfigError, assertSecret, issuePath } from '@mango/connect-shared';

/**
 * The edge API's configuration, parsed once at start-up from the environment. Anything missing or
 * unsafe stops the process with a message naming the variable, instead of failing at the first
 * request in front of a user.
 */
export interface EdgeConfig {
  port: number;
  /** BIZ_DEV_MODE=1: http://localhost Connect URLs allowed, session cookie without Secure. */
  devMode: boolean;
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
    /** Origins the edge API forwards to (the API's own origin first). Never an open relay. */
    trustedOrigins: readonly string[];
  };
  /** Module Federation manifest (or remoteEntry) of the connect-host remote. */
  remoteEntryUrl: string;
  /** Built shell to serve; undefined = the default next to the server. */
  shellDist: string | undefined;
  /** BIZ_RELAY_RETRY_SCHEDULE_MS: the browser relay's retry schedule, when a deploy overrides it. */
  relayRetryScheduleMs: number[] | undefined;
  /** BIZ_BENCH_HOOKS=1: the runtime config tells the shell to install its benchmark hook. */
  benchHooks: boolean;
  /** BIZ_WEBHOOK_TIMEOUT_MS: how long one webhook attempt may take before it counts as failed; undefined = the shared 15 s. */
  webhookTimeoutMs: number | undefined;
}

export type Env = Record<string, string | undefined>;

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
    BIZ_RELAY_RETRY_SCHEDULE_MS: v.optional(
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
export function loadConfig(env: Env): EdgeConfig {
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
    session: secret('BIZ_SESSION_SECRET'),
    connectJwt: secret('MANGO_CONNECT_JWT_SECRET'),
    connectWebhook: secret('MANGO_CONNECT_WEBHOOK_SECRET'),
  };
  // Empty strings mean "unset" so a blank line in an .env file falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = v.safeParse(EnvSchema(devMode), present);
  if (!parsed.success) {
    for (const issue of parsed.issues) problems.push(`${issuePath(issue, 'environment')} ${issue.message}`);
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConnectConfigError(`The Biz edge API cannot start: ${problems.join('; ')}`);
  }
  const e = parsed.output;
  const apiUrl = e.MANGO_CONNECT_API_URL.replace(/\/+$/, '');
  const trustedOrigins = [...new Set([new URL(apiUrl).origin, ...e.MANGO_CONNECT_TRUSTED_ORIGINS.map((o) => new URL(o).origin)])];
  return {
    port: e.SHELL_PORT,
    devMode,
    secrets,
    connect: { apiUrl, sdkUrl: e.MANGO_CONNECT_SDK_URL, trustedOrigins },
    remoteEntryUrl: e.CONNECT_HOST_REMOTE_URL,
    shellDist: e.SHELL_DIST,
    relayRetryScheduleMs: e.BIZ_RELAY_RETRY_SCHEDULE_MS,
    benchHooks: env.BIZ_BENCH_HOOKS === '1',
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

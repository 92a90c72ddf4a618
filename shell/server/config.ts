import { z } from 'zod';
import { ConnectConfigError, assertSecret } from '@mango/connect-shared';

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

const urlVar = (devMode: boolean, fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .superRefine((value, ctx) => {
      const reason = unsafeUrlReason(value, devMode);
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    });

const EnvSchema = (devMode: boolean) =>
  z.object({
    SHELL_PORT: z.coerce.number().int().min(0).max(65535).default(5173),
    MANGO_CONNECT_API_URL: urlVar(devMode, 'http://localhost:5175'),
    MANGO_CONNECT_SDK_URL: urlVar(devMode, 'http://localhost:5175/sdk/mango-connect-sdk.js'),
    CONNECT_HOST_REMOTE_URL: urlVar(devMode, 'http://localhost:5174/mf-manifest.json'),
    MANGO_CONNECT_TRUSTED_ORIGINS: z
      .string()
      .default('')
      .transform((list) => list.split(',').map((s) => s.trim()).filter(Boolean))
      .superRefine((origins, ctx) => {
        for (const origin of origins) {
          const reason = unsafeUrlReason(origin, devMode);
          if (reason) ctx.addIssue({ code: 'custom', message: `${origin} ${reason}` });
        }
      }),
    SHELL_DIST: z.string().trim().min(1).optional(),
    BIZ_RELAY_RETRY_SCHEDULE_MS: z
      .string()
      .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be a comma-separated list of milliseconds, e.g. 0,5000,300000')
      .transform((list) => list.split(',').map((n) => Number(n.trim())))
      .optional(),
    // A test deploy shortens it so a fault soak's timeouts cost seconds, not minutes.
    BIZ_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).optional(),
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
  const parsed = EnvSchema(devMode).safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')} ${issue.message}`);
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConnectConfigError(`The Biz edge API cannot start: ${problems.join('; ')}`);
  }
  const e = parsed.data;
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

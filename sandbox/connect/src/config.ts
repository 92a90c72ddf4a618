import * as v from 'valibot';
import { SDK_VERSION } from '../sdk/version.js';
import { SANDBOX_PROFILES, type SandboxProfile } from './profile.js';

/** Thrown when the environment cannot start the sandbox; the message names the variable. */
export class SandboxConfigError extends Error {
  override readonly name = 'SandboxConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export const MIN_SECRET_BYTES = 32;

export interface SandboxConfig {
  port: number;
  host: string;
  jwtSecret: string;
  webhookSecret: string;
  admin: boolean;
  /** Origin Biz is told to call (provisioning answer); no trailing slash. */
  publicUrl: string;
  /** Browser origins allowed to call /auth-mango-biz and /sdk-api/* (CORS). */
  allowedOrigins: string[];
  version: string;
  /** How the sandbox answers at start and after a reset (see profile.ts). */
  profile: SandboxProfile;
}

// A missing secret reads as '' so its message says "required", not "invalid key".
const secret = (name: string) =>
  v.pipe(
    v.optional(v.string(), ''),
    v.check((s) => s !== '', `${name} is required (a shared secret of at least ${MIN_SECRET_BYTES} bytes)`),
    v.check((s) => s === '' || Buffer.byteLength(s, 'utf8') >= MIN_SECRET_BYTES, `${name} must be at least ${MIN_SECRET_BYTES} bytes`),
  );

const PORT_MESSAGE = 'SANDBOX_PORT must be a port number';

const EnvSchema = v.object({
  MANGO_CONNECT_JWT_SECRET: secret('MANGO_CONNECT_JWT_SECRET'),
  MANGO_CONNECT_WEBHOOK_SECRET: secret('MANGO_CONNECT_WEBHOOK_SECRET'),
  SANDBOX_PORT: v.optional(
    v.pipe(v.string(), v.transform(Number), v.number(PORT_MESSAGE), v.integer(PORT_MESSAGE), v.minValue(0, PORT_MESSAGE), v.maxValue(65535, PORT_MESSAGE)),
    '5175',
  ),
  SANDBOX_HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  SANDBOX_ADMIN: v.optional(v.string()),
  SANDBOX_PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('SANDBOX_PUBLIC_URL must be an absolute URL'))),
  SANDBOX_ALLOWED_ORIGINS: v.optional(v.string()),
  SANDBOX_PROFILE: v.optional(v.picklist(SANDBOX_PROFILES, `SANDBOX_PROFILE must be one of ${SANDBOX_PROFILES.join(', ')}`), 'full'),
});

/** The browser origins of the shell (5173) and the connect-host remote (5174), both spellings. */
export const DEFAULT_ALLOWED_ORIGINS = [
  'http://localhost:5173',
  'http://localhost:5174',
  'http://127.0.0.1:5173',
  'http://127.0.0.1:5174',
];

/** Parses the environment once; throws SandboxConfigError naming the first bad variable. */
export function parseSandboxConfig(env: Record<string, string | undefined>): SandboxConfig {
  const result = v.safeParse(EnvSchema, env);
  if (!result.success) {
    const issue = result.issues[0];
    const variable = String(issue.path?.[0]?.key ?? 'environment');
    throw new SandboxConfigError(variable, issue.message);
  }
  const e = result.output;
  const publicUrl = (e.SANDBOX_PUBLIC_URL ?? `http://localhost:${e.SANDBOX_PORT}`).replace(/\/+$/, '');
  const allowedOrigins = e.SANDBOX_ALLOWED_ORIGINS
    ? e.SANDBOX_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)
    : DEFAULT_ALLOWED_ORIGINS;
  return {
    port: e.SANDBOX_PORT,
    host: e.SANDBOX_HOST,
    jwtSecret: e.MANGO_CONNECT_JWT_SECRET,
    webhookSecret: e.MANGO_CONNECT_WEBHOOK_SECRET,
    admin: e.SANDBOX_ADMIN === '1' || e.SANDBOX_ADMIN === 'true',
    publicUrl,
    allowedOrigins,
    version: SDK_VERSION,
    profile: e.SANDBOX_PROFILE,
  };
}

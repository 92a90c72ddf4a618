import { z } from 'zod';
import { SDK_VERSION } from '../sdk/version.js';

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
}

const secret = (name: string) =>
  z
    .string({ error: `${name} is required (a shared secret of at least ${MIN_SECRET_BYTES} bytes)` })
    .refine((s) => Buffer.byteLength(s, 'utf8') >= MIN_SECRET_BYTES, {
      error: `${name} must be at least ${MIN_SECRET_BYTES} bytes`,
    });

const EnvSchema = z.object({
  MANGO_CONNECT_JWT_SECRET: secret('MANGO_CONNECT_JWT_SECRET'),
  MANGO_CONNECT_WEBHOOK_SECRET: secret('MANGO_CONNECT_WEBHOOK_SECRET'),
  SANDBOX_PORT: z.coerce
    .number({ error: 'SANDBOX_PORT must be a port number' })
    .int()
    .min(0)
    .max(65535)
    .default(5175),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_ADMIN: z.string().optional(),
  SANDBOX_PUBLIC_URL: z.url({ error: 'SANDBOX_PUBLIC_URL must be an absolute URL' }).optional(),
  SANDBOX_ALLOWED_ORIGINS: z.string().optional(),
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
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new SandboxConfigError(variable, issue.message);
  }
  const e = result.data;
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
  };
}

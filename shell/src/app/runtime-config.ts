import { z } from '@mango/connect-shared/zod';

/** One remote as the deploy names it; Vite-built remotes are ES modules. */
export const RemoteConfigSchema = z.object({
  name: z.string().check(z.regex(/^[A-Za-z_$][\w$]*$/, 'a remote name must be a JavaScript identifier')),
  entry: z.string().check(z.minLength(1)),
  type: z._default(z.literal('module'), 'module'),
});
export type RemoteConfig = z.infer<typeof RemoteConfigSchema>;

/**
 * `/runtime-config.json`, written at deploy time by the edge API: where the remotes live and
 * where Connect is. Read once at start-up and validated here, at the boundary.
 */
export const RuntimeConfigSchema = z.object({
  remotes: z.catchall(z.object({ connectHost: RemoteConfigSchema }), RemoteConfigSchema),
  connect: z.object({ sdkUrl: z.string().check(z.minLength(1)), apiUrl: z.string().check(z.minLength(1)) }),
  /** Optional override of the outbox retry schedule (ms before attempts 1, 2, …), e.g. for a test deploy. */
  relay: z.optional(z.object({ retryScheduleMs: z.array(z.int().check(z.nonnegative())).check(z.minLength(1), z.maxLength(50)) })),
  /** True only on a benchmark deploy: installs window.__mangoBench (see app/bench-hook.ts). */
  bench: z.optional(z.boolean()),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;

export class RuntimeConfigError extends Error {
  readonly code = 'ERR_RUNTIME_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeConfigError';
  }
}

export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  const parsed = RuntimeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new RuntimeConfigError(`/runtime-config.json is invalid at "${where}": ${issue?.message ?? 'unknown problem'}. Fix the deploy's runtime config.`);
  }
  return parsed.data;
}

let cached: Promise<RuntimeConfig> | null = null;

/** Fetched once per page; a failure is not cached, so a later call tries again. */
export function loadRuntimeConfig(doFetch: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<RuntimeConfig> {
  cached ??= (async () => {
    let res: Response;
    try {
      res = await doFetch('/runtime-config.json', { cache: 'no-store' });
    } catch {
      throw new RuntimeConfigError('Could not fetch /runtime-config.json: the Mango Biz server is unreachable.');
    }
    if (!res.ok) throw new RuntimeConfigError(`/runtime-config.json answered ${res.status}.`);
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new RuntimeConfigError('/runtime-config.json is not JSON.');
    }
    return parseRuntimeConfig(json);
  })().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

export function resetRuntimeConfigForTests(): void {
  cached = null;
}

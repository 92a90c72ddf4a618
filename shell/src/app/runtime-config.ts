import { issuePath, nonEmptyString } from '@mango/connect-shared';
import * as v from 'valibot';

/** One remote as the deploy names it; Vite-built remotes are ES modules. */
export const RemoteConfigSchema = v.object({
  name: v.pipe(v.string(), v.regex(/^[A-Za-z_$][\w$]*$/, 'a remote name must be a JavaScript identifier')),
  entry: nonEmptyString(),
  type: v.optional(v.literal('module'), 'module'),
});
export type RemoteConfig = v.InferOutput<typeof RemoteConfigSchema>;

/**
 * `/runtime-config.json`, written at deploy time by the edge API: where the remotes live and
 * where Connect is. Read once at start-up and validated here, at the boundary.
 */
export const RuntimeConfigSchema = v.object({
  remotes: v.objectWithRest({ connectHost: RemoteConfigSchema }, RemoteConfigSchema),
  connect: v.object({ sdkUrl: nonEmptyString(), apiUrl: nonEmptyString() }),
});
export type RuntimeConfig = v.InferOutput<typeof RuntimeConfigSchema>;

export class RuntimeConfigError extends Error {
  readonly code = 'ERR_RUNTIME_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeConfigError';
  }
}

export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  const parsed = v.safeParse(RuntimeConfigSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new RuntimeConfigError(`/runtime-config.json is invalid at "${issuePath(issue)}": ${issue.message}. Fix the deploy's runtime config.`);
  }
  return parsed.output;
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

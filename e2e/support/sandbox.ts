// Client for the Connect sandbox's test-only admin API (enabled by SANDBOX_ADMIN=1 in the test stack).
import { SANDBOX_URL } from './env';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${SANDBOX_URL}/__admin${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox admin ${method} ${path} answered ${res.status}: ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface ReceivedWebhook {
  id: string;
  event: string;
  entityId: string;
  storeId: string;
  signatureValid: boolean;
  duplicate: boolean;
  [key: string]: unknown;
}

export interface Fault {
  route: 'webhook' | 'sync' | 'provision' | 'auth' | 'sdk' | 'sdk-api' | '*';
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  drop?: boolean;
  rate?: number;
  count?: number;
  /** Answer this raw body (with `status`, default 200) instead of handling the request. */
  body?: string;
}

export const sandbox = {
  reset: () => call<void>('POST', '/reset'),
  webhooks: async () => unwrapList<ReceivedWebhook>(await call<unknown>('GET', '/webhooks')),
  syncBatches: async () => unwrapList<Record<string, unknown>>(await call<unknown>('GET', '/sync-batches')),
  tenants: async () => unwrapList<Record<string, unknown>>(await call<unknown>('GET', '/tenants')),
  clients: async (storeId: string) => unwrapList<Record<string, unknown>>(await call<unknown>('GET', `/tenants/${storeId}/clients`)),
  appointments: async (storeId: string) => unwrapList<Record<string, unknown>>(await call<unknown>('GET', `/tenants/${storeId}/appointments`)),
  fault: (f: Fault) => call<void>('POST', '/faults', f),
  clearFaults: () => call<void>('DELETE', '/faults'),
  expireTokens: () => call<void>('POST', '/expire-tokens', {}),
  sdkMode: (mode: 'ok' | '404' | 'throw' | 'missing-exports' | 'slow', latencyMs?: number) =>
    call<void>('POST', '/sdk-mode', latencyMs === undefined ? { mode } : { mode, latencyMs }),
};

/** The admin API may answer a bare array or `{ items }`; tests only care about the rows. */
function unwrapList<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const values = Object.values(body as Record<string, unknown>);
    const list = values.find(Array.isArray);
    if (list) return list as T[];
  }
  throw new Error(`sandbox admin answered something that is not a list: ${JSON.stringify(body).slice(0, 200)}`);
}

/**
 * Waits until at least `count` first-time (non-duplicate) webhooks whose data matches `pattern` have
 * reached the sandbox; returns every matching arrival, duplicates included, in arrival order.
 */
export async function waitForWebhooks(pattern: RegExp, count: number, timeoutMs = 45_000): Promise<ReceivedWebhook[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = (await sandbox.webhooks()).filter((w) => pattern.test(JSON.stringify(w.data)));
    if (rows.filter((r) => !r.duplicate).length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}
